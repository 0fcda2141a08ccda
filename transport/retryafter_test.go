package transport_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestRetryAfterParses(t *testing.T) {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"  7 ", 7 * time.Second, true},
		{"120", 2 * time.Minute, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", 24 * time.Hour, true}, // beyond int64: still a very long wait
		{"-99999999999999999999", 0, false},
		{"999999999", 24 * time.Hour, true},
		{"Thu, 05 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Thursday, 05-Mar-26 12:01:00 GMT", time.Minute, true}, // RFC 850
		{"Thu Mar  5 12:02:00 2026", 2 * time.Minute, true},     // asctime
		{"Thu, 05 Mar 2026 11:00:00 GMT", 0, true},              // in the past
		{"Fri, 31 Dec 9999 23:59:59 GMT", 24 * time.Hour, true}, // capped
	}
	for _, tc := range tests {
		h := http.Header{}
		if tc.header != "" {
			h.Set("Retry-After", tc.header)
		}
		got, ok := transport.RetryAfter(h, now)
		assert.Equal(t, tc.ok, ok, tc.header)
		assert.Equal(t, tc.want, got, tc.header)
	}
}

// rateLimited answers 429 with Retry-After: value, then 200.
func rateLimited(value func() string) func(int, http.ResponseWriter, *http.Request) {
	return func(i int, w http.ResponseWriter, _ *http.Request) {
		if i == 0 {
			w.Header().Set("Retry-After", value())
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":"slow down"}`))
			return
		}
		w.WriteHeader(200)
	}
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	srv := newServer(t, rateLimited(func() string { return "1" }))
	var logs bytes.Buffer
	hc := newClient(t, transport.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, 2, srv.count())
	assert.Contains(t, logs.String(), "msg=retrying", logs.String())
	assert.Contains(t, logs.String(), "wait=1s", "the wait is the provider's, not the 1ms backoff")
}

// waitLogged returns the wait of the "retrying" log line.
func waitLogged(t *testing.T, logs *bytes.Buffer) time.Duration {
	t.Helper()
	for _, line := range bytes.Split(logs.Bytes(), []byte("\n")) {
		if !bytes.Contains(line, []byte("msg=retrying")) {
			continue
		}
		_, after, ok := bytes.Cut(line, []byte("wait="))
		require.True(t, ok, string(line))
		d, err := time.ParseDuration(string(bytes.Fields(after)[0]))
		require.NoError(t, err)
		return d
	}
	t.Fatalf("no retrying line in %s", logs.String())
	return 0
}

// cancelAfterFirstAnswer wraps the default transport and cancels the
// call's context once the first answer has reached the client.
func cancelAfterFirstAnswer(t *testing.T, cancel context.CancelFunc) http.RoundTripper {
	base := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(base.CloseIdleConnections)
	n := 0
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if n++; n == 1 {
			cancel()
		}
		return resp, err
	})
}

// Cancelled as the 429 arrives: the call ends with the context's error
// and nothing more is sent.
func TestCancelAsTheRateLimitArrives(t *testing.T) {
	srv := newServer(t, rateLimited(func() string { return "30" }))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hc := newClient(t, transport.WithBase(cancelAfterFirstAnswer(t, cancel)))

	start := time.Now()
	_, err := get(t, hc, ctx, srv.URL)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, srv.count())
	assert.Less(t, time.Since(start), 20*time.Second, "returned long before the 30s Retry-After")
}

// Cancelled once the transport has decided to wait as the provider said
// (the "retrying" log line, written just before the wait): the wait ends
// at once. The log shows the planned wait is the provider's, in both forms.
func TestCancelStopsARetryAfterWait(t *testing.T) {
	for name, value := range map[string]func() string{
		"seconds":   func() string { return "30" },
		"HTTP date": func() string { return time.Now().Add(31 * time.Second).UTC().Format(http.TimeFormat) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, rateLimited(value))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var logs bytes.Buffer
			h := &cancelOnRetry{Handler: slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}), cancel: cancel}
			hc := newClient(t, transport.WithLogger(slog.New(h)))
			start := time.Now()
			_, err := get(t, hc, ctx, srv.URL)
			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, 1, srv.count())
			assert.Less(t, time.Since(start), 20*time.Second, "returned long before the 30s Retry-After")
			w := waitLogged(t, &logs)
			assert.Greater(t, w, 25*time.Second)
			assert.LessOrEqual(t, w, 31*time.Second)
		})
	}
}

// cancelOnRetry cancels the call when the transport logs its decision to
// retry, i.e. just before the wait starts.
type cancelOnRetry struct {
	slog.Handler
	cancel context.CancelFunc
}

func (h *cancelOnRetry) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Message == "retrying" {
		h.cancel()
	}
	return err
}

