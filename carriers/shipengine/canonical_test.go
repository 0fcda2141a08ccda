package shipengine_test

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks the whole table (Check translates
// every canonical ID to its carrier_code and back, and every alias back),
// and the aliases ShipEngine uses for USPS.
func TestCourierCodesRoundTrip(t *testing.T) {
	_, c := newFake(t)
	codes := c.CourierCodes()
	if err := codes.Check(); err != nil {
		t.Fatal(err)
	}
	for code, id := range map[string]string{"stamps_com": couriers.USPS, "endicia": couriers.USPS, "usps": couriers.USPS, "dhl_express": couriers.DHL, "dhl_express_uk": couriers.DHL, "purolator_canada": couriers.Purolator, "dhl_global_mail": couriers.DHLECommerce} {
		if got := codes.Courier(code); got != id {
			t.Errorf("Courier(%s) = %s; want %s", code, got, id)
		}
	}
}

// TestCourierTranslatedOnTheWire registers numbers through the fake:
// a canonical ID reaches ShipEngine as its carrier_code, a provider code
// as itself; and a Shipment names the canonical courier.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	for _, tc := range []struct{ courier, wire string }{
		{couriers.DHL, "dhl_express"},
		{couriers.Amazon, "amazon_buy_shipping"},
		{"stamps_com", "stamps_com"},
		{"Some_Native_Code", "some_native_code"}, // ShipEngine codes are lower case
	} {
		if err := c.Register(ctx, tracking.Request{TrackingNumber: "1234567890", Courier: tc.courier}, srv.Credential()); err != nil {
			t.Fatalf("Register(%s): %v", tc.courier, err)
		}
		if !srv.Subscribed(tc.wire, "1234567890") {
			t.Errorf("Request.Courier %q: no subscription under carrier_code %q (have %v)", tc.courier, tc.wire, srv.Subscriptions())
		}
	}
	s, err := c.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberQuirks).Request(), srv.Credential())
	if err != nil {
		t.Fatal(err)
	}
	if s.Courier != couriers.USPS {
		t.Errorf("Shipment.Courier = %q for carrier_code stamps_com; want %q", s.Courier, couriers.USPS)
	}
}
