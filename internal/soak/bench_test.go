package soak

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
)

// benchShipments is how many shipments one iteration refreshes.
const benchShipments = 10_000

// The limits the benchmarks run at, chosen so that one iteration takes
// 10 to 20 seconds.
const (
	// ShipEngine tracks one number per call: 10,000 calls at 1000 per
	// second take 10 s. 64 calls in flight cover up to 64 ms of latency
	// per call at that rate.
	benchShipEngineRate        = 1000.0
	benchShipEngineConcurrency = 64

	// Track123 takes 100 numbers per query and allows 5 queries per
	// second per endpoint (its documented limit and the carrier's
	// default): 100 queries take 20 s. Eight in flight (the client's
	// default) cover a query that takes up to 1.6 s: the fake scans its
	// 10,000 trackings for each number, so a query can take most of a
	// second on a loaded machine.
	benchTrack123Concurrency = 8
	// track123test scans all its trackings for every number asked, so a
	// query of 100 against 10,000 trackings costs the fake's process about
	// a core at 5 queries per second, and on a shared 2-core machine the
	// fake, not the client, set the pace. Against 1,000 trackings it costs
	// a tenth of that; the client's work is the same (10,000 shipments,
	// 100 per query).
	benchTrack123Distinct = 1_000
)

// atLimit is one benchmark: a fake in a child process enforcing rate per
// second, and a client paced at the same rate.
type atLimit struct {
	fake      *fakeProcess
	reqs      []tracking.Request
	rate      float64 // requests per second, the fake's and the carrier's
	fakeBurst int
	// newClient builds a fresh client (so a fresh limiter) over base.
	newClient func(b *testing.B, base http.RoundTripper) *tracking.Client
	// stream refreshes with TrackEach and keeps no result, as a bulk
	// refresh that stores each answer as it comes would: the heap is then
	// the SDK's own working set, without the 10,000 results.
	stream bool
}

// BenchmarkTrackManyAtLimit refreshes 10,000 shipments with TrackMany
// against a fake enforcing R requests per second, the carrier configured
// at the same R (shipengine: one number per call; shipengine_stream: the
// same with TrackEach, keeping no result; track123_batch: 100 numbers per
// call through the BatchTracker, 10,000 requests over 1,000 numbers), and
// reports:
//
//	throughput/R   successful requests per second over R (goal >= 0.95)
//	429s           rate-limit answers the fake served (goal 0)
//	peak-req-in-1s the most requests the fake saw within one second
//	peak-heap-MiB  peak HeapInuse during the run, sampled every 5 ms (goal < 35)
//	peak-live-MiB  the most the garbage collector found live during the run
//	               (/gc/heap/live:bytes): peak-heap-MiB without its headroom
//	base-heap-MiB  HeapInuse before the run (the requests, the test binary)
//	results-heap-MiB HeapInuse after the run and a GC, the results still held
//	shipments/s    shipments refreshed per second
//
// The fake runs in a child process, so that the heap measured is the
// client's and the results' alone; B/op and allocs/op are the client's
// too, for the whole refresh.
func BenchmarkTrackManyAtLimit(b *testing.B) {
	b.Run("shipengine", func(b *testing.B) {
		fake := startFakeProcess(b, "shipengine", benchShipments)
		store := storeOf(b, shipengineCredential())
		runAtLimit(b, atLimit{
			fake:      fake,
			reqs:      shipEngineRequests(shipEngineDelivered, benchShipEnginePrefix, benchShipments),
			rate:      benchShipEngineRate,
			fakeBurst: serverBurst(shipengine.DefaultBurst, benchShipEngineConcurrency),
			newClient: func(b *testing.B, base http.RoundTripper) *tracking.Client {
				carrier := shipengine.New(
					shipengine.WithBaseURL(fake.Base),
					shipengine.WithHTTPClient(&http.Client{Transport: base}),
					shipengine.WithRateLimit(rate.Limit(benchShipEngineRate), shipengine.DefaultBurst),
				)
				return newBenchClient(b, carrier, store, benchShipEngineConcurrency)
			},
		})
	})
	b.Run("shipengine_stream", func(b *testing.B) {
		fake := startFakeProcess(b, "shipengine", benchShipments)
		store := storeOf(b, shipengineCredential())
		runAtLimit(b, atLimit{
			fake:      fake,
			reqs:      shipEngineRequests(shipEngineDelivered, benchShipEnginePrefix, benchShipments),
			rate:      benchShipEngineRate,
			fakeBurst: serverBurst(shipengine.DefaultBurst, benchShipEngineConcurrency),
			newClient: func(b *testing.B, base http.RoundTripper) *tracking.Client {
				carrier := shipengine.New(
					shipengine.WithBaseURL(fake.Base),
					shipengine.WithHTTPClient(&http.Client{Transport: base}),
					shipengine.WithRateLimit(rate.Limit(benchShipEngineRate), shipengine.DefaultBurst),
				)
				return newBenchClient(b, carrier, store, benchShipEngineConcurrency)
			},
			stream: true,
		})
	})
	b.Run("track123_batch", func(b *testing.B) {
		fake := startFakeProcess(b, "track123", benchTrack123Distinct)
		store := storeOf(b, track123Credential())
		// 10,000 requests over the fake's 1,000 numbers, each batch of 100
		// holding distinct numbers.
		distinct := track123Requests(benchTrack123Prefix, benchTrack123Distinct)
		reqs := make([]tracking.Request, benchShipments)
		for i := range reqs {
			reqs[i] = distinct[i%len(distinct)]
		}
		runAtLimit(b, atLimit{
			fake:      fake,
			reqs:      reqs,
			rate:      float64(track123.DefaultRate),
			fakeBurst: serverBurst(track123.DefaultBurst, benchTrack123Concurrency),
			newClient: func(b *testing.B, base http.RoundTripper) *tracking.Client {
				carrier := track123.New(
					track123.WithBaseURL(fake.Base),
					track123.WithHTTPClient(&http.Client{Transport: base}),
					track123.WithRateLimit(track123.DefaultRate, track123.DefaultBurst),
				)
				return newBenchClient(b, carrier, store, benchTrack123Concurrency)
			},
		})
	})
}

