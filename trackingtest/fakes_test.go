package trackingtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/techtrack/techtracktest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// hourly is a pace slow enough that a second call always waits past any
// test's deadline.
var hourly = rate.Every(time.Hour)

// fakeCase is one fake, reduced to what TestFakesHandBackReadyCarriers
// needs: the carrier's production pace, and a start that returns Track of
// a seeded number through the fake's Carrier(), the same through
// Carrier(hourly pace), and the fake's request counter.
type fakeCase struct {
	rate  rate.Limit
	burst int
	start func(t *testing.T) (track, paced func(context.Context) error, requests func() int)
}

// fakeServer is what every fake's Server has.
type fakeServer interface {
	Close()
	Requests() int
}

// caseStart builds a fakeCase's start from a fake's NewServer, its Carrier
// method (as a method expression) and its carrier's WithRateLimit.
func caseStart[X any, S fakeServer, O any, C tracking.Carrier](newServer func(...X) S,
	carrier func(S, ...O) (C, credentials.Credential), withRate func(rate.Limit, int, ...transport.LimiterOption) O,
	req tracking.Request) func(t *testing.T) (_, _ func(context.Context) error, _ func() int) {
	return func(t *testing.T) (_, _ func(context.Context) error, _ func() int) {
		s := newServer()
		t.Cleanup(s.Close)
		c, cred := carrier(s)
		paced, _ := carrier(s, withRate(hourly, 1))
		track := func(c C) func(context.Context) error {
			return func(ctx context.Context) error {
				_, err := c.Track(ctx, req, cred)
				return err
			}
		}
		return track(c), track(paced), s.Requests
	}
}

var fakes = map[string]fakeCase{
	"auspost": {auspost.DefaultRate, auspost.DefaultBurst, caseStart(ausposttest.NewServer, (*ausposttest.Server).Carrier,
		auspost.WithRateLimit, tracking.Request{TrackingNumber: ausposttest.NumberDelivered})},
	"startrack": {auspost.DefaultRate, auspost.DefaultBurst, caseStart(ausposttest.NewServer, (*ausposttest.Server).StarTrackCarrier,
		auspost.WithRateLimit, tracking.Request{TrackingNumber: ausposttest.NumberStarTrack})},
	"shipengine": {shipengine.DefaultRate, shipengine.DefaultBurst, caseStart(shipenginetest.NewServer, (*shipenginetest.Server).Carrier,
		shipengine.WithRateLimit, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request())},
	"techtrack": {techtrack.DefaultRate, techtrack.DefaultBurst, caseStart(techtracktest.NewServer, (*techtracktest.Server).Carrier,
		techtrack.WithRateLimit, tracking.Request{TrackingNumber: techtracktest.NumberDelivered})},
	"track123": {track123.DefaultRate, track123.DefaultBurst, caseStart(track123test.NewServer, (*track123test.Server).Carrier,
		track123.WithRateLimit, tracking.Request{TrackingNumber: track123test.NumberDelivered})},
	"trackship": {trackship.DefaultRate, trackship.DefaultBurst, caseStart(trackshiptest.NewServer, (*trackshiptest.Server).Carrier,
		trackship.WithRateLimit, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered})},
	"tracktry": {tracktry.DefaultRate, tracktry.DefaultBurst, caseStart(tracktrytest.NewServer, (*tracktrytest.Server).Carrier,
		tracktry.WithRateLimit, tracking.Request{TrackingNumber: tracktrytest.NumberDelivered, Courier: "4px"})},
}

// TestFakesHandBackReadyCarriers: every fake's Carrier() gives, in one
// call, a carrier and a credential that work against it at test speed,
// and the caller's options win over the fake's. A rate limiter refuses at
// once a wait that would pass the context's deadline, so more calls than
// production pacing allows before the deadline pass only because Carrier
// lifts the limit, and the hourly pace fails its second call at once:
// nothing here waits.
func TestFakesHandBackReadyCarriers(t *testing.T) {
	const deadline = 5 * time.Second
	for name, fc := range fakes {
		t.Run(name, func(t *testing.T) {
			track, paced, requests := fc.start(t)
			ctx, cancel := context.WithTimeout(t.Context(), deadline)
			defer cancel()
			n := int(float64(fc.rate)*deadline.Seconds()) + fc.burst + 1
			for i := range n {
				require.NoError(t, track(ctx), "call %d", i)
			}
			require.NoError(t, paced(ctx))
			require.ErrorIs(t, paced(ctx), tracking.ErrRateLimited)
			assert.Equal(t, n+1, requests(), "the refused call never reached the fake")
		})
	}
}
