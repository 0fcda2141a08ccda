package techtrack

import (
	"testing"

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