// shipengineCredential is the credential the ShipEngine fake accepts,
// taken from a fake of this process (the child's accepts the same).
func shipengineCredential() credentials.Credential {
	srv := shipenginetest.NewServer()
	defer srv.Close()
	return srv.Credential()
}

// track123Credential is the credential the Track123 fake accepts.
func track123Credential() credentials.Credential {
	srv := track123test.NewServer(track123test.WithoutSeed())
	defer srv.Close()
	return srv.Credential()
}

func storeOf(b testing.TB, cred credentials.Credential) credentials.Store {
	b.Helper()
	store, err := credentials.NewMemoryStore(cred)
	if err != nil {
		b.Fatal(err)
	}
	return store
}

func newBenchClient(b testing.TB, carrier tracking.Carrier, store credentials.Store, concurrency int) *tracking.Client {
	b.Helper()
	client, err := tracking.NewClient(
		tracking.WithCarrier(carrier),
		tracking.WithCredentials(store),
		tracking.WithConcurrency(concurrency),
	)
	if err != nil {
		b.Fatal(err)
	}
	return client
}

// runAtLimit runs b.N refreshes, each with a fresh client and a fresh
// limit on the fake, and reports the averages (of the heap: the most).
func runAtLimit(b *testing.B, bench atLimit) {
	var (
		ratioSum, shipmentsSum float64
		served429              int
		peakHeap, baseHeap     uint64
		peakLive, resultsHeap  uint64
		peakRate               int
	)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if err := bench.fake.limit(bench.rate, bench.fakeBurst); err != nil {
			b.Fatal(err)
		}
		base := newBase()
		client := bench.newClient(b, base)
		baseHeap = max(baseHeap, settledHeap())
		b.StartTimer()

		var (
			results []tracking.Result
			done    int
			failed  error
		)
		heap := sampleHeap(5 * time.Millisecond)
		start := time.Now()
		if bench.stream {
			for _, r := range client.TrackEach(context.Background(), bench.reqs) {
				done++
				if r.Err != nil && failed == nil {
					failed = fmt.Errorf("%s: %w", r.Request.TrackingNumber, r.Err)
				}
			}
		} else {
			results = client.TrackMany(context.Background(), bench.reqs)
		}
		elapsed := time.Since(start)
		peakHeap = max(peakHeap, heap.Stop())
		peakLive = max(peakLive, heap.live)

		b.StopTimer()
		resultsHeap = max(resultsHeap, settledHeap()) // the results still held
		runtime.KeepAlive(results)
		base.CloseIdleConnections()
		for _, r := range results {
			done++
			if r.Err != nil && failed == nil {
				failed = fmt.Errorf("%s: %w", r.Request.TrackingNumber, r.Err)
			}
		}
		if failed != nil || done != len(bench.reqs) {
			b.Fatalf("%d of %d shipments refreshed; first error: %v", done, len(bench.reqs), failed)
		}
		st, err := bench.fake.stats()
		if err != nil {
			b.Fatal(err)
		}
		if limit := int(bench.rate) + bench.fakeBurst; st.PeakPerSecond > limit {
			b.Errorf("the fake saw %d requests within one second, above its limit %v + burst %d",
				st.PeakPerSecond, bench.rate, bench.fakeBurst)
		}
		ratioSum += float64(st.OK) / elapsed.Seconds() / bench.rate
		shipmentsSum += float64(done) / elapsed.Seconds()
		served429 += st.RateLimited
		peakRate = max(peakRate, st.PeakPerSecond)
		b.StartTimer()
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(ratioSum/n, "throughput/R")
	b.ReportMetric(float64(served429)/n, "429s")
	b.ReportMetric(float64(peakRate), "peak-req-in-1s")
	b.ReportMetric(float64(peakHeap)/mib, "peak-heap-MiB")
	b.ReportMetric(float64(baseHeap)/mib, "base-heap-MiB")
	b.ReportMetric(float64(resultsHeap)/mib, "results-heap-MiB")
	b.ReportMetric(float64(peakLive)/mib, "peak-live-MiB")
	b.ReportMetric(shipmentsSum/n, "shipments/s")
}
