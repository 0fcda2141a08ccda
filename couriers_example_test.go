package tracking_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
)

// One request, two providers: Request.Courier is a canonical courier ID
// (package couriers), which each carrier translates to its provider's own
// code (ShipEngine's dhl_express, Tracktry's dhl), and each Shipment names
// the courier by the same canonical ID. Switching or falling back from
// one provider to another needs no change to the application's data.
// twoProviders returns a client with ShipEngine and Tracktry carriers
// backed by their fakes, both tracking the DHL Express waybill 3318810025,
// and a function that stops the fakes.
func twoProviders() (*tracking.Client, func(), error) {
	se := shipenginetest.NewServer()
	se.AddTracking("dhl_express", "3318810025",
		[]byte(`{"tracking_number":"3318810025","carrier_code":"dhl_express","status_code":"IT","status_description":"In Transit","events":[]}`))
	tt := tracktrytest.NewServer()
	tt.Add("dhl", "3318810025", "transit", "")
	stop := func() { se.Close(); tt.Close() }

	store, err := credentials.NewMemoryStore(se.Credential(), tt.Credential())
	if err != nil {
		stop()
		return nil, nil, err
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(se.BaseURL()))),
		tracking.WithCarrier(tracktry.New(tracktry.WithBaseURL(tt.BaseURL()))),
		tracking.WithCredentials(store),
	)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return client, stop, nil
}

func Example_canonicalCourier() {
	client, stop, err := twoProviders()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	req := tracking.Request{TrackingNumber: "3318810025", Courier: "dhl"}
	for _, carrier := range []string{shipengine.ID, tracktry.ID} {
		req.Carrier = carrier
		s, err := client.Track(context.Background(), req)
		if err != nil {
			fmt.Println(carrier, err)
			continue
		}
		fmt.Println(s.Carrier, s.Courier, s.Status)
	}
	// Output:
	// shipengine dhl in_transit
	// tracktry dhl in_transit
}

// Without a courier, the client detects it from the number for carriers
// that need one (a DHL Express waybill: ten digits, mod 7 check digit),
// and refuses a number whose check digit fails before any provider spends
// quota on it.
func Example_courierDetection() {
	client, stop, err := twoProviders()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	ctx := context.Background()
	for _, carrier := range []string{shipengine.ID, tracktry.ID} {
		s, err := client.Track(ctx, tracking.Request{Carrier: carrier, TrackingNumber: "3318810025"})
		if err != nil {
			fmt.Println(carrier, err)
			continue
		}
		fmt.Println(s.Carrier, s.Courier, s.Status)
	}
	_, err = client.Track(ctx, tracking.Request{Carrier: tracktry.ID, TrackingNumber: "1Z 879E 9303 4683 4441"})
	fmt.Println(errors.Is(err, tracking.ErrInvalidRequest))
	fmt.Println(err)
	// Output:
	// shipengine dhl in_transit
	// tracktry dhl in_transit
	// true
	// tracking: "1Z 879E 9303 4683 4441" fails the ups_1z check digit (UPS); check the number for a typo, or set Request.Courier: tracking: invalid request
}
