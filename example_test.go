package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// A client with one carrier (here a scripted one from trackingtest; in an
// application, say, track123.New()) and a store of credentials answers
// where a parcel is.
func Example() {
	acme := trackingtest.NewCarrier("acme")
	acme.Set("1Z999", &tracking.Shipment{
		Status:  tracking.StatusOutForDelivery,
		Summary: "Out for delivery",
		Events: []tracking.Event{
			{Time: time.Date(2025, 3, 2, 7, 5, 0, 0, time.UTC), Status: tracking.StatusOutForDelivery, Description: "On vehicle for delivery"},
			{Time: time.Date(2025, 3, 1, 18, 40, 0, 0, time.UTC), Status: tracking.StatusInTransit, Description: "Arrived at facility"},
		},
	}, nil)

	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "acme-main", Carrier: "acme", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": "your-key"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))
	if err != nil {
		fmt.Println(err)
		return
	}

	s, err := client.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Carrier, s.TrackingNumber, s.Status, "-", s.Summary)
	for _, e := range s.Events {
		fmt.Println(e.Time.Format(time.RFC3339), e.Status, e.Description)
	}
	// Output:
	// acme 1Z999 out_for_delivery - Out for delivery
	// 2025-03-02T07:05:00Z out_for_delivery On vehicle for delivery
	// 2025-03-01T18:40:00Z in_transit Arrived at facility
}

// Errors from every carrier match the same sentinels, and *APIError holds
// the details, such as how long the provider asked to wait.
func ExampleAPIError() {
	acme := trackingtest.NewCarrier("acme")
	acme.SetDefault(nil, &tracking.APIError{Carrier: "acme", StatusCode: http.StatusTooManyRequests, RetryAfter: 30 * time.Second})
	store, _ := credentials.NewMemoryStore(credentials.Credential{Code: "main", Carrier: "acme", Active: true, Default: true})
	client, _ := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))

	_, err := client.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	var apiErr *tracking.APIError
	switch {
	case errors.Is(err, tracking.ErrNotFound):
		fmt.Println("unknown number")
	case errors.Is(err, tracking.ErrRateLimited) && errors.As(err, &apiErr):
		fmt.Println("slow down; retry in", apiErr.RetryAfter)
	}
	fmt.Println(err)
	// Output:
	// slow down; retry in 30s
	// acme: rate limited (HTTP 429); retry after 30s; slow down or lower the carrier's rate limit
}

// The client resolves the credential before calling a carrier: a request
// naming an unknown carrier or lacking a usable credential fails with an
// error that says what to do.
func ExampleClient_Track_errors() {
	acme := trackingtest.NewCarrier("acme")
	store, _ := credentials.NewMemoryStore(credentials.Credential{Code: "old", Carrier: "acme", Active: false, Default: true})
	client, _ := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))
	ctx := context.Background()

	_, err := client.Track(ctx, tracking.Request{TrackingNumber: "1Z999", Carrier: "fedex"})
	fmt.Println(errors.Is(err, tracking.ErrUnknownCarrier))
	_, err = client.Track(ctx, tracking.Request{TrackingNumber: "1Z999"})
	fmt.Println(errors.Is(err, credentials.ErrInactive))
	_, err = client.Track(ctx, tracking.Request{TrackingNumber: " "})
	fmt.Println(errors.Is(err, tracking.ErrInvalidRequest))
	fmt.Println(len(acme.Calls()), "calls reached the carrier")
	// Output:
	// true
	// true
	// true
	// 0 calls reached the carrier
}

// Final tells whether a shipment can still change, for instance to stop
// polling it.
func ExampleStatus_Final() {
	for _, s := range []tracking.Status{tracking.StatusInTransit, tracking.StatusDelivered, tracking.StatusExpired} {
		fmt.Println(s, s.Final())
	}
	// Output:
	// in_transit false
	// delivered true
	// expired true
}

// ParseStatus reads a status stored as text, refusing anything else.
func ExampleParseStatus() {
	s, err := tracking.ParseStatus("out_for_delivery")
	fmt.Println(s, err)
	_, err = tracking.ParseStatus("Delivered")
	fmt.Println(errors.Is(err, tracking.ErrInvalidRequest))
	// Output:
	// out_for_delivery <nil>
	// true
}

// SortEvents puts events newest first, those without a time last.
func ExampleSortEvents() {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	events := []tracking.Event{
		{Time: day(1), Description: "picked up"},
		{Description: "note without a time"},
		{Time: day(3), Description: "delivered"},
		{Time: day(2), Description: "in transit"},
	}
	tracking.SortEvents(events)
	for _, e := range events {
		fmt.Println(e.Description)
	}
	// Output:
	// delivered
	// in transit
	// picked up
	// note without a time
}

// TrackStream reads the requests as the work goes, from any iter.Seq: here
// a stand-in for rows of a database cursor. It holds memory in proportion
// to the concurrency and the batch sizes, not to the number of rows, and
// yields each result with the request's position in the sequence.
func ExampleClient_TrackStream() {
	acme := trackingtest.NewCarrier("acme")
	acme.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	acme.Set("LOST-1", nil, tracking.ErrNotFound)
	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "acme-main", Carrier: "acme", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": "your-key"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))
	if err != nil {
		fmt.Println(err)
		return
	}

	numbers := []string{"1Z001", "1Z002", "LOST-1", "1Z004"} // the table's rows
	rows := func(yield func(tracking.Request) bool) {
		for _, n := range numbers { // for cursor.Next() { ... }
			if !yield(tracking.Request{TrackingNumber: n}) {
				return
			}
		}
	}
	status := make([]string, len(numbers)) // in an application: an UPDATE per result
	for i, r := range client.TrackStream(context.Background(), rows) {
		if errors.Is(r.Err, tracking.ErrNotFound) {
			status[i] = "not found"
			continue
		}
		status[i] = string(r.Shipment.Status)
	}
	for i, s := range status {
		fmt.Println(numbers[i], s)
	}
	// Output:
	// 1Z001 in_transit
	// 1Z002 in_transit
	// LOST-1 not found
	// 1Z004 in_transit
}
