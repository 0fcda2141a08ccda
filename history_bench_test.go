package tracking_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
)

// benchShipments returns two 50-event answers about one parcel, as a poll
// after a webhook sees them: next has one scan prev lacks, and the 49
// others re-sent in other case, zone and precision by another provider.
func benchShipments() (prev, next *tracking.Shipment) {
	descs := []string{"Arrived at USPS Regional Facility", "Departed USPS Regional Facility", "In Transit to Next Facility", "Processed through Facility", "Accepted at USPS Origin Facility"}
	events := make([]tracking.Event, 51)
	for i := range events {
		at := t0.Add(-time.Duration(i) * 97 * time.Minute)
		events[i] = tracking.Event{
			Time: at, LocalTime: at.In(est).Format("2006-01-02 15:04:05"), Status: tracking.StatusInTransit, Code: "IN_TRANSIT_01",
			Description: fmt.Sprintf("%s %d", descs[i%len(descs)], i), Location: tracking.Location{City: "INDIANAPOLIS IN NETWORK DISTRIBUTION CENTER"},
		}
	}
	eta := t0.Add(24 * time.Hour)
	prev = &tracking.Shipment{Status: tracking.StatusInTransit, EstimatedDelivery: &eta, Events: events[1:]}
	next = &tracking.Shipment{Status: tracking.StatusOutForDelivery, EstimatedDelivery: &eta, Events: make([]tracking.Event, 50)}
	next.Events[0] = events[0]
	for i, e := range events[1:50] {
		next.Events[i+1] = resent(e)
	}
	return prev, next
}

// BenchmarkCompare is Compare on two 50-event answers (issue 12: under
// 20 µs). See BENCHMARKS.md.
func BenchmarkCompare(b *testing.B) {
	prev, next := benchShipments()
	if c := tracking.Compare(prev, next); len(c.Events) != 1 || c.Status == nil {
		b.Fatalf("Compare found %d new events and status change %v; want 1 and one", len(c.Events), c.Status)
	}
	b.ReportAllocs()
	for b.Loop() {
		tracking.Compare(prev, next)
	}
}

// BenchmarkMerge is Merge on the same two answers.
func BenchmarkMerge(b *testing.B) {
	prev, next := benchShipments()
	if m := tracking.Merge(prev, next); len(m.Events) != 51 {
		b.Fatalf("Merge kept %d events, want 51", len(m.Events))
	}
	b.ReportAllocs()
	for b.Loop() {
		tracking.Merge(prev, next)
	}
}
