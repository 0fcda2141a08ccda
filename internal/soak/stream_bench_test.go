package soak

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// streamShipments is how many shipments BenchmarkTrackStream refreshes.
const streamShipments = 1_000_000

// inProcessCarrier answers every number at once with a fresh shipment of
// six events, its strings copied so that each answer costs what a decoded
// one holds (about 2 KB): a carrier without the network, so that a million
// shipments take seconds rather than the better part of an hour at a
// provider's rate. With a batch limit it is a BatchTracker too.
type inProcessCarrier struct{ batch int }

// batchInProcess is inProcessCarrier as a BatchTracker.
type batchInProcess struct{ inProcessCarrier }

func (inProcessCarrier) ID() string { return "inproc" }

func (inProcessCarrier) Track(_ context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
	return sampleShipment(req.TrackingNumber), nil
}

func (b batchInProcess) BatchLimit() int { return b.batch }

func (batchInProcess) TrackBatch(_ context.Context, reqs []tracking.Request, _ credentials.Credential) ([]tracking.Result, error) {
	out := make([]tracking.Result, len(reqs))
	for i, r := range reqs {
		out[i] = tracking.Result{Request: r, Shipment: sampleShipment(r.TrackingNumber)}
	}
	return out, nil
}

var sampleTime = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)

// sampleShipment is a delivered shipment with six events, every string its
// own allocation as a decoder's would be.
func sampleShipment(number string) *tracking.Shipment {
	s := &tracking.Shipment{
		TrackingNumber: strings.Clone(number), Carrier: "inproc", Courier: strings.Clone("fedex"),
		Status: tracking.StatusDelivered, Summary: strings.Clone("Delivered, left at front door"),
		Raw:    tracking.RawStatus{Code: strings.Clone("DE"), Text: strings.Clone("Delivered")},
		Events: make([]tracking.Event, 6),
	}
	for i := range s.Events {
		s.Events[i] = tracking.Event{
			Time:        sampleTime.Add(-time.Duration(i) * time.Hour),
			LocalTime:   strings.Clone("2026-03-05T07:00:00-05:00"),
			Status:      tracking.StatusInTransit,
			Code:        strings.Clone("IT"),
			Description: strings.Clone("Departed FedEx location"),
			Location:    tracking.Location{City: strings.Clone("MEMPHIS"), State: strings.Clone("TN"), PostalCode: strings.Clone("38118"), Country: strings.Clone("US")},
		}
	}
	return s
}

// cursor yields n requests made on the fly, as rows from a database cursor
// would be: the input is never in memory as a whole.
func cursor(n int) iter.Seq[tracking.Request] {
	return func(yield func(tracking.Request) bool) {
		for i := range n {
			if !yield(tracking.Request{TrackingNumber: number("ST", i), Courier: "fedex"}) {
				return
			}
		}
	}
}

// BenchmarkTrackStream refreshes 1,000,000 shipments with
// Client.TrackStream from a sequence made on the fly, keeping no result,
// through an in-process carrier (one number per call, and batches of 100),
// concurrency 64, and reports:
//
//	peak-heap-MiB  peak HeapInuse during the run, sampled every 5 ms (goal < 32)
//	base-heap-MiB  HeapInuse before the run
//	shipments/s    shipments refreshed per second
func BenchmarkTrackStream(b *testing.B) {
	for _, bc := range []struct {
		name    string
		carrier tracking.Carrier
	}{
		{"single", inProcessCarrier{}},
		{"batch100", batchInProcess{inProcessCarrier{batch: 100}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			store := storeOf(b, credentials.Credential{Code: "main", Carrier: "inproc", Active: true, Default: true,
				Fields: map[string]credentials.Secret{"api_key": "k"}})
			client := newBenchClient(b, bc.carrier, store, 64)
			var peak, base uint64
			var perSecond float64
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				base = max(base, settledHeap())
				b.StartTimer()
				heap := sampleHeap(5 * time.Millisecond)
				start := time.Now()
				done := 0
				for _, r := range client.TrackStream(context.Background(), cursor(streamShipments)) {
					if r.Err != nil {
						b.Fatalf("%s: %v", r.Request.TrackingNumber, r.Err)
					}
					done++
				}
				perSecond += float64(done) / time.Since(start).Seconds()
				peak = max(peak, heap.Stop())
				if done != streamShipments {
					b.Fatalf("%d of %d shipments refreshed", done, streamShipments)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(peak)/mib, "peak-heap-MiB")
			b.ReportMetric(float64(base)/mib, "base-heap-MiB")
			b.ReportMetric(perSecond/float64(b.N), "shipments/s")
		})
	}
}
