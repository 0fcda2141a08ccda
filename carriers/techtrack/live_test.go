package techtrack

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// TestLive reads one number's events from a real techTRACK tenant when
// TECHTRACK_LIVE_BASE_URL, TECHTRACK_LIVE_API_KEY, TECHTRACK_LIVE_API_SECRET
// and TECHTRACK_LIVE_NUMBER are set. Auto-registration is off: it creates
// nothing. Use it to check the unverified Wire defaults.
func TestLive(t *testing.T) {
	root, key, secret, number := os.Getenv("TECHTRACK_LIVE_BASE_URL"), os.Getenv("TECHTRACK_LIVE_API_KEY"),
		os.Getenv("TECHTRACK_LIVE_API_SECRET"), os.Getenv("TECHTRACK_LIVE_NUMBER")
	if root == "" || key == "" || secret == "" || number == "" {
		t.Skip("set TECHTRACK_LIVE_BASE_URL, TECHTRACK_LIVE_API_KEY, TECHTRACK_LIVE_API_SECRET and TECHTRACK_LIVE_NUMBER to run against techTRACK")
	}
	cred := credentials.Credential{Code: "live", Carrier: ID, Active: true,
		Fields: map[string]credentials.Secret{FieldAPIKey: credentials.Secret(key), FieldAPISecret: credentials.Secret(secret)}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := New(WithBaseURL(root), WithAutoRegister(false)).Track(ctx, tracking.Request{TrackingNumber: number}, cred)
	if errors.Is(err, tracking.ErrNotFound) {
		t.Skipf("techTRACK does not know %s (or the tenant host is wrong)", number)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range s.Events {
		t.Logf("%s %s %q", e.Time.Format(time.RFC3339), e.Code, e.Description)
	}
}
