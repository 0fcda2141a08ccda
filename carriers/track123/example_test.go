package track123_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
)

// Track a parcel through the client, with the credential from a store.
// The fake server stands in for https://api.track123.com.
func Example() {
	srv := track123test.NewServer()
	defer srv.Close()

	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "main", Carrier: track123.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_secret": track123test.APISecret},
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(track123.New(track123.WithBaseURL(srv.BaseURL()))),
		tracking.WithCredentials(store),
	)
	if err != nil {
		log.Fatal(err)
	}

	s, err := client.Track(context.Background(), tracking.Request{TrackingNumber: "9261290000000000000017", Courier: "usps"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, "on", s.DeliveredAt.Format("2006-01-02 15:04 MST"))
	fmt.Printf("Track123 said %s/%s: %s\n", s.Raw.Code, s.Raw.SubCode, s.Summary)
	for _, e := range s.Events[:3] {
		fmt.Printf("%s  %-16s %s, %s\n", e.Time.Format("Jan 02 15:04"), e.Status, e.Description, e.Location.City)
	}
	// Output:
	// delivered on 2026-02-25 18:02 UTC
	// Track123 said DELIVERED/DELIVERED_04: Delivered, Left with Individual / neighbor
	// Feb 25 18:02  delivered        Delivered, Left with Individual / neighbor, COLUMBUS, OH 43215
	// Feb 25 11:10  out_for_delivery Out for Delivery, COLUMBUS, OH 43215
	// Feb 25 03:45  in_transit       Arrived at Post Office, COLUMBUS, OH 43207
}

// By default a number Track123 does not know is answered with
// ErrNotFound, since registering uses up account quota;
// WithAutoRegister(true) registers it and answers it as pending.
func Example_autoRegister() {
	srv := track123test.NewServer()
	defer srv.Close()
	ctx := context.Background()

	strict := track123.New(track123.WithBaseURL(srv.BaseURL()))
	_, err := strict.Track(ctx, tracking.Request{TrackingNumber: "9400100000000000000002", Courier: "usps"}, srv.Credential())
	fmt.Println(errors.Is(err, tracking.ErrNotFound))

	carrier := track123.New(track123.WithBaseURL(srv.BaseURL()), track123.WithAutoRegister(true))
	s, err := carrier.Track(ctx, tracking.Request{TrackingNumber: "9400100000000000000001", Courier: "usps"}, srv.Credential())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, "-", s.Summary)
	// Output:
	// true
	// pending - registered with Track123; no information from the courier yet
}

// Walk every tracking registered in a time window, page by page: pages are
// fetched only as the loop asks for them.
func ExampleCarrier_ListMatching() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier := track123.New(track123.WithBaseURL(srv.BaseURL()))

	q := track123.Query{
		CreatedFrom: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		CreatedTo:   time.Date(2026, 3, 5, 23, 59, 59, 0, time.UTC),
		PageSize:    2,
	}
	for t, err := range carrier.ListMatching(context.Background(), q, srv.Credential()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-22s %-10s %-20s id %s\n", t.TrackingNumber, t.Courier, t.Status, t.ID)
	}
	fmt.Println(srv.Requests(), "requests")
	// Output:
	// NL000000001NL          postnl-3s  available_for_pickup id 229255084490768391
	// YT0000000000000002     yunexpress return_to_sender     id 229255084490768392
	// 9261290000000000000017 usps       delivered            id 229255084490768384
	// LV000000001CN          china_post available_for_pickup id 229255084490768391
	// 2 requests
}

// An import answers per item: a refused number is a Rejection, not an
// error of the call.
func ExampleCarrier_RegisterBatch() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier := track123.New(track123.WithBaseURL(srv.BaseURL()))

	res, err := carrier.RegisterBatch(context.Background(), []track123.Registration{
		{TrackingNumber: "9400100000000000000003", Courier: "usps", OrderNumber: "ORD-1"},
		{TrackingNumber: "LV000000001CN", Courier: "china-post"},
		{TrackingNumber: "SF0000000000099", Courier: "no-such-courier"},
	}, srv.Credential())
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range res.Accepted {
		fmt.Println("accepted", a.TrackingNumber, a.Courier)
	}
	for _, r := range res.Rejected {
		fmt.Println("rejected", r.Index, r.TrackingNumber, "duplicate:", r.Duplicate, "invalid:", errors.Is(r.Err, tracking.ErrInvalidRequest))
	}
	// Output:
	// accepted 9400100000000000000003 usps
	// rejected 1 LV000000001CN duplicate: true invalid: true
	// rejected 2 SF0000000000099 duplicate: false invalid: true
}

// Decode a webhook delivery that the webhook package has verified.
func ExampleParseWebhook() {
	body, err := os.ReadFile("testdata/webhook-track.json")
	if err != nil {
		log.Fatal(err)
	}
	shipments, err := track123.ParseWebhook(body)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range shipments {
		fmt.Println(s.TrackingNumber, s.Courier, s.Status, len(s.Events), "events")
	}
	// Output:
	// 9261290000000000000017 usps delivered 6 events
}

// The header-signed variant (signature in X-Track123-Signature, the
// tracking's fields at the top level) decodes into the same Shipment.
func ExampleParseWebhook_headerVariant() {
	body, err := os.ReadFile("testdata/webhook-app-track.json")
	if err != nil {
		log.Fatal(err)
	}
	shipments, err := track123.ParseWebhook(body)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range shipments {
		fmt.Println(s.TrackingNumber, s.Courier, s.Status, len(s.Events), "events", s.TrackingURL)
	}
	// Output:
	// RM000000001GB royal_mail delivered 3 events https://www.royalmail.com/track-your-item#RM000000001GB
}

// Errors match the SDK's sentinels whatever the carrier.
func Example_errors() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier := track123.New(track123.WithBaseURL(srv.BaseURL()))

	bad := srv.Credential()
	bad.Fields = map[string]credentials.Secret{"api_secret": "not-the-secret"}
	_, err := carrier.Track(context.Background(), tracking.Request{TrackingNumber: "LV000000001CN"}, bad)
	var apiErr *tracking.APIError
	fmt.Println(errors.Is(err, tracking.ErrUnauthorized), errors.As(err, &apiErr) && apiErr.Code == "A0230")
	// Output:
	// true true
}
