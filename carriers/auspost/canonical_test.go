package auspost_test

import (
	"context"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/couriers"
)

// TestCourierCodesRoundTrip checks each network's table: one courier,
// whose canonical ID is the carrier ID, and nothing else.
func TestCourierCodesRoundTrip(t *testing.T) {
	for _, c := range []*auspost.Carrier{auspost.New(), auspost.NewStarTrack()} {
		codes := c.CourierCodes()
		if err := codes.Check(); err != nil {
			t.Fatal(err)
		}
		if got := codes.Couriers(); len(got) != 1 || got[0] != c.ID() {
			t.Errorf("%s serves %v; want only %s", c.ID(), got, c.ID())
		}
		if !c.ServesCourier(c.ID()) || c.ServesCourier(couriers.UPS) || c.NeedsCourier() {
			t.Errorf("%s: serves itself only, and needs no courier", c.ID())
		}
		if _, ok := couriers.Lookup(c.ID()); !ok {
			t.Errorf("carrier ID %s is not a canonical courier ID", c.ID())
		}
	}
}

// TestShipmentCourierIsCanonical tracks a seeded id on each network.
func TestShipmentCourierIsCanonical(t *testing.T) {
	s, ap, st := setup(t)
	for _, tc := range []struct {
		c    *auspost.Carrier
		id   string
		want string
	}{
		{ap, ausposttest.NumberDelivered, couriers.AusPost},
		{st, ausposttest.NumberStarTrack, couriers.StarTrack},
	} {
		cred := s.Credential()
		if tc.c.ID() == auspost.StarTrackID {
			cred = s.StarTrackCredential()
		}
		got, err := tc.c.Track(context.Background(), tracking.Request{TrackingNumber: tc.id, Courier: tc.want}, cred)
		if err != nil {
			t.Fatalf("%s: %v", tc.c.ID(), err)
		}
		if got.Courier != tc.want {
			t.Errorf("%s: Shipment.Courier = %q; want %q", tc.c.ID(), got.Courier, tc.want)
		}
	}
}
