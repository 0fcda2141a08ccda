package transport_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// answer is a base that answers every attempt with status, header and
// body, recording whether each body was closed.
func answer(status int, header http.Header, body func() []byte, closed *atomic.Int64) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		b := body()
		return &http.Response{StatusCode: status, Header: header.Clone(), ContentLength: int64(len(b)), Request: r,
			Body: &closeCounter{Reader: bytes.NewReader(b), closed: closed}}, nil
	})
}

type closeCounter struct {
	io.Reader
	closed *atomic.Int64
}

func (c *closeCounter) Close() error {
	if c.closed != nil {
		c.closed.Add(1)
	}
	return nil
}

// A success of exactly MaxBody bytes is accepted; one byte more is not.
func TestBodyOfExactlyMaxBody(t *testing.T) {
	body := bytes.Repeat([]byte("a"), transport.MaxBody)
	hc := newClient(t, transport.WithBase(answer(200, http.Header{}, func() []byte { return body }, nil)))
	resp, err := get(t, hc, context.Background(), "http://provider.example/")
	require.NoError(t, err)
	assert.Len(t, resp.Body, transport.MaxBody)
}

// A 3xx that is not followed is not a success: its body is read only up
// to MaxErrorBody.
func TestUnfollowed3xxBodyIsBounded(t *testing.T) {
	var read atomic.Int64
	hc := newClient(t, transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusMultipleChoices, Header: http.Header{}, ContentLength: -1,
			Body: endless{&read}, Request: r}, nil
	})))
	resp, err := get(t, hc, context.Background(), "http://provider.example/")
	require.NoError(t, err)
	assert.Len(t, resp.Body, transport.MaxErrorBody)
}

func TestNewAPIErrorKind(t *testing.T) {
	e := transport.NewAPIError("fake", &transport.Response{StatusCode: 200, Header: http.Header{}}, tracking.ErrInvalidResponse)
	assert.Equal(t, tracking.ErrInvalidResponse, e.Kind, "an explicit kind wins over the status")
	e = transport.NewAPIError("fake", &transport.Response{StatusCode: 404, Header: http.Header{}}, nil)
	assert.Equal(t, tracking.ErrNotFound, e.Kind, "no kind: the status's")
}

// A client built without WithCarrier still names the carrier Do was given.
func TestDoNamesTheCarrier(t *testing.T) {
	srv := newServer(t, rateLimited(func() string { return "3600" }))
	hc := transport.New(transport.WithRetry(fast))
	t.Cleanup(hc.CloseIdleConnections)
	_, err := get(t, hc, context.Background(), srv.URL)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "fake", apiErr.Carrier)
}

// When the transport stops on an answer, the decoder fills the code and
// message; the transport's Retry-After wins over the decoder's when the
// transport has one, and a body the decoder leaves unread becomes the
// message.
func TestStoppedAnswerDecoding(t *testing.T) {
	decodeWith := func(code string) transport.ErrorDecoder {
		return func(_ *transport.Response, e *tracking.APIError) {
			e.RetryAfter = 7 * time.Second
			e.Code = code
		}
	}
	do := func(t *testing.T, hc *http.Client, url string, decode transport.ErrorDecoder) *tracking.APIError {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, url, nil)
		require.NoError(t, err)
		_, err = transport.Do(hc, "fake", req, decode)
		var apiErr *tracking.APIError
		require.ErrorAs(t, err, &apiErr)
		return apiErr
	}
	t.Run("long Retry-After", func(t *testing.T) {
		srv := newServer(t, rateLimited(func() string { return "3600" }))
		e := do(t, newClient(t), srv.URL, decodeWith(""))
		assert.Equal(t, time.Hour, e.RetryAfter, "the provider's header, not the decoder's guess")
		assert.Equal(t, `{"error":"slow down"}`, e.Message, "a body the decoder did not read is kept")
	})
	t.Run("budget spent", func(t *testing.T) {
		srv := newServer(t, statuses(503))
		hc := newClient(t, transport.WithRetryBudget(transport.NewRetryBudget(0)))
		e := do(t, hc, srv.URL, decodeWith("E503"))
		require.ErrorIs(t, e, tracking.ErrUnavailable)
		assert.Equal(t, 7*time.Second, e.RetryAfter, "no wait from the transport: the decoder's stays")
		assert.Equal(t, "E503", e.Code)
		assert.Empty(t, e.Message, "a decoded code is enough")
	})
}

