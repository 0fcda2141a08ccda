package tracktry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
)

// The fake server stands in for api.tracktry.com; against the real API,
// leave out WithBaseURL (and keep the default rate limit).
func ExampleCarrier_Track() {
	srv := tracktrytest.NewServer()
	defer srv.Close()
	c := tracktry.New(tracktry.WithBaseURL(srv.BaseURL()), tracktry.WithLocation(time.UTC))

	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "300400000001", Courier: "4px"}, srv.Credential())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(s.Status, s.Raw.SubCode, s.Summary)
	fmt.Println("delivered at", s.DeliveredAt.Format(time.DateTime), "signed by", s.SignedBy)
	for _, e := range s.Events[:3] {
		fmt.Println(e.LocalTime, e.Status, e.Description)
	}
	// Output:
	// delivered delivered001 Delivered, Front Door/Porch
	// delivered at 2026-02-18 17:07:00 signed by S EXAMPLE
	// 2026-02-18 17:07:00 delivered Delivered, Front Door/Porch
	// 2026-02-18 08:02:00 out_for_delivery Out for Delivery
	// 2026-02-17 05:31:00 in_transit Arrived at Post Office
}

// A number Tracktry does not track yet is not created unless asked for,
// since a create spends a tracking credit: by default Track answers it with
// ErrNotFound. With WithAutoRegister(true) it is created on the first Track
// and answered as pending.
func ExampleWithAutoRegister() {
	srv := tracktrytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: tracktrytest.NumberUnknown, Courier: "china-post"}

	c, cred := srv.Carrier()
	_, err := c.Track(ctx, req, cred)
	fmt.Println(errors.Is(err, tracking.ErrNotFound), srv.RequestsTo("/v1/trackings/post"))

	c, cred = srv.Carrier(tracktry.WithAutoRegister(true))
	s, err := c.Track(ctx, req, cred)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(s.TrackingNumber, s.Status, srv.RequestsTo("/v1/trackings/post"))
	// Output:
	// true 0
	// RR999999999CN pending 1
}

func ExampleCarrier_ListMatching() {
	srv := tracktrytest.NewServer(tracktrytest.WithoutSeed())
	defer srv.Close()
	for _, n := range []string{"9400111", "9400222", "9400333"} {
		srv.Add("usps", n, "transit", "transit001")
	}
	srv.Add("usps", "9400444", "delivered", "delivered003")
	c := tracktry.New(tracktry.WithBaseURL(srv.BaseURL()), tracktry.WithRateLimit(rate.Inf, 1))

	// Two per page: the sequence fetches pages as the loop needs them.
	for s, err := range c.ListMatching(context.Background(), tracktry.Query{Status: "transit", Limit: 2}, srv.Credential()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(s.TrackingNumber, s.Status)
	}
	fmt.Println("pages read:", srv.RequestsTo("/v1/trackings/get"))
	// Output:
	// 9400111 in_transit
	// 9400222 in_transit
	// 9400333 in_transit
	// pages read: 2
}

func ExampleCarrier_RegisterBatch() {
	srv := tracktrytest.NewServer()
	defer srv.Close()
	c := tracktry.New(tracktry.WithBaseURL(srv.BaseURL()))

	results, err := c.RegisterBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "RR000000011CN", Courier: "china-post"},
		{TrackingNumber: "300400000001", Courier: "4px"}, // already tracked: fine
		{TrackingNumber: "XX0000000000", Courier: "not-a-carrier"},
	}, srv.Credential())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.Request.TrackingNumber, "failed, invalid request:", errors.Is(r.Err, tracking.ErrInvalidRequest))
			continue
		}
		fmt.Println(r.Request.TrackingNumber, r.Shipment.Status)
	}
	// Output:
	// RR000000011CN pending
	// 300400000001 pending
	// XX0000000000 failed, invalid request: true
}

func ExampleParseWebhook() {
	srv := tracktrytest.NewServer()
	defer srv.Close()
	// Verify first (tracktry.WebhookScheme does both), then decode.
	body, _ := srv.WebhookBody("china-post", "UB000000003CN", time.Unix(1771492380, 0))

	shipments, err := tracktry.ParseWebhook(body)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, s := range shipments {
		fmt.Println(s.TrackingNumber, s.Status, s.Raw.SubCode, len(s.Events), "events")
	}
	// Output:
	// UB000000003CN exception exception004 2 events
}

func ExampleCarrier_DetectCourier() {
	srv := tracktrytest.NewServer()
	defer srv.Close()
	c := tracktry.New(tracktry.WithBaseURL(srv.BaseURL()))

	// Detection costs quota: cache the answer.
	candidates, err := c.DetectCourier(context.Background(), "RR123456785CN", srv.Credential())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, cand := range candidates {
		fmt.Println(cand.Code, cand.Name)
	}
	// Output:
	// china-post China Post
	// china-ems China EMS
}
