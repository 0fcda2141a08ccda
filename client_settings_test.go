package tracking_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// Seeded in the fakes (literal here, so that a renamed constant does not
// hide what the test tracks).
const (
	shipengineNumber, shipengineCourier = "794600000012", "fedex"
	auspostNumber                       = "7XX1000000000001"
)

// Every carrier in this module takes a client's defaults.
func TestEveryCarrierTakesClientDefaults(t *testing.T) {
	for _, c := range []tracking.Carrier{auspost.New(), auspost.NewStarTrack(), shipengine.New(), techtrack.New(),
		track123.New(), trackship.New(), tracktry.New()} {
		_, ok := c.(tracking.DefaultsTaker)
		assert.True(t, ok, "%s does not implement tracking.DefaultsTaker", c.ID())
	}
}

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withHeaders is a base RoundTripper that adds the headers a provider
// would send to every answer, and counts the requests it carries.
func withHeaders(h map[string]string, n *atomic.Int32) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		n.Add(1)
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			for k, v := range h {
				resp.Header.Set(k, v)
			}
		}
		return resp, err
	})
}

func store(t *testing.T, creds ...credentials.Credential) credentials.Store {
	t.Helper()
	s, err := credentials.NewMemoryStore(creds...)
	require.NoError(t, err)
	return s
}

// debugLog is a logger that keeps its lines as text.
type debugLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *debugLog) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(lockedWriter{l}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *debugLog) lines(msg string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range strings.Split(l.buf.String(), "\n") {
		if strings.Contains(line, "msg="+msg+" ") {
			out = append(out, line)
		}
	}
	return out
}

type lockedWriter struct{ l *debugLog }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	return w.l.buf.Write(p)
}

// tracking.WithLogger alone makes every carrier log its calls: carrier,
// credential code, attempts, latency and status, and its retries; never a
// secret, and the tracking number masked.
func TestClientLoggerReachesTheCarriers(t *testing.T) {
	se := shipenginetest.NewServer()
	defer se.Close()
	ap := ausposttest.NewServer()
	defer ap.Close()
	se.FailNext(1, http.StatusServiceUnavailable)

	var log debugLog
	apCarrier, apCred := ap.Carrier()
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(se.BaseURL()))),
		tracking.WithCarrier(apCarrier),
		tracking.WithCredentials(store(t, se.Credential(), apCred)),
		tracking.WithLogger(log.logger()),
		tracking.WithRetry(tracking.RetryPolicy{MinWait: time.Millisecond, MaxWait: time.Millisecond}),
	)
	require.NoError(t, err)
	_, err = client.Track(t.Context(), tracking.Request{Carrier: shipengine.ID, TrackingNumber: shipengineNumber, Courier: shipengineCourier})
	require.NoError(t, err)
	_, err = client.Track(t.Context(), tracking.Request{Carrier: auspost.ID, TrackingNumber: auspostNumber})
	require.NoError(t, err)

	calls := log.lines("call")
	require.Len(t, calls, 2)
	for _, want := range []string{"carrier=shipengine", "credential=" + shipenginetest.CredentialCode, "attempts=2", "status=200", "latency="} {
		assert.Contains(t, calls[0], want)
	}
	for _, want := range []string{"carrier=auspost", "credential=" + ausposttest.CredentialCode, "attempts=1", "status=200"} {
		assert.Contains(t, calls[1], want)
	}
	assert.Len(t, log.lines("retrying"), 1)
	all := log.buf.String()
	for _, secret := range []string{shipenginetest.APIKey, ausposttest.APIKey, ausposttest.APISecret, shipengineNumber, auspostNumber} {
		assert.NotContains(t, all, secret)
	}
}

// Tracktry takes the number in the URL's path: log lines mask it to its
// last four characters, unless the client opts in to whole numbers.
func TestClientMasksTrackingNumbersInLogs(t *testing.T) {
	const number = "9400111899223100001234"
	for _, whole := range []bool{false, true} {
		tt := tracktrytest.NewServer()
		defer tt.Close()
		var log debugLog
		client, err := tracking.NewClient(
			tracking.WithCarrier(tracktry.New(tracktry.WithBaseURL(tt.URL), tracktry.WithAutoRegister(false), tracktry.WithRateLimit(rate.Inf, 1))),
			tracking.WithCredentials(store(t, tt.Credential())),
			tracking.WithLogger(log.logger()),
			tracking.WithTrackingNumbersInLogs(whole),
		)
		require.NoError(t, err)
		_, _ = client.Track(t.Context(), tracking.Request{TrackingNumber: number, Courier: "usps"})
		calls := log.lines("call")
		require.NotEmpty(t, calls)
		if whole {
			assert.Contains(t, calls[0], "/usps/"+number)
		} else {
			assert.Contains(t, calls[0], "/usps/***1234")
			assert.NotContains(t, log.buf.String(), number)
		}
	}
}

// A carrier's own settings win over the client's.
func TestCarrierOwnSettingsWin(t *testing.T) {
	se := shipenginetest.NewServer()
	defer se.Close()
	var clientLog, ownLog debugLog
	var viaClient, viaOwn atomic.Int32
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(se.BaseURL()),
			shipengine.WithLogger(ownLog.logger()),
			shipengine.WithHTTPClient(&http.Client{Transport: withHeaders(nil, &viaOwn)}),
			shipengine.WithRetry(transport.RetryPolicy{MaxRetries: -1}))),
		tracking.WithCredentials(store(t, se.Credential())),
		tracking.WithLogger(clientLog.logger()),
		tracking.WithTransport(withHeaders(nil, &viaClient)),
		tracking.WithRetry(tracking.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
	)
	require.NoError(t, err)
	se.FailNext(1, http.StatusServiceUnavailable)
	_, err = client.Track(t.Context(), tracking.Request{TrackingNumber: shipengineNumber, Courier: shipengineCourier})
	require.ErrorIs(t, err, tracking.ErrUnavailable, "the carrier's own policy: no retry")
	assert.Equal(t, int32(1), viaOwn.Load())
	assert.Zero(t, viaClient.Load())
	assert.Len(t, ownLog.lines("call"), 1)
	assert.Empty(t, clientLog.lines("call"))
}

// A client-wide Limiter paces every carrier under keys prefixed with its
// ID; a carrier with its own limiter keeps it.
func TestClientLimiter(t *testing.T) {
	ap := ausposttest.NewServer()
	defer ap.Close()
	var mu sync.Mutex
	var keys []string
	lim := limiterFunc(func(ctx context.Context, key string) error {
		mu.Lock()
		keys = append(keys, key)
		mu.Unlock()
		return ctx.Err()
	})
	client, err := tracking.NewClient(
		tracking.WithCarrier(auspost.New(auspost.WithBaseURL(ap.BaseURL()))),
		tracking.WithCredentials(store(t, ap.Credential())),
		tracking.WithLimiter(lim),
	)
	require.NoError(t, err)
	_, err = client.Track(t.Context(), tracking.Request{TrackingNumber: auspostNumber})
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.True(t, strings.HasPrefix(keys[0], auspost.ID+" "), keys[0])
}

type limiterFunc func(context.Context, string) error

func (f limiterFunc) Wait(ctx context.Context, key string) error { return f(ctx, key) }
