//go:build go1.25

package transport_test

import (
	"context"
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/transport"
)

// grants takes n tokens for one key in a synctest bubble, where time only
// moves while every goroutine waits, and returns when each was granted.
func grants(t *testing.T, l transport.Limiter, n int) []time.Time {
	t.Helper()
	out := make([]time.Time, n)
	for i := range out {
		require.NoError(t, l.Wait(context.Background(), "k"))
		out[i] = time.Now()
	}
	return out
}

// mostWithin is the most grants within any span shorter than w: what a
// provider counting a strict window of w would count.
func mostWithin(times []time.Time, w time.Duration) int {
	best, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= w {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

func TestLimiterMarginSpacesGrants(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// At exactly 20/s the 21st grant comes exactly a second after the
		// first: one instant of jitter on the first puts 21 in a window.
		exact := grants(t, transport.NewLimiter(20, 1, transport.RateMargin(0)), 21)
		assert.Equal(t, time.Second, exact[20].Sub(exact[0]))
		assert.Equal(t, 21, mostWithin(exact, time.Second+time.Nanosecond))

		// The default margin leaves 2%: 20 spacings of 1/19.6 s, so a
		// window of a second plus 20 ms of jitter still holds 20.
		l := transport.NewLimiter(20, 1)
		assert.InDelta(t, 19.6, float64(l.Limit()), 1e-9)
		def := grants(t, l, 201)
		assert.Equal(t, 20, mostWithin(def, time.Second+20*time.Millisecond))
		assert.Equal(t, 21, mostWithin(def, time.Second+21*time.Millisecond), "the tolerance is 20.4 ms, not more")
		achieved := 200 / def[200].Sub(def[0]).Seconds()
		assert.InDelta(t, 19.6, achieved, 1e-6)
	})
}

// With the provider's window known, the burst is paid for: a full burst
// followed by steady pacing never puts more than r·w in a window.
func TestLimiterWindowAccountsForBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := transport.NewLimiter(20, 5, transport.RateWindow(time.Second))
		assert.Equal(t, 5, l.Burst())
		assert.InDelta(t, 16*0.98, float64(l.Limit()), 1e-9)
		got := grants(t, l, 100)
		assert.Equal(t, 5, mostWithin(got, time.Nanosecond), "the burst is granted at once")
		assert.Equal(t, 20, mostWithin(got, time.Second+20*time.Millisecond))

		// Without the window the same bucket lets the burst through on top
		// of the rate: 24 in the first second.
		free := grants(t, transport.NewLimiter(20, 5), 100)
		assert.Equal(t, 24, mostWithin(free, time.Second))
	})
}

func TestLimiterPacingOptions(t *testing.T) {
	for _, tc := range []struct {
		name      string
		r         rate.Limit
		burst     int
		opts      []transport.LimiterOption
		wantLimit float64
		wantBurst int
	}{
		{"default margin", 10, 1, nil, 9.8, 1},
		{"no margin", 10, 1, []transport.LimiterOption{transport.RateMargin(0)}, 10, 1},
		{"negative margin is none", 10, 1, []transport.LimiterOption{transport.RateMargin(-0.5)}, 10, 1},
		{"NaN margin is none", 10, 1, []transport.LimiterOption{transport.RateMargin(math.NaN())}, 10, 1},
		{"margin capped at half", 10, 1, []transport.LimiterOption{transport.RateMargin(0.9)}, 5, 1},
		{"nil option ignored", 10, 1, []transport.LimiterOption{nil}, 9.8, 1},
		{"per-minute window", transport.PerMinute(200), 10, []transport.LimiterOption{transport.RateWindow(time.Minute)}, 191.0 / 60 * 0.98, 10},
		{"burst above the window cut to it", 2, 10, []transport.LimiterOption{transport.RateWindow(time.Second), transport.RateMargin(0)}, 1, 2},
		{"window under one request", 0.5, 3, []transport.LimiterOption{transport.RateWindow(time.Second), transport.RateMargin(0)}, 0.5, 1},
		{"negative window is none", 20, 5, []transport.LimiterOption{transport.RateWindow(-time.Second), transport.RateMargin(0)}, 20, 5},
		{"no limit stays unlimited", rate.Inf, 1, []transport.LimiterOption{transport.RateWindow(time.Second)}, float64(rate.Inf), 1},
		{"zero rate is no limit", 0, 0, nil, float64(rate.Inf), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := transport.NewLimiter(tc.r, tc.burst, tc.opts...)
			if math.IsInf(tc.wantLimit, 1) {
				assert.Equal(t, rate.Inf, l.Limit())
			} else {
				assert.InDelta(t, tc.wantLimit, float64(l.Limit()), 1e-9)
			}
			assert.Equal(t, tc.wantBurst, l.Burst())
		})
	}
}

// A waiter that wakes late takes a fresh token rather than going with the
// requests granted after it. The stall is simulated where it happens, in
// the clock the limiter reads on waking: a sleep there is the goroutine
// resuming late. In the control the limiter does not see the stall.
func TestLimiterRetakesAfterALateWake(t *testing.T) {
	for name, sees := range map[string]bool{"guarded": true, "control": false} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := transport.NewLimiter(20, 1)
				stall := time.Duration(0)
				transport.SetLimiterClock(l, func() time.Time {
					d := stall
					stall = 0
					time.Sleep(d)
					if !sees {
						return time.Now().Add(-d)
					}
					return time.Now()
				})
				sends := make([]time.Time, 0, 100)
				for i := range 100 {
					if i == 30 {
						stall = 30 * time.Millisecond // more than the 20 ms the margin absorbs
					}
					require.NoError(t, l.Wait(context.Background(), "k"))
					sends = append(sends, time.Now())
				}
				if sees {
					assert.Equal(t, 20, mostWithin(sends, time.Second+10*time.Millisecond))
					assert.Equal(t, 99*time.Second*10/196+time.Second*10/196, sends[99].Sub(sends[0]), "one slot lost")
				} else {
					assert.Equal(t, 21, mostWithin(sends, time.Second), "the stalled request joins the next second's")
				}
			})
		})
	}
}
