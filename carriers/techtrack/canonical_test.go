package techtrack

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks the whole table: Check translates
// every canonical ID to its carrier code and back (techTRACK codes are
// upper case; reading them back ignores case).
func TestCourierCodesRoundTrip(t *testing.T) {
	if err := courierCodes.Check(); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{couriers.UPS: "UPS", couriers.CanadaPost: "CANADAPOST", " ups ": "UPS", "UPSN": "UPSN"} {
		if got := courierCode(in); got != want {
			t.Errorf("courierCode(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestCourierTranslatedOnTheWire tracks an unknown number with a
// canonical ID: the create the fake receives carries techTRACK's code,
// and the pending Shipment names the canonical courier.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	c, s := fake(t, nil)
	got, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999AA10123456784", Courier: couriers.CanadaPost}, s.Credential())
	if err != nil {
		t.Fatal(err)
	}
	creates := s.Creates()
	if len(creates) != 1 || creates[0].CarrierCode != "CANADAPOST" {
		t.Errorf("creates = %+v; want one with carrierCode CANADAPOST", creates)
	}
	if got.Courier != couriers.CanadaPost {
		t.Errorf("Shipment.Courier = %q; want canada_post", got.Courier)
	}
}
