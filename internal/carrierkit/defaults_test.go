package carrierkit

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type keyLimiter struct{ keys []string }

func (l *keyLimiter) Wait(ctx context.Context, key string) error {
	l.keys = append(l.keys, key)
	return ctx.Err()
}

func TestSettingsWithFillsOnlyWhatIsUnset(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	hc := &http.Client{Timeout: time.Minute}
	rt := rtFunc(func(*http.Request) (*http.Response, error) { return nil, nil })
	lim := &keyLimiter{}
	margin := 0.1
	d := tracking.CarrierDefaults{
		Logger: logger, HTTPClient: hc, Transport: rt,
		Retry:   tracking.RetryPolicy{MaxRetries: 7, MinWait: time.Second, MaxWait: 2 * time.Second, MaxRetryAfter: time.Minute},
		Limiter: lim, RateMargin: &margin, TrackingNumbersInLogs: true,
		ResponseHeaders: tracking.ResponseHeaders{RequestID: []string{"Trace"}},
	}

	got := Settings{}.with(d, "acme")
	assert.Same(t, logger, got.Logger)
	require.NotNil(t, got.HTTPClient)
	assert.NotSame(t, hc, got.HTTPClient, "the client's HTTP client is copied, never modified")
	assert.Equal(t, time.Minute, got.HTTPClient.Timeout)
	assert.NotNil(t, got.HTTPClient.Transport, "Transport takes precedence over HTTPClient's")
	assert.Nil(t, hc.Transport)
	assert.Equal(t, transport.RetryPolicy{MaxRetries: 7, MinWait: time.Second, MaxWait: 2 * time.Second, MaxRetryAfter: time.Minute}, got.Retry)
	require.NotNil(t, got.Limiter)
	require.NoError(t, got.Limiter.Wait(t.Context(), "main"))
	assert.Equal(t, []string{"acme main"}, lim.keys)
	assert.Len(t, got.Pacing, 1)
	assert.True(t, got.NumbersInLogs)
	assert.Equal(t, []string{"Trace"}, got.Headers.RequestID)

	ownLogger := slog.New(slog.DiscardHandler)
	ownClient := &http.Client{}
	ownLimiter := &keyLimiter{}
	own := Settings{Logger: ownLogger, HTTPClient: ownClient, Retry: transport.RetryPolicy{MaxRetries: -1}, Limiter: ownLimiter,
		Pacing: []transport.LimiterOption{transport.RateMargin(0)}, Headers: tracking.ResponseHeaders{Limit: []string{"Own"}}}
	got = own.with(d, "acme")
	assert.Same(t, ownLogger, got.Logger)
	assert.Same(t, ownClient, got.HTTPClient)
	assert.Equal(t, transport.RetryPolicy{MaxRetries: -1}, got.Retry)
	assert.Same(t, ownLimiter, got.Limiter)
	assert.Len(t, got.Pacing, 1)
	assert.Equal(t, []string{"Trace"}, got.Headers.RequestID, "the client's header names, when given, replace the carrier's")

	got = own.with(tracking.CarrierDefaults{}, "acme")
	assert.Equal(t, []string{"Own"}, got.Headers.Limit, "no client header names: the carrier's stay")
	assert.False(t, got.NumbersInLogs)
}

// TakeDefaults rebuilds the carrier's client in place, so that the
// carrier's pointer sees it, and gives the carrier's own discard logger
// the client's handler, never touching a logger the carrier was given.
func TestTakeDefaultsRebuildsInPlace(t *testing.T) {
	var sent int
	base := rtFunc(func(r *http.Request) (*http.Response, error) {
		sent++
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	s := Settings{}
	hc, log := s.Client("acme", nil), s.Log()
	hook := s.Defaults("acme", nil, hc, log)
	clientLog := slog.New(slog.NewTextHandler(&discard{}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	hook.TakeDefaults(tracking.CarrierDefaults{Transport: base, Logger: clientLog})

	req, err := http.NewRequest(http.MethodGet, "http://provider.example/", nil)
	require.NoError(t, err)
	_, err = transport.Do(hc, "acme", req, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, sent, "the carrier's *http.Client now goes through the client's transport")
	assert.True(t, log.Enabled(t.Context(), slog.LevelDebug), "the carrier's logger now writes where the client's does")

	own := slog.New(slog.DiscardHandler)
	s = Settings{Logger: own}
	ownCopy := *own
	s.Defaults("acme", nil, s.Client("acme", nil), s.Log()).TakeDefaults(tracking.CarrierDefaults{Logger: clientLog})
	assert.Equal(t, ownCopy, *own, "a logger the carrier was given is never written")

	Defaults{}.TakeDefaults(tracking.CarrierDefaults{Logger: clientLog}) // a zero hook does nothing
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
