package transport_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// errWatchdog ends a stalled body in a test whose bound failed, so that
// the test fails instead of hanging; it is never reached when the bound
// works.
var errWatchdog = errors.New("watchdog: nothing bounded the attempt")

// stalledBody is an answer whose body sends nothing until the request's
// context ends, like a provider that stops sending mid-body.
type stalledBody struct {
	ctx      context.Context
	watchdog <-chan time.Time
}

func (b stalledBody) Read([]byte) (int, error) {
	select {
	case <-b.ctx.Done():
		return 0, context.Cause(b.ctx)
	case <-b.watchdog:
		return 0, errWatchdog
	}
}

func (stalledBody) Close() error { return nil }

func stalling(watchdog <-chan time.Time) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, ContentLength: -1, Request: r,
			Body: stalledBody{ctx: r.Context(), watchdog: watchdog}}, nil
	})
}

// Without a context deadline or a client Timeout, an attempt whose body
// stalls still ends, with an error that says why and what to do.
func TestAttemptTimeoutBoundsAStalledBody(t *testing.T) {
	watchdog := time.After(time.Minute)
	hc := newClient(t, transport.WithBase(stalling(watchdog)), transport.WithAttemptTimeout(time.Millisecond))
	_, err := get(t, hc, context.Background(), "http://provider.example/track")
	require.Error(t, err)
	assert.NotErrorIs(t, err, errWatchdog)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller's context did not end")
	assert.Contains(t, err.Error(), "WithAttemptTimeout")
}

// The bound applies to each attempt: an attempt whose body stalls while
// a classifier reads it is retried, and the call ends once retries run
// out.
func TestAttemptTimeoutIsRetried(t *testing.T) {
	watchdog := time.After(time.Minute)
	var attempts int
	base := stalling(watchdog)
	hc := newClient(t, transport.WithAttemptTimeout(time.Millisecond), transport.WithClassifier(readsNothing),
		transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
			attempts++
			return base.RoundTrip(r)
		})))
	_, err := get(t, hc, context.Background(), "http://provider.example/track")
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.NotErrorIs(t, err, errWatchdog)
	assert.Equal(t, fast.MaxRetries+1, attempts)
}

// Over a real connection: net/http ends a body read in progress when the
// attempt's bound passes, and the answer's headers came in time.
func TestAttemptTimeoutEndsADrippingBody(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		watchdog := time.After(time.Minute) // ends the body if nothing bounded the attempt
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-watchdog:
				return
			case <-tick.C:
			}
		}
	})
	hc := newClient(t, transport.WithAttemptTimeout(50*time.Millisecond))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Contains(t, err.Error(), "WithAttemptTimeout")
}

// A negative bound removes it: the context is then what ends the call.
func TestNegativeAttemptTimeoutRemovesTheBound(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	hc := newClient(t, transport.WithAttemptTimeout(-1), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		_, hasDeadline := r.Context().Deadline()
		assert.False(t, hasDeadline, "no bound on the attempt")
		cancel()
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})))
	_, err := get(t, hc, ctx, "http://provider.example/track")
	assert.ErrorIs(t, err, context.Canceled)
}
