package carrierkit

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRoot(t *testing.T) {
	good := map[string]string{
		"https://api.example.com":          "https://api.example.com",
		"https://api.example.com/":         "https://api.example.com",
		"  http://127.0.0.1:8080/prefix/ ": "http://127.0.0.1:8080/prefix",
		"HTTPS://api.example.com/a/b":      "https://api.example.com/a/b",
	}
	for in, want := range good {
		got, err := Root("fake", in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{
		"", "api.example.com", "/v1", "ftp://api.example.com", "https://", "https:api.example.com", "://x", "http://[::1",
		"https://api.example.com?key=SECRET-1", "https://api.example.com/#SECRET-2", "https://user:SECRET-3@api.example.com",
		"https://api.example.com/?",
	} {
		_, err := Root("fake", in)
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, in)
		assert.Contains(t, err.Error(), "fake: base URL")
		assert.NotContains(t, err.Error(), "SECRET", "the error never repeats a secret")
	}
}

func TestLogDiscardsByDefault(t *testing.T) {
	assert.NotNil(t, Settings{}.Log())
	assert.False(t, Settings{}.Log().Enabled(context.Background(), slog.LevelError))
	l := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	assert.Same(t, l, Settings{Logger: l}.Log())
}

func newServer(t *testing.T, status ...int) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		i := int(n.Add(1)) - 1
		w.WriteHeader(status[min(i, len(status)-1)])
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func do(t *testing.T, hc *http.Client, ctx context.Context, url string) (*transport.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	return transport.Do(hc, "fake", req, nil)
}

var fast = transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}

func TestClientAppliesTheSettings(t *testing.T) {
	srv, n := newServer(t, 503, 200)
	var base atomic.Int64
	user := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		base.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	var logs bytes.Buffer
	s := Settings{
		HTTPClient: user, Limit: rate.Every(time.Hour), Burst: 2, Retry: fast,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	hc := s.Client("fake", nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	resp, err := do(t, hc, transport.WithLimitKey(ctx, "cred"), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts, "the retry policy applies")
	assert.EqualValues(t, 2, base.Load(), "the user's transport is the base")
	assert.Contains(t, logs.String(), "carrier=fake", "the logger is used")

	// Two attempts spent the bucket's two tokens.
	_, err = do(t, hc, transport.WithLimitKey(ctx, "cred"), srv.URL)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	assert.EqualValues(t, 2, n.Load())
	assert.Nil(t, user.CheckRedirect, "the user's client is not modified")
}

func TestClientLimiterWinsOverLimit(t *testing.T) {
	srv, _ := newServer(t, 200)
	var calls atomic.Int64
	s := Settings{Limit: rate.Every(time.Hour), Burst: 1, Retry: fast,
		Limiter: limiter(func(ctx context.Context, key string) error { calls.Add(1); return nil })}
	hc := s.Client("fake", nil)
	t.Cleanup(hc.CloseIdleConnections)
	for range 3 {
		_, err := do(t, hc, context.Background(), srv.URL)
		require.NoError(t, err)
	}
	assert.EqualValues(t, 3, calls.Load())
}

// Zero Settings (a carrier that forgot its default) must still work: no
// local limit rather than a bucket that never refills.
func TestClientZeroSettings(t *testing.T) {
	srv, n := newServer(t, 200)
	hc := Settings{}.Client("fake", nil)
	t.Cleanup(hc.CloseIdleConnections)
	for range 5 {
		_, err := do(t, hc, context.Background(), srv.URL)
		require.NoError(t, err)
	}
	assert.EqualValues(t, 5, n.Load())
}

func TestClientUsesTheClassifier(t *testing.T) {
	srv, n := newServer(t, 200)
	var seen atomic.Int64
	hc := Settings{Retry: fast}.Client("fake", func(*http.Response, []byte) transport.Verdict {
		if seen.Add(1) == 1 {
			return transport.RateLimited
		}
		return transport.Final
	})
	t.Cleanup(hc.CloseIdleConnections)
	_, err := do(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.EqualValues(t, 2, n.Load())
}

func TestClientErrorsNameTheCarrier(t *testing.T) {
	srv, _ := newServer(t, 404)
	hc := Settings{Retry: fast}.Client("track123", nil)
	t.Cleanup(hc.CloseIdleConnections)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	_, err := transport.Do(hc, "track123", req, nil)
	var apiErr *tracking.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "track123", apiErr.Carrier)
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type limiter func(ctx context.Context, key string) error

func (f limiter) Wait(ctx context.Context, key string) error { return f(ctx, key) }
