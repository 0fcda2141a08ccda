package track123_test

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks the whole table: Check translates
// every canonical ID to its courierCode and back.
func TestCourierCodesRoundTrip(t *testing.T) {
	c, _ := newFakeCarrier(t)
	codes := c.CourierCodes()
	if err := codes.Check(); err != nil {
		t.Fatal(err)
	}
	// A canonical ID outside the table goes out as is (Track123's code for
	// DPD is dpd), and the client is never told to refuse it.
	if codes.Code(couriers.DPD) != "dpd" || !c.ServesCourier(couriers.DPD) || c.NeedsCourier() {
		t.Error("a canonical ID outside the table must pass unchanged and unrefused; Track123 detects couriers itself")
	}
	for code, id := range map[string]string{"china-post": "china_post", "usps": couriers.USPS, "sfb2c": "sf_express", "postnl-3s": "postnl-3s"} {
		if got := codes.Courier(code); got != id {
			t.Errorf("Courier(%s) = %s; want %s", code, got, id)
		}
	}
}

// TestCourierTranslatedOnTheWire tracks seeded numbers with canonical IDs
// and with Track123's own codes, one by one and in a batch: each finds the
// seeded tracking (a wrong courierCode would find none and register the
// number instead), and Shipment.Courier is canonical.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	c, srv := newFakeCarrier(t)
	ctx := context.Background()
	reqs := []tracking.Request{
		{TrackingNumber: track123test.NumberPickup, Courier: "china_post"},
		{TrackingNumber: track123test.NumberPickup, Courier: "china-post"},
		{TrackingNumber: track123test.NumberDelivered, Courier: couriers.USPS},
	}
	want := []tracking.Status{tracking.StatusAvailableForPickup, tracking.StatusAvailableForPickup, tracking.StatusDelivered}
	wantCourier := []string{"china_post", "china_post", couriers.USPS}
	for i, req := range reqs {
		s, err := c.Track(ctx, req, srv.Credential())
		if err != nil {
			t.Fatalf("Track(%+v): %v", req, err)
		}
		if s.Status != want[i] || s.Courier != wantCourier[i] {
			t.Errorf("Track(%s, %s) = %s %s; want %s %s", req.TrackingNumber, req.Courier, s.Courier, s.Status, wantCourier[i], want[i])
		}
	}
	results, err := c.TrackBatch(ctx, reqs, srv.Credential())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.Err != nil || r.Shipment.Status != want[i] || r.Shipment.Courier != wantCourier[i] || r.Request.Courier != reqs[i].Courier {
			t.Errorf("TrackBatch[%d] = %+v, %v; want %s %s and the request as given", i, r.Shipment, r.Err, wantCourier[i], want[i])
		}
	}
}
