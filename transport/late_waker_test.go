package transport_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/transport"
)

// lateClock makes the limiter believe its second waiter woke late by the
// given amount, or, with always, every waiter from the second on.
func lateClock(l *transport.KeyedLimiter, late time.Duration, always bool) {
	checks := 0
	transport.SetLimiterClock(l, func() time.Time {
		checks++
		if checks == 2 || (always && checks > 1) {
			return time.Now().Add(late)
		}
		return time.Now()
	})
}

// secondWait returns how long after the start the second Wait on l
// returns (the first takes the only burst token at once).
func secondWait(t *testing.T, l *transport.KeyedLimiter) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, l.Wait(context.Background(), "k"))
	require.NoError(t, l.Wait(context.Background(), "k"))
	return time.Since(start)
}

// With a margin of 0.5 on 1/s the limiter grants every 2 s and tolerates
// a late wake of half of m/(1-m) of a second: 0.5 s. A waiter exactly
// that late goes; one later takes a fresh token, 2 s on.
func TestLateWakerSlack(t *testing.T) {
	for late, want := range map[time.Duration]time.Duration{
		400 * time.Millisecond: 2 * time.Second,
		500 * time.Millisecond: 2 * time.Second,
		510 * time.Millisecond: 4 * time.Second,
	} {
		t.Run(late.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := transport.NewLimiter(1, 1, transport.RateMargin(0.5))
				lateClock(l, late, false)
				assert.Equal(t, want, secondWait(t, l))
			})
		})
	}
}

// A margin of zero never retakes a token, however late the waiter woke.
func TestZeroMarginNeverRetakes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := transport.NewLimiter(1, 1, transport.RateMargin(0))
		lateClock(l, time.Hour, true)
		assert.Equal(t, time.Second, secondWait(t, l))
	})
}

// A waiter that keeps waking late takes at most three fresh tokens, then
// goes anyway.
func TestLateWakerRetakesAtMostThreeTimes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := transport.NewLimiter(1, 1, transport.RateMargin(0.5))
		lateClock(l, time.Hour, true)
		assert.Equal(t, 8*time.Second, secondWait(t, l), "due at 2 s, then fresh tokens at 4, 6 and 8 s")
	})
}
