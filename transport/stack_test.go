package transport_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestEachAttemptCallsTheLimiterOnce(t *testing.T) {
	srv := newServer(t, statuses(503, 503, 200))
	lim := &countingLimiter{}
	hc := newClient(t, transport.WithLimiter(lim))

	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)
	assert.Equal(t, 3, srv.count())
	assert.Equal(t, 3, lim.total(), "one Wait per attempt")
	assert.Equal(t, 3, lim.count(srv.Listener.Addr().String()), "without a key, the host is the key")
}

func TestWithLimitKeyPicksTheBucket(t *testing.T) {
	srv := newServer(t, statuses(200))
	lim := &countingLimiter{}
	hc := newClient(t, transport.WithLimiter(lim))

	ctx := transport.WithLimitKey(context.Background(), "cred-a:/track")
	_, err := get(t, hc, ctx, srv.URL)
	require.NoError(t, err)
	_, err = get(t, hc, transport.WithLimitKey(context.Background(), "cred-b"), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 1, lim.count("cred-a:/track"))
	assert.Equal(t, 1, lim.count("cred-b"))
	assert.Equal(t, 2, lim.total())
}

// A bucket that never refills within the test shows the tokens spent: N
// attempts take N tokens, and each key has its own bucket.
func TestAttemptsSpendTokensPerKey(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	hc := newClient(t, transport.WithRateLimit(rate.Every(time.Hour), 2))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	a := transport.WithLimitKey(ctx, "a")
	resp, err := get(t, hc, a, srv.URL) // 503 then 200: two attempts, two tokens
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)

	// Bucket "a" is empty: the next token is an hour away, past the
	// deadline, so the call fails at once without reaching the server.
	_, err = get(t, hc, a, srv.URL)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Greater(t, apiErr.RetryAfter, 30*time.Minute)
	assert.Equal(t, "fake", apiErr.Carrier)
	assert.Equal(t, 2, srv.count())
	assert.NoError(t, ctx.Err(), "it did not wait for the deadline")

	// Bucket "b" is full.
	_, err = get(t, hc, transport.WithLimitKey(ctx, "b"), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.count())
}

// A custom Limiter's failure stops the call: it is not a connection
// failure to retry.
func TestLimiterErrorIsNotRetried(t *testing.T) {
	srv := newServer(t, statuses(200))
	boom := errors.New("shared limiter unreachable")
	var calls int
	lim := limiterFunc(func(ctx context.Context, key string) error { calls++; return boom })
	hc := newClient(t, transport.WithLimiter(lim))

	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1, calls)
	assert.Equal(t, 0, srv.count())
}

type limiterFunc func(ctx context.Context, key string) error

func (f limiterFunc) Wait(ctx context.Context, key string) error { return f(ctx, key) }

func TestRetriedStatuses(t *testing.T) {
	for _, code := range []int{429, 502, 503, 504} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := newServer(t, statuses(code, 200))
			hc := newClient(t)
			resp, err := get(t, hc, context.Background(), srv.URL)
			require.NoError(t, err)
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, 2, resp.Attempts)
			assert.Equal(t, 2, srv.count())
		})
	}
}

func TestNotRetriedStatuses(t *testing.T) {
	for code, kind := range map[int]error{
		400: tracking.ErrInvalidRequest, 401: tracking.ErrUnauthorized,
		404: tracking.ErrNotFound, 500: tracking.ErrUnavailable,
	} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := newServer(t, statuses(code, 200))
			hc := newClient(t)
			resp, err := get(t, hc, context.Background(), srv.URL)
			require.ErrorIs(t, err, kind)
			var apiErr *tracking.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, code, apiErr.StatusCode)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Equal(t, `{"ok":false}`, apiErr.Message)
			require.NotNil(t, resp)
			assert.Equal(t, code, resp.StatusCode)
			assert.Equal(t, 1, srv.count())
		})
	}
}

func TestRetriesSpentHandTheLastAnswerOn(t *testing.T) {
	srv := newServer(t, statuses(503))
	hc := newClient(t)
	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, fast.MaxRetries+1, apiErr.Attempts)
	assert.Equal(t, fast.MaxRetries+1, srv.count())
	assert.Contains(t, err.Error(), "4 attempts")
}

func TestNegativeMaxRetriesDisablesRetries(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1, srv.count())
}

