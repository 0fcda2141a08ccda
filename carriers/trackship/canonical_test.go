package trackship

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks the whole table: Check translates
// every canonical ID to its slug and back; courierCode is what the
// request paths call.
func TestCourierCodesRoundTrip(t *testing.T) {
	if err := courierCodes.Check(); err != nil {
		t.Fatal(err)
	}
	for id, slug := range map[string]string{couriers.AusPost: "australia-post", couriers.USPS: "usps", " usps ": "usps", "dhl-express": "dhl-express"} {
		if got := courierCode(id); got != slug {
			t.Errorf("courierCode(%q) = %q; want %q", id, got, slug)
		}
	}
}

// TestCourierTranslatedOnTheWire registers and tracks a number with the
// canonical ID auspost: the fake refuses any slug TrackShip does not list,
// so the registration succeeds only if australia-post went out; the
// Shipment names auspost again.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	c, s := fake(t)
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "7XX1000000000001", Courier: couriers.AusPost, Metadata: map[string]string{"order_id": "1001"}}
	if err := c.Register(ctx, req, s.Credential()); err != nil {
		t.Fatalf("Register with Courier auspost: %v", err)
	}
	got, err := c.Track(ctx, req, s.Credential())
	if err != nil {
		t.Fatal(err)
	}
	if got.Courier != couriers.AusPost {
		t.Errorf("Shipment.Courier = %q; want auspost", got.Courier)
	}
	if err := c.Register(ctx, tracking.Request{TrackingNumber: "7XX1000000000002", Courier: "no-such-slug", Metadata: req.Metadata}, s.Credential()); err == nil {
		t.Error("the fake accepted an unknown slug; the test above proves nothing")
	}
}
