package transport_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
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
// context ends, like a provider that stops sending mid-body. It then fails
// with report's error, or the context's cause when report is nil.
type stalledBody struct {
	ctx      context.Context
	report   func(context.Context) error
	watchdog <-chan time.Time
}

func (b stalledBody) Read([]byte) (int, error) {
	select {
	case <-b.ctx.Done():
		if b.report != nil {
			return 0, b.report(b.ctx)
		}
		return 0, context.Cause(b.ctx)
	case <-b.watchdog:
		return 0, errWatchdog
	}
}

func (stalledBody) Close() error { return nil }

func stalling(watchdog <-chan time.Time) http.RoundTripper { return stallingReport(watchdog, nil) }

// stallingReport is stalling with a body that reports its ended context
// with report.
func stallingReport(watchdog <-chan time.Time, report func(context.Context) error) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, ContentLength: -1, Request: r,
			Body: stalledBody{ctx: r.Context(), report: report, watchdog: watchdog}}, nil
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
			hc := newClient(t, transport.WithAttemptTimeout(time.Millisecond), transport.WithBase(stallingReport(watchdog, report)))
			_, err := get(t, hc, context.Background(), "http://provider.example/track")
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			assert.NotErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "WithAttemptTimeout")
		})
	}
}

// The attempts of a client share one timer: many at once, stalled and
// prompt mixed, each stalled one ends at its own bound, no prompt one is
// cut short, and later attempts are bounded too.
func TestAttemptTimeoutManyAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stalled := stalling(time.After(24 * time.Hour))
		hc := transport.New(transport.WithAttemptTimeout(20*time.Second), transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
			transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
				if r.URL.Path == "/stall" {
					return stalled.RoundTrip(r)
				}
				return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
					Body: io.NopCloser(strings.NewReader(`{"ok":true}`))}, nil
			})))
		transport.WatchInBubbles(hc)
		var wg sync.WaitGroup
		took := make([]time.Duration, 64)
		errs := make([]error, len(took))
		for i := range errs {
			wg.Go(func() {
				time.Sleep(time.Duration(i%8) * time.Second) // starts spread over 8 s
				path := "/ok"
				if i%2 == 0 {
					path = "/stall"
				}
				from := time.Now()
				_, errs[i] = get(t, hc, context.Background(), "http://provider.example"+path)
				took[i] = time.Since(from)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if i%2 == 0 {
				require.Error(t, err, "attempt %d", i)
				assert.NotErrorIs(t, err, errWatchdog)
				assert.Contains(t, err.Error(), "WithAttemptTimeout")
				assert.Equal(t, 20*time.Second, took[i], "attempt %d ends at its own bound", i)
			} else {
				assert.NoError(t, err, "attempt %d", i)
				assert.Zero(t, took[i])
			}
		}
		// Later, after the timer has gone quiet, a new attempt is bounded.
		time.Sleep(time.Hour)
		from := time.Now()
		_, err := get(t, hc, context.Background(), "http://provider.example/stall")
		require.ErrorContains(t, err, "WithAttemptTimeout")
		assert.Equal(t, 20*time.Second, time.Since(from))
	})
}

// A failed attempt releases its bound at once: its context is cancelled
// when the call returns, not when the bound passes.
func TestFailedAttemptReleasesItsBound(t *testing.T) {
	var attemptCtx context.Context
	hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		attemptCtx = r.Context()
		return nil, errors.New("connection refused")
	})))
	_, err := get(t, hc, context.Background(), "http://provider.example/track")
	require.Error(t, err)
	_, bounded := attemptCtx.Deadline()
	assert.True(t, bounded, "the attempt was bounded")
	assert.Equal(t, context.Canceled, attemptCtx.Err(), "released with the failure")
}

// Over HTTP/2, where net/http reports an ended context as ctx.Err() and
// not as its cause, an attempt whose headers or body stall is still
// retried as timed out, and the call's error does not read as the
// caller's own deadline.
func TestAttemptTimeoutOverHTTP2(t *testing.T) {
	for _, stall := range []string{"headers", "body"} {
		t.Run(stall, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.ProtoMajor != 2 {
					t.Errorf("served over %s, want HTTP/2", r.Proto)
				}
				if stall == "body" {
					w.WriteHeader(http.StatusOK)
					_, _ = w.Write([]byte(`{"ok":`))
					w.(http.Flusher).Flush()
				}
				select {
				case <-r.Context().Done():
				case <-time.After(time.Minute): // ends the handler if nothing bounded the attempt
				}
			}))
			srv.EnableHTTP2 = true
			srv.StartTLS()
			t.Cleanup(srv.Close)
			var attempts atomic.Int32
			base := srv.Client().Transport
			hc := newClient(t, transport.WithAttemptTimeout(50*time.Millisecond), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
				attempts.Add(1)
				return base.RoundTrip(r)
			})))
			_, err := get(t, hc, context.Background(), srv.URL)
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			assert.NotErrorIs(t, err, context.Canceled)
			assert.Contains(t, err.Error(), "WithAttemptTimeout")
			if stall == "headers" {
				assert.Equal(t, int32(fast.MaxRetries+1), attempts.Load(), "each timed-out attempt is retried")
			}
		})
	}
}
