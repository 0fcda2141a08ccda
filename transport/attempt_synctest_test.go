//go:build go1.25

package transport_test

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// With no option, no context deadline and no client Timeout, an attempt
// whose body stalls ends after DefaultAttemptTimeout, on the bubble's
// fake clock.
func TestDefaultAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		watchdog := time.After(time.Hour)
		hc := transport.New(transport.WithBase(stalling(watchdog)))
		start := time.Now()
		req, err := http.NewRequest(http.MethodGet, "http://provider.example/track", nil)
		require.NoError(t, err)
		_, err = transport.Do(hc, "fake", req, nil)
		require.ErrorIs(t, err, tracking.ErrUnavailable)
		assert.NotErrorIs(t, err, errWatchdog)
		assert.Equal(t, transport.DefaultAttemptTimeout, time.Since(start))
	})
}

// The bound lives as long as the body, not the headers, and its timer is
// released when the body is closed.
func TestAttemptTimerIsReleasedWithTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var attemptCtx context.Context
		hc := transport.New(transport.WithAttemptTimeout(time.Second), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
			attemptCtx = r.Context()
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})))
		req, err := http.NewRequest(http.MethodGet, "http://provider.example/track", nil)
		require.NoError(t, err)
		resp, err := transport.Do(hc, "fake", req, nil)
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		require.Error(t, attemptCtx.Err(), "the attempt's timer was released once its body was closed")
		assert.Equal(t, context.Canceled, attemptCtx.Err())
	})
}