// A Retry-After exactly at MaxRetryAfter is honoured, for a 429 and a 5xx:
// the retry is planned (and the call cancelled as it starts waiting).
func TestRetryAfterAtTheMaximumIsHonoured(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(code)
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxRetryAfter: time.Second}),
				transport.WithLogger(slog.New(&cancelOnRetry{Handler: slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}), cancel: cancel})))
			_, err := get(t, hc, ctx, srv.URL)
			assert.ErrorIs(t, err, context.Canceled, "a retry was planned")
		})
	}
}

// A final 500 does not refill the retry budget: only an answer below 500
// shows the provider is healthy.
func TestFinal5xxDoesNotRefillTheBudget(t *testing.T) {
	budget := transport.NewRetryBudget(100)
	srv := newServer(t, statuses(503, 500))
	_, err := get(t, newClient(t, transport.WithRetryBudget(budget)), context.Background(), srv.URL)
	require.Error(t, err)
	assert.Less(t, budget.Available(), 100, "the retry's tokens are not given back by a 500")
}

// The log numbers attempts from 1.
func TestLoggedAttemptsCountFromOne(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	var logs bytes.Buffer
	hc := newClient(t, transport.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	var attempts []string
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "msg=\"attempt answered\"") {
			_, rest, _ := strings.Cut(line, " attempt=")
			n, _, _ := strings.Cut(rest, " ")
			attempts = append(attempts, n)
		}
	}
	assert.Equal(t, []string{"1", "2"}, attempts)
}

// A Limiter's own APIError gets the carrier and the attempts filled in.
func TestLimiterAPIErrorIsCompleted(t *testing.T) {
	lim := limiterFunc(func(context.Context, string) error {
		return &tracking.APIError{Kind: tracking.ErrRateLimited, Message: "shared limit spent"}
	})
	_, err := get(t, newClient(t, transport.WithLimiter(lim)), context.Background(), "http://provider.example/")
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "fake", apiErr.Carrier)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.ErrorIs(t, err, tracking.ErrRateLimited)
}

// A Limiter that fails with a context error while the call's context is
// alive has failed on its own: that is the limiter's error, not the
// caller's deadline.
func TestLimiterContextErrorIsTheLimiters(t *testing.T) {
	lim := limiterFunc(func(context.Context, string) error { return context.DeadlineExceeded })
	_, err := get(t, newClient(t, transport.WithLimiter(lim)), context.Background(), "http://provider.example/")
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
}

// An answer the transport stops on is closed once kept.
func TestStoppedAnswerIsClosed(t *testing.T) {
	var closed atomic.Int64
	h := http.Header{"Retry-After": {"3600"}}
	hc := newClient(t, transport.WithBase(answer(429, h, func() []byte { return []byte(`{}`) }, &closed)))
	_, err := get(t, hc, context.Background(), "http://provider.example/")
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	assert.Positive(t, closed.Load())
}

// net/http's rule: at most 10 redirects.
func TestRedirectLimit(t *testing.T) {
	for _, n := range []int{9, 10} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				left, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
				if left > 0 {
					http.Redirect(w, r, "/"+strconv.Itoa(left-1), http.StatusFound)
					return
				}
				w.WriteHeader(200)
			})
			_, err := get(t, newClient(t), context.Background(), srv.URL+"/"+strconv.Itoa(n))
			if n < 10 {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, "stopped after 10 redirects")
			}
		})
	}
}

func TestVerdictString(t *testing.T) {
	assert.Equal(t, "final", transport.Final.String())
	assert.Equal(t, "retryable", transport.Retryable.String())
	assert.Equal(t, "rate_limited", transport.RateLimited.String())
	assert.Equal(t, "verdict(7)", transport.Verdict(7).String())
}

// Used directly, without Do, the client completes a Limiter's APIError
// itself.
func TestLimiterAPIErrorIsCompletedWithoutDo(t *testing.T) {
	lim := limiterFunc(func(context.Context, string) error {
		return &tracking.APIError{Kind: tracking.ErrRateLimited}
	})
	hc := transport.New(transport.WithCarrier("direct"), transport.WithLimiter(lim))
	resp, err := hc.Get("http://provider.example/")
	if resp != nil {
		_ = resp.Body.Close()
	}
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "direct", apiErr.Carrier)
	assert.Equal(t, 1, apiErr.Attempts)
}
