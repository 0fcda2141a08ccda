package trackship

import (
	"testing"

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
