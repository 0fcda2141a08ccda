package tracking_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// Against two providers' fakes holding the same parcel: the first down
// (every connection dropped, or every answer a 503) -> the second
// answers, after the transport's retries on the first.
func TestFailoverFakesFirstDown(t *testing.T) {
	for name, fault := range map[string]func(*fakePair){
		"dropped": (*fakePair).firstDrops,
		"503":     (*fakePair).firstDown,
	} {
		t.Run(name, func(t *testing.T) {
			p := newFakePair(t)
			synctest.Test(t, func(t *testing.T) {
				c := p.client(t, pairOptions{})
				fault(p)
				s, err := c.Track(context.Background(), p.req)
				require.NoError(t, err)
				assert.Equal(t, secondID, s.Carrier)
				assert.Equal(t, tracking.StatusDelivered, s.Status)
				assert.Equal(t, p.req.TrackingNumber, s.TrackingNumber)
				assert.Equal(t, 1+transport.DefaultRetryPolicy().MaxRetries, p.firstRequests(),
					"the first is given up after the transport's retries")
				assert.Equal(t, 1, p.secondRequests())
			})
		})
	}
}

// The breaker then stops traffic to the first; after the cool-down one
// probe goes through and, when it succeeds, traffic returns.
func TestFailoverFakesBreaker(t *testing.T) {
	p := newFakePair(t)
	synctest.Test(t, func(t *testing.T) {
		const failures, coolDown = 3, time.Minute
		c := p.client(t, pairOptions{}, tracking.WithBreaker(failures, coolDown))
		ctx := context.Background()
		served := func() string {
			t.Helper()
			s, err := c.Track(ctx, p.req)
			require.NoError(t, err)
			return s.Carrier
		}
		p.firstDown()
		for range failures {
			assert.Equal(t, secondID, served())
		}
		opened := p.firstRequests()
		assert.Equal(t, failures*(1+transport.DefaultRetryPolicy().MaxRetries), opened)
		for range 10 {
			assert.Equal(t, secondID, served())
		}
		assert.Equal(t, opened, p.firstRequests(), "no request reaches the first while its circuit is open")

		// A failed probe: one call, then the circuit is open again.
		time.Sleep(coolDown + time.Millisecond)
		assert.Equal(t, secondID, served())
		probed := p.firstRequests()
		assert.Equal(t, opened+1+transport.DefaultRetryPolicy().MaxRetries, probed, "one probe call, with its retries")
		assert.Equal(t, secondID, served())
		assert.Equal(t, probed, p.firstRequests())

		// The first recovers; the next probe succeeds and traffic returns.
		time.Sleep(coolDown + time.Millisecond)
		p.firstUp() // counters restart at zero
		secondBefore := p.secondRequests()
		assert.Equal(t, firstID, served())
		assert.Equal(t, 1, p.firstRequests(), "the probe")
		for range 5 {
			assert.Equal(t, firstID, served())
		}
		assert.Equal(t, 6, p.firstRequests())
		assert.Equal(t, secondBefore, p.secondRequests())
	})
}

// TrackMany, TrackEach and TrackStream fail over per request, and the
// second provider, paced by its own limiter, never sees more than its
// limit while it takes the whole load.
func TestFailoverFakesBatchKeepsTheRateLimit(t *testing.T) {
	const n, perSecond = 30, 5
	reqs := func(p *fakePair) []tracking.Request {
		out := make([]tracking.Request, n)
		for i := range out {
			out[i] = p.req
		}
		return out
	}
	for name, run := range map[string]func(*tracking.Client, []tracking.Request) []tracking.Result{
		"TrackMany": func(c *tracking.Client, rs []tracking.Request) []tracking.Result {
			return c.TrackMany(context.Background(), rs)
		},
		"TrackEach": func(c *tracking.Client, rs []tracking.Request) []tracking.Result {
			out := make([]tracking.Result, len(rs))
			for i, r := range c.TrackEach(context.Background(), rs) {
				out[i] = r
			}
			return out
		},
		"TrackStream": func(c *tracking.Client, rs []tracking.Request) []tracking.Result {
			out := make([]tracking.Result, len(rs))
			for i, r := range c.TrackStream(context.Background(), slices.Values(rs)) {
				out[i] = r
			}
			return out
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := newFakePair(t)
			p.secondLimit(perSecond)
			synctest.Test(t, func(t *testing.T) {
				c := p.client(t, pairOptions{secondRate: perSecond}, tracking.WithConcurrency(8), tracking.WithBreaker(3, time.Hour))
				p.firstDown()
				start := time.Now()
				for i, r := range run(c, reqs(p)) {
					require.NoError(t, r.Err, i)
					assert.Equal(t, secondID, r.Shipment.Carrier, i)
				}
				assert.Equal(t, n, p.secondRequests())
				assert.Zero(t, p.secondRefused(), "the second provider never refused a request for going too fast")
				assert.LessOrEqual(t, p.secondPeak(time.Second), perSecond+1)
				assert.GreaterOrEqual(t, time.Since(start), (n-1)*time.Second/perSecond, "paced, not burst")
			})
		})
	}
}