func (h *cancelOnRetry) WithAttrs(as []slog.Attr) slog.Handler {
	return &cancelOnRetry{Handler: h.Handler.WithAttrs(as), cancel: h.cancel}
}

func TestRetryAfterLongerThanMaxFailsAtOnce(t *testing.T) {
	for name, value := range map[string]func() string{
		"seconds":   func() string { return strconv.Itoa(3600) },
		"HTTP date": func() string { return time.Now().Add(time.Hour).UTC().Format(http.TimeFormat) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, rateLimited(value))
			hc := newClient(t) // MaxRetryAfter: the default two minutes
			var decoded bool
			req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
			_, err := transport.Do(hc, "fake", req, func(r *transport.Response, e *tracking.APIError) {
				decoded = true
				e.Message = string(r.Body)
			})
			require.ErrorIs(t, err, tracking.ErrRateLimited)
			var apiErr *tracking.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Greater(t, apiErr.RetryAfter, 58*time.Minute)
			assert.LessOrEqual(t, apiErr.RetryAfter, time.Hour)
			assert.Equal(t, 429, apiErr.StatusCode)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.True(t, decoded)
			assert.Equal(t, `{"error":"slow down"}`, apiErr.Message)
			assert.Equal(t, 1, srv.count())
		})
	}
}

// A Retry-After with more digits than an int64 holds is a very long wait,
// not an absent header: the call fails at once instead of retrying at
// backoff speed.
func TestRetryAfterBeyondInt64FailsAtOnce(t *testing.T) {
	srv := newServer(t, rateLimited(func() string { return "99999999999999999999" }))
	hc := newClient(t)
	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 24*time.Hour, apiErr.RetryAfter, "capped as RetryAfter's doc says")
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, 1, srv.count())
}

func TestRetryAfterPastDeadlineFailsAtOnce(t *testing.T) {
	for name, value := range map[string]func() string{
		"seconds":   func() string { return "90" },
		"HTTP date": func() string { return time.Now().Add(91 * time.Second).UTC().Format(http.TimeFormat) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, rateLimited(value))
			hc := newClient(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := get(t, hc, ctx, srv.URL)
			require.ErrorIs(t, err, tracking.ErrRateLimited)
			var apiErr *tracking.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Greater(t, apiErr.RetryAfter, 80*time.Second)
			assert.LessOrEqual(t, apiErr.RetryAfter, 91*time.Second)
			assert.Equal(t, 1, srv.count())
			assert.NoError(t, ctx.Err(), "failed at once, without waiting for the deadline")
		})
	}
}

// A 503 whose Retry-After would pass the deadline is handed on at once:
// the error says unavailable, with the provider's Retry-After.
func TestUnavailableRetryAfterPastDeadline(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "90")
		w.WriteHeader(503)
	})
	hc := newClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := get(t, hc, ctx, srv.URL)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 90*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 1, srv.count())
	assert.NoError(t, ctx.Err())
}

// A 429 without Retry-After whose backoff would pass the deadline fails
// at once with ErrRateLimited too.
func TestRateLimitBackoffPastDeadline(t *testing.T) {
	srv := newServer(t, statuses(429))
	hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MinWait: time.Hour, MaxWait: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := get(t, hc, ctx, srv.URL)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.GreaterOrEqual(t, apiErr.RetryAfter, 30*time.Minute)
	assert.Equal(t, 1, srv.count())
}

// A 5xx's Retry-After is honoured like a 429's when it is within
// MaxRetryAfter (here "0": retry now), and a longer one hands the answer
// on at once, its error unavailable with the provider's wait. The 429
// tests alone do not tell the two verdicts' rules apart.
func TestUnavailableRetryAfter(t *testing.T) {
	for _, code := range []int{http.StatusServiceUnavailable, http.StatusBadGateway} {
		t.Run(strconv.Itoa(code)+" short", func(t *testing.T) {
			srv := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
				if i == 0 {
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(code)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			resp, err := get(t, newClient(t), context.Background(), srv.URL)
			require.NoError(t, err)
			assert.Equal(t, 2, resp.Attempts)
			assert.Equal(t, 2, srv.count())
		})
		t.Run(strconv.Itoa(code)+" long", func(t *testing.T) {
			srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(code)
			})
			// No deadline: MaxRetryAfter decides. Were the hour's wait
			// planned, the call is cancelled as it starts, not waited out.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hc := newClient(t, transport.WithLogger(slog.New(&cancelOnRetry{Handler: slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}), cancel: cancel})))
			_, err := get(t, hc, ctx, srv.URL)
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			var apiErr *tracking.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, time.Hour, apiErr.RetryAfter)
			assert.Equal(t, code, apiErr.StatusCode)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Equal(t, 1, srv.count())
		})
	}
}
