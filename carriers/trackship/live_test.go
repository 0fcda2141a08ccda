package trackship

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// TestLive reads one shipment from the real TrackShip API when
// TRACKSHIP_LIVE_API_KEY, TRACKSHIP_LIVE_APP_NAME and TRACKSHIP_LIVE_NUMBER
// are set (TRACKSHIP_LIVE_COURIER optional). Auto-registration is off, so
// it spends no tracker credit.
func TestLive(t *testing.T) {
	key, app, number := os.Getenv("TRACKSHIP_LIVE_API_KEY"), os.Getenv("TRACKSHIP_LIVE_APP_NAME"), os.Getenv("TRACKSHIP_LIVE_NUMBER")
	if key == "" || app == "" || number == "" {
		t.Skip("set TRACKSHIP_LIVE_API_KEY, TRACKSHIP_LIVE_APP_NAME and TRACKSHIP_LIVE_NUMBER to run against TrackShip")
	}
	cred := credentials.Credential{Code: "live", Carrier: ID, Active: true,
		Fields: map[string]credentials.Secret{FieldAPIKey: credentials.Secret(key), FieldAppName: credentials.Secret(app)}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := New(WithAutoRegister(false)).Track(ctx, tracking.Request{TrackingNumber: number, Courier: os.Getenv("TRACKSHIP_LIVE_COURIER")}, cred)
	if errors.Is(err, tracking.ErrNotFound) {
		t.Skipf("TrackShip does not track %s", number)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s (%d events) %s", s.TrackingNumber, s.Status, len(s.Events), s.Raw.Code)
	if !s.Status.Valid() {
		t.Errorf("invalid status %q", s.Status)
	}
}
