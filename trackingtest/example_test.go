package trackingtest_test

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

// parcelMessage is application code under test: it tells a customer where
// their parcel is, through whatever tracking.Tracker it is given.
func parcelMessage(ctx context.Context, tr tracking.Tracker, number string) string {
	s, err := tr.Track(ctx, tracking.Request{TrackingNumber: number})
	switch {
	case errors.Is(err, tracking.ErrNotFound):
		return number + ": we cannot find that parcel yet"
	case err != nil:
		return number + ": tracking is unavailable, try again later"
	case s.Status.Final():
		return number + ": " + s.Status.String()
	}
	return number + ": on its way (" + s.Status.String() + ")"
}

// An application's test scripts a Tracker instead of calling a provider,
// then checks what the application said and asked.
func ExampleTracker() {
	tr := trackingtest.NewTracker()
	tr.Set("1Z999", &tracking.Shipment{Status: tracking.StatusDelivered}, nil)
	tr.Set("9400", &tracking.Shipment{Status: tracking.StatusOutForDelivery}, nil)
	tr.Set("DOWN", nil, &tracking.APIError{Carrier: "acme", StatusCode: http.StatusServiceUnavailable})

	ctx := context.Background()
	for _, n := range []string{"1Z999", "9400", "DOWN", "NEVER-SCRIPTED"} {
		fmt.Println(parcelMessage(ctx, tr, n))
	}
	fmt.Println(len(tr.Calls()), "calls; the first for", tr.Calls()[0].TrackingNumber)
	// Output:
	// 1Z999: delivered
	// 9400: on its way (out_for_delivery)
	// DOWN: tracking is unavailable, try again later
	// NEVER-SCRIPTED: we cannot find that parcel yet
	// 4 calls; the first for 1Z999
}

// A scripted Carrier behind a real tracking.Client shows which carrier and
// which credential the client picked.
func ExampleCarrier() {
	acme := trackingtest.NewCarrier("acme", trackingtest.WithCredentialFields("api_key"))
	acme.SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
	store, err := credentials.NewMemoryStore(
		credentials.Credential{Code: "acme-main", Carrier: "acme", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": "k1"}},
		credentials.Credential{Code: "acme-eu", Carrier: "acme", Active: true,
			Fields: map[string]credentials.Secret{"api_key": "k2"}},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx := context.Background()
	s, _ := client.Track(ctx, tracking.Request{TrackingNumber: "A1"})
	fmt.Println(s.Carrier, s.TrackingNumber, s.Status)
	_, _ = client.Track(ctx, tracking.Request{TrackingNumber: "A2", Credential: "acme-eu"})
	fmt.Println(acme.CredentialCodes())
	// Output:
	// acme A1 in_transit
	// [acme-main acme-eu]
}

// CheckCarrier runs the conformance suite and returns what failed, here
// for a carrier that forgets to convert its times to UTC.
func ExampleCheckCarrier() {
	shanghai := time.FixedZone("CST", 8*60*60)
	c := trackingtest.NewCarrier("acme")
	c.Set("KNOWN", &tracking.Shipment{
		Status: tracking.StatusInTransit,
		Events: []tracking.Event{{Time: time.Date(2025, 3, 1, 9, 30, 0, 0, shanghai), Status: tracking.StatusInTransit}},
	}, nil)
	c.Refuse("refused")

	err := trackingtest.CheckCarrier(context.Background(), c, trackingtest.CarrierFixture{
		Credential: credentials.Credential{Code: "good", Carrier: "acme", Active: true},
		Known:      tracking.Request{TrackingNumber: "KNOWN"},
		Unknown:    tracking.Request{TrackingNumber: "UNKNOWN"},
		Refused:    credentials.Credential{Code: "refused", Carrier: "acme", Active: true},
	})
	fmt.Println(err)
	// Output:
	// Known: Events[0].Time 2025-03-01T09:30:00+08:00 is in location "CST", want UTC (call .UTC())
}
