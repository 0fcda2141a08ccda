package tracking_test

import (
	"fmt"
	"time"

	"github.com/parcelkit/tracking"
)

// Compare tells what a fresh answer adds to the last one: here the
// provider re-sends yesterday's scan in another zone and case, and adds
// one new scan.
func ExampleCompare() {
	eta := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	last := &tracking.Shipment{
		Status:            tracking.StatusInTransit,
		EstimatedDelivery: &eta,
		Events: []tracking.Event{
			{Time: time.Date(2026, 3, 1, 18, 40, 0, 0, time.UTC), Status: tracking.StatusInTransit, Description: "Arrived at facility"},
		},
	}
	sooner := eta.Add(-24 * time.Hour)
	fresh := &tracking.Shipment{
		Status:            tracking.StatusOutForDelivery,
		EstimatedDelivery: &sooner,
		Events: []tracking.Event{
			{Time: time.Date(2026, 3, 2, 7, 5, 0, 0, time.UTC), Status: tracking.StatusOutForDelivery, Description: "On vehicle for delivery"},
			{Time: time.Date(2026, 3, 1, 13, 40, 0, 0, time.FixedZone("EST", -5*3600)), Description: "ARRIVED AT FACILITY"},
		},
	}

	c := tracking.Compare(last, fresh)
	for _, e := range c.Events {
		fmt.Println("new event:", e.Description)
	}
	if c.Status != nil {
		fmt.Println("status:", c.Status.From, "->", c.Status.To)
	}
	if c.ETA != nil {
		fmt.Println("ETA:", c.ETA.From.Format(time.DateOnly), "->", c.ETA.To.Format(time.DateOnly))
	}
	fmt.Println("final:", c.Final)
	// Output:
	// new event: On vehicle for delivery
	// status: in_transit -> out_for_delivery
	// ETA: 2026-03-03 -> 2026-03-02
	// final: false
}

// Merge joins a poll and a late webhook into one history: the webhook's
// older scan is kept once, and the delivered status stays.
func ExampleMerge() {
	poll := &tracking.Shipment{
		Carrier: "track123",
		Status:  tracking.StatusDelivered,
		Events: []tracking.Event{
			{Time: time.Date(2026, 2, 25, 18, 2, 44, 0, time.UTC), Status: tracking.StatusDelivered, Description: "Delivered, Left with Individual"},
			{Time: time.Date(2026, 2, 25, 11, 10, 0, 0, time.UTC), Status: tracking.StatusOutForDelivery, Description: "Out for Delivery"},
		},
	}
	lateWebhook := &tracking.Shipment{
		Carrier: "shipengine",
		Status:  tracking.StatusOutForDelivery,
		Events: []tracking.Event{
			{Time: time.Date(2026, 2, 25, 11, 10, 0, 250e6, time.UTC), Status: tracking.StatusOutForDelivery, Code: "OD", Description: "out for delivery "},
			{Time: time.Date(2026, 2, 25, 3, 45, 0, 0, time.UTC), Status: tracking.StatusInTransit, Code: "IT", Description: "Arrived at Post Office"},
		},
	}

	m := tracking.Merge(poll, lateWebhook)
	fmt.Println(m.Status, "via", m.Carrier)
	for _, e := range m.Events {
		fmt.Println(e.Time.Format(time.DateTime), e.Description)
	}
	// Output:
	// delivered via track123
	// 2026-02-25 18:02:44 Delivered, Left with Individual
	// 2026-02-25 11:10:00 Out for Delivery
	// 2026-02-25 03:45:00 Arrived at Post Office
}

// Identity is what makes two versions of a scan the same event; it can be
// stored to remember which events a customer was told about.
func ExampleEvent_Identity() {
	a := tracking.Event{Time: time.Date(2026, 2, 25, 18, 2, 44, 0, time.UTC), Code: "DE", Description: "Delivered,  Left with Individual"}
	b := tracking.Event{Time: time.Date(2026, 2, 25, 13, 2, 44, 900e6, time.FixedZone("EST", -5*3600)), Code: "DELIVERED_04", Description: "DELIVERED, LEFT WITH INDIVIDUAL"}
	fmt.Println(a.Identity())
	fmt.Println(tracking.SameEvent(a, b))
	// Output:
	// 2026-02-25T18:02:44Z "delivered, left with individual"
	// true
}
