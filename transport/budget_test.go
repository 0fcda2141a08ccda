package transport_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestRetryBudget(t *testing.T) {
	var up atomic.Bool
	srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
		if up.Load() {
			w.WriteHeader(200)
			return
		}
		w.WriteHeader(503)
	})
	budget := transport.NewRetryBudget(10) // two retries at 5 tokens each
	hc := newClient(t, transport.WithRetryBudget(budget))
	ctx := context.Background()

	// The first call retries twice, then the budget is spent.
	_, err := get(t, hc, ctx, srv.URL)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "retry budget exhausted")
	assert.Equal(t, 3, srv.count())
	assert.Equal(t, 0, budget.Available())

	// Later calls fail fast: one attempt, no retry.
	for range 3 {
		_, err = get(t, hc, ctx, srv.URL)
		require.ErrorIs(t, err, tracking.ErrUnavailable)
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 1, apiErr.Attempts)
	}
	assert.Equal(t, 6, srv.count())

	// Successes refill it, one token each.
	up.Store(true)
	for range 5 {
		_, err = get(t, hc, ctx, srv.URL)
		require.NoError(t, err)
	}
	assert.Equal(t, 5, budget.Available())
	assert.Equal(t, 11, srv.count())

	// Enough for one retry again.
	up.Store(false)
	_, err = get(t, hc, ctx, srv.URL)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 2, apiErr.Attempts)
	assert.Equal(t, 13, srv.count())
}

// A retried call that succeeds gives back what its last retry cost.
func TestRetryBudgetRefundsARetriedSuccess(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	budget := transport.NewRetryBudget(100)
	hc := newClient(t, transport.WithRetryBudget(budget))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 100, budget.Available())
}

// Connection failures cost more than error answers.
func TestRetryBudgetConnectionFailures(t *testing.T) {
	budget := transport.NewRetryBudget(25)
	hc := newClient(t, transport.WithRetryBudget(budget))
	_, err := get(t, hc, context.Background(), "http://"+closedAddr(t))
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts, "10 tokens per retry: two retries")
	assert.Equal(t, 5, budget.Available())
	assert.Contains(t, err.Error(), "retry budget exhausted")
	assert.Contains(t, err.Error(), "connection refused")
}

func TestRetryBudgetIsSharedAndSafe(t *testing.T) {
	var b *transport.RetryBudget
	assert.Equal(t, 0, b.Available(), "a nil budget reports nothing left")
	assert.Equal(t, 0, transport.NewRetryBudget(-3).Available())
	assert.Equal(t, transport.DefaultCapacity, transport.NewRetryBudget(transport.DefaultCapacity).Available())
}
