package tracking_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/couriers"
	"github.com/parcelkit/tracking/credentials"
)

// The examples below run a real carrier (its adapter, transport and
// decoding) against its fake server. srv.Carrier() hands back the carrier
// pointed at the fake, with its local rate limit lifted, and the credential
// the fake accepts; against the provider, use track123.New() and your own
// credential instead.

// TrackMany refreshes many shipments at once and returns one Result per
// request, in input order. Track123 has a batch endpoint, so the four
// numbers go out in one query; a number Track123 does not track is that
// Result's error.
func ExampleClient_TrackMany() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier, cred := srv.Carrier()
	store, _ := credentials.NewMemoryStore(cred)
	client, _ := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit

	reqs := []tracking.Request{
		{TrackingNumber: track123test.NumberDelivered},
		{TrackingNumber: track123test.NumberPickup},
		{TrackingNumber: track123test.NumberReturning},
		{TrackingNumber: track123test.NumberUnknown},
	}
	for _, r := range client.TrackMany(context.Background(), reqs) {
		if errors.Is(r.Err, tracking.ErrNotFound) {
			fmt.Println(r.Request.TrackingNumber, "not tracked: register it first")
			continue
		}
		fmt.Println(r.Shipment.TrackingNumber, r.Shipment.Courier, r.Shipment.Status)
	}
	fmt.Println("queries sent:", srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/query"))
	// Output:
	// 9261290000000000000017 usps delivered
	// LV000000001CN china_post available_for_pickup
	// YT0000000000000002 yunexpress return_to_sender
	// 620300000000 not tracked: register it first
	// queries sent: 1
}

// TrackEach yields each result as soon as it completes, with the request's
// position, so that work can start before the slowest provider answers.
// Requests are grouped by carrier and credential: here Track123 and
// Tracktry each get one batch. The loop stores each result at its position
// (in an application: an UPDATE per result), since completion order varies.
func ExampleClient_TrackEach() {
	t123 := track123test.NewServer()
	defer t123.Close()
	ttry := tracktrytest.NewServer()
	defer ttry.Close()
	c123, cred123 := t123.Carrier()
	ctry, credtry := ttry.Carrier()
	store, _ := credentials.NewMemoryStore(cred123, credtry)
	client, _ := tracking.NewClient(tracking.WithCarrier(c123), tracking.WithCarrier(ctry),
		tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit

	reqs := []tracking.Request{
		{Carrier: track123.ID, TrackingNumber: track123test.NumberDelivered},
		{Carrier: tracktry.ID, TrackingNumber: tracktrytest.NumberInTransit},
		{Carrier: track123.ID, TrackingNumber: track123test.NumberExpired},
		{Carrier: tracktry.ID, TrackingNumber: tracktrytest.NumberException},
	}
	status := make([]string, len(reqs))
	for i, r := range client.TrackEach(context.Background(), reqs) {
		if r.Err != nil {
			status[i] = r.Err.Error()
			continue
		}
		status[i] = r.Shipment.Carrier + " " + string(r.Shipment.Status)
	}
	for i, s := range status {
		fmt.Println(reqs[i].TrackingNumber, s)
	}
	// Output:
	// 9261290000000000000017 track123 delivered
	// LX000000002CN tracktry in_transit
	// LX000000003CN track123 expired
	// UB000000003CN tracktry exception
}

// Aggregators such as Track123 answer only for numbers registered with
// them. Track does not register an unknown number by default (each
// registration spends quota the provider may charge for): Register does,
// with the same credential resolution as Track, and the number is then
// tracked, pending until the courier's first scan.
func ExampleClient_Register() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier, cred := srv.Carrier()
	store, _ := credentials.NewMemoryStore(cred)
	client, _ := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store))
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: track123test.NumberUnknown, Courier: couriers.USPS}

	_, err := client.Track(ctx, req)
	fmt.Println("before Register, not found:", errors.Is(err, tracking.ErrNotFound))

	if err := client.Register(ctx, req); err != nil {
		fmt.Println(err)
		return
	}
	s, err := client.Track(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after Register:", s.TrackingNumber, s.Status)
	// Output:
	// before Register, not found: true
	// after Register: 620300000000 pending
}

// List walks the trackings an account holds at the provider, fetching
// pages as the loop consumes them; breaking out of the loop sends no
// further request. The account is chosen as for Track: here the Track123
// carrier and its default credential. ListOptions filters them, here by
// status. Shipment.Courier is the canonical courier ID where the carrier's
// table knows the provider's code (china_post), and the provider's own code
// otherwise (postnl-3s).
func ExampleClient_List() {
	srv := track123test.NewServer()
	defer srv.Close()
	carrier, cred := srv.Carrier()
	store, _ := credentials.NewMemoryStore(cred)
	client, _ := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store))

	from := tracking.Request{Carrier: track123.ID}
	opts := tracking.ListOptions{Status: tracking.StatusAvailableForPickup, PageSize: 2}
	for s, err := range client.List(context.Background(), from, opts) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(s.TrackingNumber, s.Courier, s.Status)
	}
	// Output:
	// NL000000001NL postnl-3s available_for_pickup
	// LV000000001CN china_post available_for_pickup
}
