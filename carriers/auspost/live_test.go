package auspost_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/credentials"
)

// TestLive calls the real API. It runs only when the variables of a
// network are set: AUSPOST_LIVE_API_KEY, AUSPOST_LIVE_API_SECRET,
// AUSPOST_LIVE_ACCOUNT_NUMBER and AUSPOST_LIVE_TRACKING_IDS (comma
// separated) for Australia Post; the same with STARTRACK_LIVE_ for
// StarTrack. <PREFIX>_LIVE_TEST_ENVIRONMENT=1 uses the test environment.
func TestLive(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		newC   func(...auspost.Option) *auspost.Carrier
		id     string
	}{
		{"AUSPOST", auspost.New, auspost.ID},
		{"STARTRACK", auspost.NewStarTrack, auspost.StarTrackID},
	} {
		t.Run(tc.id, func(t *testing.T) {
			env := func(name string) string { return strings.TrimSpace(os.Getenv(tc.prefix + "_LIVE_" + name)) }
			key, secret, account, ids := env("API_KEY"), env("API_SECRET"), env("ACCOUNT_NUMBER"), env("TRACKING_IDS")
			if key == "" || secret == "" || account == "" || ids == "" {
				t.Skipf("set %[1]s_LIVE_API_KEY, %[1]s_LIVE_API_SECRET, %[1]s_LIVE_ACCOUNT_NUMBER and %[1]s_LIVE_TRACKING_IDS to run against the real API", tc.prefix)
			}
			var opts []auspost.Option
			if env("TEST_ENVIRONMENT") == "1" {
				opts = append(opts, auspost.WithTestEnvironment())
			}
			c := tc.newC(opts...)
			cred := credentials.Credential{Code: "live", Carrier: tc.id, Active: true, Default: true,
				Fields: map[string]credentials.Secret{
					auspost.FieldAPIKey:        credentials.Secret(key),
					auspost.FieldAPISecret:     credentials.Secret(secret),
					auspost.FieldAccountNumber: credentials.Secret(account),
				}}
			var reqs []tracking.Request
			for _, id := range strings.Split(ids, ",") {
				reqs = append(reqs, tracking.Request{TrackingNumber: strings.TrimSpace(id)})
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			res, err := c.TrackBatch(ctx, reqs, cred)
			if err != nil {
				t.Fatalf("TrackBatch: %v", err)
			}
			for _, r := range res {
				switch {
				case errors.Is(r.Err, tracking.ErrNotFound):
					t.Logf("%s: not found: %v", r.Request.TrackingNumber, r.Err)
				case r.Err != nil:
					t.Errorf("%s: %v", r.Request.TrackingNumber, r.Err)
				case !r.Shipment.Status.Valid():
					t.Errorf("%s: status %q", r.Request.TrackingNumber, r.Shipment.Status)
				default:
					t.Logf("%s: %s (%q) with %d events", r.Request.TrackingNumber, r.Shipment.Status, r.Shipment.Raw.Text, len(r.Shipment.Events))
				}
			}
		})
	}
}
