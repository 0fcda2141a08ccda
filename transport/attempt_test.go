package transport_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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

// A base that reports its ended context as context.Canceled or the
// context's Err (as some RoundTrippers do, where net/http gives the
// cause) still has its attempt retried as timed out: the caller's context
// is alive, so the error must not read as the caller's own end.
func TestAttemptTimeoutWhateverTheBaseReports(t *testing.T) {
	for name, report := range map[string]func(context.Context) error{
		"Canceled": func(context.Context) error { return context.Canceled },
		"Err":      func(ctx context.Context) error { return ctx.Err() },
	} {
		t.Run(name+"/headers", func(t *testing.T) {
			watchdog := time.After(time.Minute)
			var attempts atomic.Int32
			hc := newClient(t, transport.WithAttemptTimeout(time.Millisecond), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
				attempts.Add(1)
				select {
				case <-r.Context().Done():
					return nil, report(r.Context())
				case <-watchdog:
					return nil, errWatchdog
				}
			})))
			_, err := get(t, hc, context.Background(), "http://provider.example/track")
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			assert.NotErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "WithAttemptTimeout")
			assert.Equal(t, int32(fast.MaxRetries+1), attempts.Load(), "each timed-out attempt is retried")
		})
		t.Run(name+"/body", func(t *testing.T) {
			watchdog := time.After(time.Minute)
			hc := newClient(t, transport.WithAttemptTimeout(time.Millisecond), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, ContentLength: -1, Request: r,
					Body: reportingBody{ctx: r.Context(), report: report, watchdog: watchdog}}, nil
			})))
			_, err := get(t, hc, context.Background(), "http://provider.example/track")
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			assert.NotErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "WithAttemptTimeout")
		})
	}
}

// reportingBody stalls until its context ends, then fails with report's
// error.
type reportingBody struct {
	ctx      context.Context
	report   func(context.Context) error
	watchdog <-chan time.Time
}

func (b reportingBody) Read([]byte) (int, error) {
	select {
	case <-b.ctx.Done():
		return 0, b.report(b.ctx)
	case <-b.watchdog:
		return 0, errWatchdog
	}
}

func (reportingBody) Close() error { return nil }

// Outside a bubble the attempts of a client share one timer: many at once,
// stalled and prompt mixed, each stalled one still ends at its own bound
// and no prompt one is cut short.
func TestAttemptTimeoutManyAtOnce(t *testing.T) {
	watchdog := time.After(time.Minute)
	stalled := stalling(watchdog)
	hc := newClient(t, transport.WithAttemptTimeout(20*time.Millisecond), transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
		transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Path == "/stall" {
				return stalled.RoundTrip(r)
			}
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
				Body: io.NopCloser(strings.NewReader(`{"ok":true}`))}, nil
		})))
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range errs {
		wg.Go(func() {
			path := "/ok"
			if i%2 == 0 {
				path = "/stall"
			}
			start := time.Now()
			_, errs[i] = get(t, hc, context.Background(), "http://provider.example"+path)
			if i%2 == 0 {
				assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond, "a stalled attempt ends at its bound, not before")
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 0 {
			require.Error(t, err, "attempt %d", i)
			assert.NotErrorIs(t, err, errWatchdog)
			assert.Contains(t, err.Error(), "WithAttemptTimeout")
		} else {
			assert.NoError(t, err, "attempt %d", i)
		}
	}
}
