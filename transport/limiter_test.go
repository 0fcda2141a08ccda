package transport_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestKeyedLimiter(t *testing.T) {
	l := transport.NewLimiter(rate.Every(time.Hour), 2)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, l.Wait(ctx, "a"))
	require.NoError(t, l.Wait(ctx, "a"))
	err := l.Wait(ctx, "a")
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Greater(t, apiErr.RetryAfter, 50*time.Minute)
	require.NoError(t, l.Wait(ctx, "b"), "another key, another bucket")

	// A refused token is given back: after the refusal "a" is no further
	// behind than before it (one spacing: an hour plus the margin).
	err = l.Wait(ctx, "a")
	require.ErrorAs(t, err, &apiErr)
	assert.LessOrEqual(t, apiErr.RetryAfter, time.Hour*100/98+time.Millisecond)

	// Without a deadline a cancel ends the wait.
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	require.ErrorIs(t, l.Wait(cctx, "a"), context.Canceled)
}

func TestKeyedLimiterWithoutLimit(t *testing.T) {
	for _, r := range []rate.Limit{rate.Inf, 0, -1} {
		l := transport.NewLimiter(r, 0)
		for range 100 {
			require.NoError(t, l.Wait(context.Background(), "k"), "rate %v", r)
		}
	}
}

// A waiting token is granted in time when it comes before the deadline.
func TestKeyedLimiterWaits(t *testing.T) {
	l := transport.NewLimiter(rate.Every(time.Millisecond), 1)
	for range 5 {
		require.NoError(t, l.Wait(context.Background(), "k"))
	}
}

func TestPerMinute(t *testing.T) {
	assert.InDelta(t, 200.0/60, float64(transport.PerMinute(200)), 1e-9)
	assert.InDelta(t, 10.0/60, float64(transport.PerMinute(10)), 1e-9)
	assert.Equal(t, rate.Inf, transport.PerMinute(0), "no panic on zero")
	assert.Equal(t, rate.Inf, transport.PerMinute(-5))
}
