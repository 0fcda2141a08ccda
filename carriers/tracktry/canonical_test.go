package tracktry

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	courierids "github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks the whole table: every canonical ID
// goes out as one carrier code and comes back as itself.
func TestCourierCodesRoundTrip(t *testing.T) {
	if err := courierCodes.Check(); err != nil {
		t.Fatal(err)
	}
	for _, id := range courierCodes.Couriers() {
		code := courierCodes.Code(id)
		if back := courierCodes.Courier(code); back != id {
			t.Errorf("%s -> %s -> %s", id, code, back)
		}
		if courierCode(id) != code {
			t.Errorf("courierCode(%s) = %s; want %s", id, courierCode(id), code)
		}
	}
	if got := courierCodes.Courier("china-ems"); got != "china_post" {
		t.Errorf("china-ems reads back as %q", got)
	}
}

// TestCourierTranslatedOnTheWire tracks through the fake with a canonical
// ID and with Tracktry's own code: both reach the same tracking, and the
// Shipment names the canonical courier.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	s, c := newFake(t, nil)
	s.Add("royal-mail", "RB123456785GB", "transit", "")
	for _, courier := range []string{courierids.RoyalMail, "royal-mail", "Royal-Mail "} {
		got, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "RB123456785GB", Courier: courier}, s.Credential())
		if err != nil {
			t.Fatalf("Track with Courier %q: %v", courier, err)
		}
		if got.Courier != courierids.RoyalMail || got.Status != tracking.StatusInTransit {
			t.Errorf("Track with Courier %q = %s %s; want royal_mail in_transit", courier, got.Courier, got.Status)
		}
	}
}
