package shipengine_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/credentials"
)

// Track a parcel through the client, with the credential from a store.
// The fake server stands in for https://api.shipengine.com.
func Example() {
	srv := shipenginetest.NewServer()
	defer srv.Close()

	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "main", Carrier: shipengine.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": shipenginetest.APIKey},
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(srv.BaseURL()))),
		tracking.WithCredentials(store),
	)
	if err != nil {
		log.Fatal(err)
	}

	// Courier is ShipEngine's carrier_code; it is required.
	s, err := client.Track(context.Background(), tracking.Request{TrackingNumber: "794600000012", Courier: "fedex"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, "on", s.DeliveredAt.Format("2006-01-02 15:04 MST"))
	fmt.Printf("ShipEngine said %s/%s: %s\n", s.Raw.Code, s.Raw.SubCode, s.Summary)
	for _, e := range s.Events[:3] {
		fmt.Printf("%s  %-16s %s, %s\n", e.Time.Format("Jan 02 15:04"), e.Status, e.Description, e.Location.City)
	}
	// Output:
	// delivered on 2026-03-05 20:21 UTC
	// ShipEngine said DE/DELIVERED: Your parcel has been successfully delivered.
	// Mar 05 20:21  delivered        Delivered, AUSTIN
	// Mar 05 13:05  out_for_delivery On FedEx vehicle for delivery, AUSTIN
	// Mar 04 22:40  in_transit       At local FedEx facility, AUSTIN
}

// Errors match the SDK's sentinels whatever the carrier.
func Example_errors() {
	srv := shipenginetest.NewServer()
	defer srv.Close()
	carrier := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()))
	ctx := context.Background()

	_, err := carrier.Track(ctx, tracking.Request{TrackingNumber: "794699999999", Courier: "fedex"}, srv.Credential())
	fmt.Println(errors.Is(err, tracking.ErrNotFound))

	_, err = carrier.Track(ctx, tracking.Request{TrackingNumber: "794600000012"}, srv.Credential())
	fmt.Println(errors.Is(err, tracking.ErrInvalidRequest))
	// Output:
	// true
	// true
}

func ExampleCarrier_TrackLabel() {
	srv := shipenginetest.NewServer()
	defer srv.Close()
	carrier := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()))

	s, err := carrier.TrackLabel(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberReturnToSender).LabelID, srv.Credential())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.TrackingNumber, s.Status, len(s.Events), "events")
	// Output:
	// 9405500000000000000027 return_to_sender 4 events
}

// Subscribe a number to ShipEngine's track webhooks.
func ExampleCarrier_Register() {
	srv := shipenginetest.NewServer()
	defer srv.Close()
	carrier := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()))

	req := tracking.Request{TrackingNumber: "9400111899223197428490", Courier: "usps"}
	if err := carrier.Register(context.Background(), req, srv.Credential()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.Subscribed("usps", "9400111899223197428490"))
	// Output:
	// true
}

// A 207 answer gives the accounts that loaded and a *PartialError.
func ExampleCarrier_Couriers() {
	srv := shipenginetest.NewServer()
	defer srv.Close()
	carrier := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()))

	accounts, err := carrier.Couriers(context.Background(), srv.Credential())
	var partial *shipengine.PartialError
	if err != nil && !errors.As(err, &partial) {
		log.Fatal(err)
	}
	for _, a := range accounts {
		fmt.Println("connected:", a.Code, a.ID)
	}
	if partial != nil {
		for _, pe := range partial.Errors {
			fmt.Println("failed:", pe.CarrierCode, pe.Code)
		}
	}
	// Output:
	// connected: stamps_com se-1234567
	// failed: ups carrier_disconnected
}

func ExampleParseWebhook() {
	body, err := os.ReadFile("testdata/webhook-track-v2-shipstation.json")
	if err != nil {
		log.Fatal(err)
	}
	shipments, err := shipengine.ParseWebhook(body) // verify the signature first
	if err != nil {
		log.Fatal(err)
	}
	s := shipments[0]
	fmt.Println(s.TrackingNumber, s.Status, "signed by", s.SignedBy)
	// Output:
	// 1Z999AA10000000026 delivered signed by NEIGHBOR
}
