package shipengine_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/credentials"
)

// TestLive calls the real ShipEngine API. It runs only when
// SHIPENGINE_LIVE_API_KEY is set; SHIPENGINE_LIVE_COURIER and
// SHIPENGINE_LIVE_TRACKING_NUMBER add a tracking call.
func TestLive(t *testing.T) {
	key := os.Getenv("SHIPENGINE_LIVE_API_KEY")
	if key == "" {
		t.Skip("set SHIPENGINE_LIVE_API_KEY (and SHIPENGINE_LIVE_COURIER, SHIPENGINE_LIVE_TRACKING_NUMBER) to run against the real API")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cred := credentials.Credential{Code: "live", Carrier: shipengine.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{shipengine.FieldAPIKey: credentials.Secret(key)}}
	c := shipengine.New()

	accounts, err := c.Couriers(ctx, cred)
	var partial *shipengine.PartialError
	if err != nil && !errors.As(err, &partial) {
		t.Fatalf("Carriers: %v", err)
	}
	for _, a := range accounts {
		t.Logf("connected carrier %s (%s) %s", a.Code, a.ID, a.FriendlyName)
	}

	courier, number := os.Getenv("SHIPENGINE_LIVE_COURIER"), os.Getenv("SHIPENGINE_LIVE_TRACKING_NUMBER")
	if courier == "" || number == "" {
		return
	}
	s, err := c.Track(ctx, tracking.Request{TrackingNumber: number, Courier: courier}, cred)
	switch {
	case errors.Is(err, tracking.ErrNotFound):
		t.Logf("ShipEngine does not know %s/%s: %v", courier, number, err)
	case err != nil:
		t.Fatalf("Track: %v", err)
	case !s.Status.Valid():
		t.Errorf("Status %q", s.Status)
	default:
		t.Logf("%s: %s (%s/%s) with %d events", number, s.Status, s.Raw.Code, s.Raw.SubCode, len(s.Events))
	}
}
