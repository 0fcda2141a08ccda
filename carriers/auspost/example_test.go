package auspost_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/credentials"
)

// Tracking one Australia Post parcel. The fake server stands in for
// https://digitalapi.auspost.com.au; in production leave WithBaseURL out.
func Example() {
	srv := ausposttest.NewServer()
	defer srv.Close()

	carrier := auspost.New(auspost.WithBaseURL(srv.BaseURL()))
	s, err := carrier.Track(context.Background(), tracking.Request{TrackingNumber: "7XX1000000000001"}, srv.Credential())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Carrier, s.TrackingNumber, s.Status, s.DeliveredAt.Format("2006-01-02 15:04 MST"))
	for _, e := range s.Events {
		fmt.Printf("%s  %-16s %-3s %s\n", e.Time.Format("01-02 15:04"), e.Status, e.Location.State, e.Description)
	}
	// Output:
	// auspost 7XX1000000000001 delivered 2026-02-27 03:43 UTC
	// 02-27 03:43  delivered        NSW Delivered
	// 02-26 19:08  out_for_delivery NSW With Australia Post for delivery today
	// 02-26 10:30  unknown          NSW Item processed at facility
	// 02-25 06:12  unknown          VIC Received and ready for processing
	// 02-24 03:27  info_received        Shipping information approved by Australia Post
}

// A StarTrack consignment: the StarTrack carrier uses a StarTrack
// account's credential. Detail shows every level's status text; the items
// decide the shipment's status.
func ExampleNewStarTrack() {
	srv := ausposttest.NewServer()
	defer srv.Close()

	carrier := auspost.NewStarTrack(auspost.WithBaseURL(srv.BaseURL()))
	d, err := carrier.Detail(context.Background(), tracking.Request{TrackingNumber: "5XXX00000001"}, srv.StarTrackCredential())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Shipment.Carrier, d.Shipment.Status, "from", d.Shipment.Raw.Text)
	fmt.Println("consignment:", d.ConsignmentStatus)
	for _, it := range d.Items {
		fmt.Println("item", it.ArticleID, it.Status, len(it.Events), "events")
	}
	// Output:
	// startrack in_transit from In Transit
	// consignment: Awaiting Collection
	// item 5XXX00000001FPP00001 in_transit 0 events
	// item 5XXX00000001FPP00002 in_transit 1 events
}

// Several ids in one call (up to 10; more are chunked). Each id has its own
// result: an unknown one fails alone with tracking.ErrNotFound.
func ExampleCarrier_TrackBatch() {
	srv := ausposttest.NewServer()
	defer srv.Close()

	carrier := auspost.New(auspost.WithBaseURL(srv.BaseURL()))
	results, err := carrier.TrackBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "7XX1000000000001"},
		{TrackingNumber: "7XX1000"},
		{TrackingNumber: "7XX1000000000002"},
	}, srv.Credential())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		switch {
		case errors.Is(r.Err, tracking.ErrNotFound):
			fmt.Println(r.Request.TrackingNumber, "not found")
		case r.Err != nil:
			fmt.Println(r.Request.TrackingNumber, r.Err)
		default:
			fmt.Println(r.Request.TrackingNumber, r.Shipment.Status, "("+r.Shipment.Raw.Text+")")
		}
	}
	fmt.Println("calls:", len(srv.Calls()))
	// Output:
	// 7XX1000000000001 delivered (Delivered)
	// 7XX1000 not found
	// 7XX1000000000002 available_for_pickup (awaiting collection)
	// calls: 1
}

// Both networks behind one client: each request names its carrier, and
// TrackMany sends each carrier's ids with its own credential, never mixed.
func Example_client() {
	srv := ausposttest.NewServer()
	defer srv.Close()

	store, err := credentials.NewMemoryStore(srv.Credential(), srv.StarTrackCredential())
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(auspost.New(auspost.WithBaseURL(srv.BaseURL()))),
		tracking.WithCarrier(auspost.NewStarTrack(auspost.WithBaseURL(srv.BaseURL()))),
		tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false), // the fake's ids are synthetic: no valid check digit
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range client.TrackMany(context.Background(), []tracking.Request{
		{Carrier: auspost.ID, TrackingNumber: "7XX1000000000003"},
		{Carrier: auspost.StarTrackID, TrackingNumber: "5XXX00000001"},
		{Carrier: auspost.ID, TrackingNumber: "ET000000001AU"},
	}) {
		fmt.Println(r.Request.Carrier, r.Request.TrackingNumber, r.Shipment.Status, r.Err)
	}
	// Output:
	// auspost 7XX1000000000003 exception <nil>
	// startrack 5XXX00000001 in_transit <nil>
	// auspost ET000000001AU unknown <nil>
}

// Re-mapping a status the provider leaves uncertain: on StarTrack,
// "Awaiting collection" may mean the sender awaits pickup.
func ExampleWithStatusMapping() {
	srv := ausposttest.NewServer()
	defer srv.Close()
	if err := srv.AddArticle(ausposttest.NetworkStarTrack, "5XXX00000009", "Awaiting collection"); err != nil {
		fmt.Println(err)
		return
	}

	carrier := auspost.NewStarTrack(
		auspost.WithBaseURL(srv.BaseURL()),
		auspost.WithStatusMapping(map[string]tracking.Status{"Awaiting collection": tracking.StatusInfoReceived}),
	)
	s, err := carrier.Track(context.Background(), tracking.Request{TrackingNumber: "5XXX00000009"}, srv.StarTrackCredential())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Status, "("+s.Raw.Text+")")
	// Output: info_received (Awaiting collection)
}

func ExampleMapStatus() {
	for _, text := range []string{"In Transit", "  on board   for DELIVERY ", "Delivered in Full", "Sorted at facility"} {
		fmt.Printf("%q: %s\n", text, auspost.MapStatus(text))
	}
	// Output:
	// "In Transit": in_transit
	// "  on board   for DELIVERY ": out_for_delivery
	// "Delivered in Full": delivered
	// "Sorted at facility": unknown
}
