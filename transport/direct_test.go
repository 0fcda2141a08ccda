package transport_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// Do follows redirects inside its retry loop; a redirect policy that
// refuses ends the call with that refusal, once: it is not retried as if
// the connection had broken.
func TestDoRedirectPolicyRefusalIsNotRetried(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	refused := errors.New("no redirects, please")
	var asked atomic.Int32
	hc := newClient(t, transport.WithHTTPClient(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		asked.Add(1)
		return refused
	}}))
	_, err := get(t, hc, context.Background(), srv.URL+"/start")
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	require.ErrorIs(t, err, refused)
	assert.Equal(t, 1, srv.count(), "the refused redirect is not retried")
	assert.Equal(t, int32(1), asked.Load())
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
}

// A 5xx after a redirect is retried from the start of the chain, and the
// attempts count every hop.
func TestDoRetriesAcrossARedirect(t *testing.T) {
	var landed atomic.Int32
	srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		if landed.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	resp, err := get(t, newClient(t), context.Background(), srv.URL+"/old")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 4, resp.Attempts, "two hops, twice")
}

// The client's cookie jar is used on every hop Do follows.
func TestDoUsesTheClientsCookieJar(t *testing.T) {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	got := make(chan string, 1)
	srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Path: "/"})
			http.Redirect(w, r, "/track", http.StatusFound)
			return
		}
		c, _ := r.Cookie("session")
		if c != nil {
			got <- c.Value
		} else {
			got <- ""
		}
	})
	hc := newClient(t, transport.WithHTTPClient(&http.Client{Jar: jar}))
	_, err = get(t, hc, context.Background(), srv.URL+"/login")
	require.NoError(t, err)
	assert.Equal(t, "abc", <-got)
}

// The client's Timeout bounds the whole call through Do, as http.Client's
// own would: a provider that never answers ends the call at the Timeout,
// with an error matching context.DeadlineExceeded that names the setting.
func TestDoHonoursTheClientTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hc := transport.New(transport.WithTimeout(time.Second), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done()
			return nil, r.Context().Err()
		})))
		start := time.Now()
		req, err := http.NewRequest(http.MethodGet, "http://provider.example/track", nil)
		require.NoError(t, err)
		_, err = transport.Do(hc, "fake", req, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorContains(t, err, "transport.WithTimeout")
		assert.Equal(t, time.Second, time.Since(start))
	})
}

// A context that ends before the client's Timeout is reported as the
// context's own error, as before.
func TestDoContextEndsBeforeTheClientTimeout(t *testing.T) {
	hc := newClient(t, transport.WithTimeout(time.Hour), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := get(t, hc, ctx, "http://provider.example/track")
	assert.Equal(t, context.Canceled, err)
}

// A caller's context ended with a cause is reported by its error, as a
// context's end always was, not by the cause.
func TestDoReportsTheContextsErrorNotItsCause(t *testing.T) {
	hc := newClient(t, transport.WithTimeout(time.Hour), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		return nil, r.Context().Err()
	})))
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("shutting down"))
	_, err := get(t, hc, ctx, "http://provider.example/track")
	assert.Equal(t, context.Canceled, err)
}

// A context deadline further off than the attempt timeout leaves the
// attempt's own bound in place; one that comes first makes it needless.
func TestAttemptTimeoutUnderAContextDeadline(t *testing.T) {
	for deadline, want := range map[time.Duration]time.Duration{time.Hour: time.Second, 500 * time.Millisecond: 500 * time.Millisecond} {
		t.Run(deadline.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				hc := transport.New(transport.WithAttemptTimeout(time.Second), transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
					transport.WithBase(stalling(time.After(2*time.Hour))))
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				start := time.Now()
				_, err := get(t, hc, ctx, "http://provider.example/track")
				require.Error(t, err)
				assert.NotErrorIs(t, err, errWatchdog)
				assert.Equal(t, want, time.Since(start))
			})
		})
	}
}

// A context error from the base while the caller's context is alive (a
// base with its own cancellation) ends the call: it is not retried as a
// broken connection.
func TestBaseContextErrorIsNotRetried(t *testing.T) {
	var calls atomic.Int32
	hc := newClient(t, transport.WithBase(rtFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, context.Canceled
	})))
	_, err := get(t, hc, context.Background(), "http://provider.example/track")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), calls.Load())
}

// Do leaves the caller's request as it was, retries and all: a request
// with a body keeps its Body and context (the loop works on a copy), and
// a bodiless one, sent as it is, keeps its fields too.
func TestDoLeavesTheCallersRequestAlone(t *testing.T) {
	srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
		statuses(503, 200)(i%2, w, r) // each request fails once
	})
	hc := newClient(t)
	ctx := transport.Idempotent(context.WithValue(context.Background(), ctxKey{}, "caller"))

	withBody, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader(`{"n":1}`))
	require.NoError(t, err)
	body := withBody.Body
	_, err = transport.Do(hc, "fake", withBody, nil)
	require.NoError(t, err)
	assert.True(t, body == withBody.Body, "the loop swaps a copy's body, not the caller's")
	assert.Equal(t, ctx, withBody.Context())

	bodiless, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	before := *bodiless
	_, err = transport.Do(hc, "fake", bodiless, nil)
	require.NoError(t, err)
	assert.Equal(t, ctx, bodiless.Context())
	assert.Equal(t, before.Header, bodiless.Header)
	assert.Nil(t, bodiless.Body)
	assert.Equal(t, before.URL, bodiless.URL)
	assert.Equal(t, 4, srv.count(), "each request was retried once")
}

type ctxKey struct{}
