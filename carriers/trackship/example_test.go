package trackship_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/credentials"
)

// Track a parcel through a tracking.Client, with the fake server standing
// in for TrackShip.
func Example() {
	s := trackshiptest.NewServer()
	defer s.Close()

	store, err := credentials.NewMemoryStore(s.Credential()) // fields api_key and app_name
	if err != nil {
		panic(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(trackship.New(trackship.WithBaseURL(s.BaseURL()))),
		tracking.WithCredentials(store),
	)
	if err != nil {
		panic(err)
	}
	sh, err := client.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered, Courier: "usps"})
	if err != nil {
		panic(err)
	}
	fmt.Println(sh.Status, sh.DeliveredAt.Format("2006-01-02 15:04"))
	for _, e := range sh.Events[:2] {
		fmt.Println(e.LocalTime, e.Status, e.Description)
	}
	// Output:
	// delivered 2026-02-12 14:03
	// 2026-02-12 14:03:00 delivered Delivered, In/At Mailbox - SEATTLE, WA
	// 2026-02-12 07:55:00 out_for_delivery Out for Delivery - SEATTLE, WA
}

// A number TrackShip does not track yet is not registered unless asked
// for, since registering spends a tracker credit: by default Track answers
// it with ErrNotFound. With WithAutoRegister(true) it is registered and
// answered as pending.
func ExampleWithAutoRegister() {
	s := trackshiptest.NewServer()
	defer s.Close()
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: trackshiptest.NumberUnknown, Courier: "usps",
		Metadata: map[string]string{trackship.MetaOrderID: "1042"}}

	c, cred := s.Carrier()
	_, err := c.Track(ctx, req, cred)
	fmt.Println(errors.Is(err, tracking.ErrNotFound), "credits left:", s.Balance())

	c, cred = s.Carrier(trackship.WithAutoRegister(true))
	sh, err := c.Track(ctx, req, cred)
	if err != nil {
		panic(err)
	}
	fmt.Println(sh.Status, "-", sh.Summary)
	fmt.Println("credits left:", s.Balance())
	// Output:
	// true credits left: 100
	// pending - registered with TrackShip; waiting for the first courier update
	// credits left: 99
}

// Errors TrackShip answers with HTTP 200 are typed.
func ExampleCarrier_Register_quota() {
	s := trackshiptest.NewServer(trackshiptest.WithBalance(0))
	defer s.Close()
	c := trackship.New(trackship.WithBaseURL(s.BaseURL()))

	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "9400100000000000000001", Courier: "usps"}, s.Credential())
	fmt.Println(errors.Is(err, tracking.ErrQuotaExceeded))
	fmt.Println(err)
	// Output:
	// true
	// trackship: quota exceeded (HTTP 200, code insufficient_balance): the TrackShip account has no tracker credits left; top up or upgrade the provider account
}

// Detail keeps what the normalized model has no place for, such as the
// shipping service, whose HTML is stripped for display.
func ExampleCarrier_Detail() {
	s := trackshiptest.NewServer()
	defer s.Close()
	c := trackship.New(trackship.WithBaseURL(s.BaseURL()))

	d, err := c.Detail(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberInTransit}, s.Credential())
	if err != nil {
		panic(err)
	}
	fmt.Println(d.OrderID, d.Shipment.Status)
	fmt.Println(d.ShippingService)
	fmt.Println(d.ShippingServiceText)
	// Output:
	// 24 in_transit
	// Ground Advantage<SUP>&trade;</SUP>
	// Ground Advantage™
}

func ExampleCarrier_Couriers() {
	s := trackshiptest.NewServer()
	defer s.Close()
	c := trackship.New(trackship.WithBaseURL(s.BaseURL()))

	list, err := c.Couriers(context.Background())
	if err != nil {
		panic(err)
	}
	for _, courier := range list {
		fmt.Printf("%s (%s)\n", courier.Slug, courier.Label)
	}
	// Output:
	// ups (UPS)
	// usps (USPS)
	// fedex (FedEx)
	// australia-post (Australia Post)
}

// ParseWebhook decodes a delivery's body; verify it first with the webhook
// package (TrackShip sends the API key in the trackship-api-key header).
func ExampleParseWebhook() {
	body := []byte(`{
	  "user_key": "the account's API key",
	  "tracking_number": "9405500000000000000069",
	  "tracking_provider": "usps",
	  "tracking_event_status": "out_for_delivery",
	  "tracking_destination_events": null,
	  "events": [
	    {"message": "Accepted at USPS Origin Facility", "status": "in_transit", "datetime": "2026-03-02 18:03:00"},
	    {"message": "Out for Delivery - MAGNA, UT", "status": "out_for_delivery", "datetime": "2026-03-04 07:41:00"}
	  ]
	}`)
	shipments, err := trackship.ParseWebhook(body)
	if err != nil {
		panic(err)
	}
	for _, sh := range shipments {
		fmt.Println(sh.TrackingNumber, sh.Status, sh.Events[0].Description)
	}
	// Output:
	// 9405500000000000000069 out_for_delivery Out for Delivery - MAGNA, UT
}