// classify reads the fake envelope {"code": "..."}.
func classify(_ *http.Response, body []byte) transport.Verdict {
	switch string(body) {
	case `{"code":"A0706"}`:
		return transport.RateLimited
	case `{"code":"BUSY"}`:
		return transport.Retryable
	}
	return transport.Final
}

// envelope answers the i-th request with HTTP status codes[i] and body
// {"code": bodies[i]} (the last entries repeat).
func envelope(codes []int, bodies []string) func(int, http.ResponseWriter, *http.Request) {
	return func(i int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(codes[min(i, len(codes)-1)])
		_, _ = w.Write([]byte(`{"code":"` + bodies[min(i, len(bodies)-1)] + `"}`))
	}
}

func TestClassifierVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		method string
		codes  []int
		bodies []string
		want   int // requests the server sees
	}{
		{"rate limit sent with 200 is retried", http.MethodGet, []int{200}, []string{"A0706", "OK"}, 2},
		{"rate limit sent with 200 is retried for POST", http.MethodPost, []int{200}, []string{"A0706", "OK"}, 2},
		{"retryable sent with 200 is retried", http.MethodGet, []int{200}, []string{"BUSY", "OK"}, 2},
		{"retryable POST is not retried", http.MethodPost, []int{200}, []string{"BUSY", "OK"}, 1},
		{"500 classified retryable is retried", http.MethodGet, []int{500, 200}, []string{"BUSY", "OK"}, 2},
		{"500 classified as final is not", http.MethodGet, []int{500, 200}, []string{"OOPS", "OK"}, 1},
		{"a classifier cannot make 503 final", http.MethodGet, []int{503, 200}, []string{"OOPS", "OK"}, 2},
		{"503 classified rate limited is retried for POST", http.MethodPost, []int{503, 200}, []string{"A0706", "OK"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, envelope(tc.codes, tc.bodies))
			hc := newClient(t, transport.WithClassifier(classify))
			var err error
			if tc.method == http.MethodPost {
				_, err = post(t, hc, context.Background(), srv.URL)
			} else {
				_, err = get(t, hc, context.Background(), srv.URL)
			}
			_ = err // the outcome is the status; what matters here is the count
			assert.Equal(t, tc.want, srv.count())
		})
	}
}

// The classifier sees the body, and the caller still reads it whole.
func TestClassifierLeavesTheBodyReadable(t *testing.T) {
	srv := newServer(t, envelope([]int{200}, []string{"OK"}))
	var seen string
	hc := newClient(t, transport.WithClassifier(func(_ *http.Response, body []byte) transport.Verdict {
		seen = string(body)
		return transport.Final
	}))
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, `{"code":"OK"}`, seen)
	assert.Equal(t, `{"code":"OK"}`, string(resp.Body))
}

// A rate-limit signal sent with HTTP 200 whose wait would pass the
// deadline fails at once with ErrRateLimited, not as a success.
func TestInBodyRateLimitPastDeadline(t *testing.T) {
	srv := newServer(t, envelope([]int{200}, []string{"A0706"}))
	hc := newClient(t, transport.WithClassifier(classify),
		transport.WithRetry(transport.RetryPolicy{MinWait: time.Hour, MaxWait: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	var decoded bool
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := transport.Do(hc, "fake", req, func(r *transport.Response, e *tracking.APIError) {
		decoded = true
		e.Code = "A0706"
		e.Message = "too many requests"
		e.Kind = tracking.ErrInvalidRequest // the transport's category wins
	})
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, decoded, "the ErrorDecoder read the answer the transport stopped on")
	assert.Equal(t, "A0706", apiErr.Code)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.GreaterOrEqual(t, apiErr.RetryAfter, 30*time.Minute)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, 1, srv.count())
	assert.NoError(t, ctx.Err())
}

func TestConnectionFailuresAreRetried(t *testing.T) {
	srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
		if i == 0 {
			hijackClose(t, w)
			return
		}
		w.WriteHeader(200)
	})
	hc := newClient(t)
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, 2, srv.count())
}

// hijackClose closes the connection after the request was read, without
// a word: the provider may have processed it.
func hijackClose(t testing.TB, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("server cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestConnectionFailureAfterRetriesIsUnavailable(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { hijackClose(t, w) })
	hc := newClient(t)
	_, err := get(t, hc, context.Background(), srv.URL+"/track?key=SECRET-Q")
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 0, apiErr.StatusCode)
	assert.Equal(t, fast.MaxRetries+1, apiErr.Attempts)
	assert.Equal(t, fast.MaxRetries+1, srv.count())
	assert.NotContains(t, err.Error(), "SECRET-Q")
	assert.NotContains(t, err.Error(), "/track", "no URL in the error")
}

func TestPOST(t *testing.T) {
	t.Run("not retried after a 5xx", func(t *testing.T) {
		srv := newServer(t, statuses(503, 200))
		hc := newClient(t)
		_, err := post(t, hc, context.Background(), srv.URL)
		require.ErrorIs(t, err, tracking.ErrUnavailable)
		assert.Equal(t, 1, srv.count())
	})
	t.Run("not retried once the request was written", func(t *testing.T) {
		srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
			_, _ = readAll(r)
			if i == 0 {
				hijackClose(t, w)
				return
			}
			w.WriteHeader(200)
		})
		hc := newClient(t)
		_, err := post(t, hc, context.Background(), srv.URL)
		require.ErrorIs(t, err, tracking.ErrUnavailable)
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Equal(t, 1, srv.count())
	})
	t.Run("retried on 429", func(t *testing.T) {
		srv := newServer(t, statuses(429, 201))
		hc := newClient(t)
		resp, err := post(t, hc, context.Background(), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, 2, srv.count())
	})
	t.Run("retried when the dial fails", func(t *testing.T) {
		addr := closedAddr(t)
		var dials int
		hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
			transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
				dials++
				return http.DefaultTransport.RoundTrip(r)
			})))
		_, err := post(t, hc, context.Background(), "http://"+addr)
		require.ErrorIs(t, err, tracking.ErrUnavailable)
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 3, apiErr.Attempts)
		assert.Equal(t, 3, dials)
	})
	t.Run("retried when the base fails before writing", func(t *testing.T) {
		srv := newServer(t, statuses(201))
		var calls int
		base := http.DefaultTransport.(*http.Transport).Clone()
		t.Cleanup(base.CloseIdleConnections)
		hc := newClient(t, transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("proxy refused the connection")
			}
			return base.RoundTrip(r)
		})))
		resp, err := post(t, hc, context.Background(), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, 2, resp.Attempts)
		assert.Equal(t, 2, calls)
		assert.Equal(t, 1, srv.count())
	})
	t.Run("retried when marked idempotent", func(t *testing.T) {
		srv := newServer(t, statuses(503, 201))
		hc := newClient(t)
		resp, err := post(t, hc, transport.Idempotent(context.Background()), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, 2, srv.count())
	})
	t.Run("retried after a written request when marked idempotent", func(t *testing.T) {
		srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
			_, _ = readAll(r)
			if i == 0 {
				hijackClose(t, w)
				return
			}
			w.WriteHeader(201)
		})
		hc := newClient(t)
		resp, err := post(t, hc, transport.Idempotent(context.Background()), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, 2, resp.Attempts)
		assert.Equal(t, 2, srv.count())
	})
	t.Run("retried with an Idempotency-Key header", func(t *testing.T) {
		srv := newServer(t, statuses(503, 201))
		hc := newClient(t)
		req, _ := http.NewRequest(http.MethodPost, srv.URL, nil)
		req.Header.Set("Idempotency-Key", "k-1")
		_, err := transport.Do(hc, "fake", req, nil)
		require.NoError(t, err)
		assert.Equal(t, 2, srv.count())
	})
	t.Run("every attempt sends the whole body", func(t *testing.T) {
		var bodies []string
		srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
			b, _ := readAll(r)
			bodies = append(bodies, string(b))
			w.WriteHeader([]int{429, 429, 201}[min(i, 2)])
		})
		hc := newClient(t)
		_, err := post(t, hc, context.Background(), srv.URL)
		require.NoError(t, err)
		want := `{"tracking_number":"1Z"}`
		assert.Equal(t, []string{want, want, want}, bodies)
	})
}

// Many calls share one client, its limiter and its budget.
func TestConcurrentCalls(t *testing.T) {
	srv := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
		if i%3 == 0 {
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(200)
	})
	lim := &countingLimiter{}
	hc := newClient(t, transport.WithLimiter(lim), transport.WithRetry(transport.RetryPolicy{MaxRetries: 10, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := transport.WithLimitKey(context.Background(), []string{"a", "b", "c"}[i%3])
			_, err := get(t, hc, ctx, srv.URL)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, srv.count(), lim.total(), "one token per attempt")
	for _, k := range []string{"a", "b", "c"} {
		assert.GreaterOrEqual(t, lim.count(k), 10, "key %s", k)
	}
}
