package transport_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// answerWith is a base answering every request with status and headers.
func answerWith(status int, h map[string]string) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		hdr := http.Header{}
		for k, v := range h {
			hdr.Set(k, v)
		}
		return &http.Response{StatusCode: status, Header: hdr, Body: http.NoBody, Request: r}, nil
	})
}

// doWithHook sends a GET through Do and returns what the hook received.
func doWithHook(t *testing.T, hc *http.Client) ([]tracking.ProviderResponse, error) {
	t.Helper()
	var got []tracking.ProviderResponse
	ctx := tracking.WithResponseHook(context.Background(), func(r tracking.ProviderResponse) { got = append(got, r) })
	_, err := get(t, hc, ctx, "http://provider.example/track")
	return got, err
}

func TestDoReportsProviderFacts(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name    string
		headers map[string]string
		want    tracking.ProviderResponse
	}{
		{"none", nil, tracking.ProviderResponse{RateLimit: tracking.RateLimit{Limit: -1, Remaining: -1}}},
		{"x-ratelimit, seconds", map[string]string{"X-Request-Id": "r1", "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"},
			tracking.ProviderResponse{RequestID: "r1", RateLimit: tracking.RateLimit{Limit: 100, Remaining: 0, Reset: now.Add(30 * time.Second)}}},
		{"x-rate-limit, unix", map[string]string{"X-Shipengine-Requestid": "se", "X-Rate-Limit-Remaining": "5", "X-Rate-Limit-Reset": "1893456000"},
			tracking.ProviderResponse{RequestID: "se", RateLimit: tracking.RateLimit{Limit: -1, Remaining: 5, Reset: time.Unix(1893456000, 0)}}},
		{"ietf draft", map[string]string{"Request-Id": "d", "RateLimit-Limit": "10;w=1", "RateLimit-Remaining": " 9 ", "RateLimit-Reset": "1"},
			tracking.ProviderResponse{RequestID: "d", RateLimit: tracking.RateLimit{Limit: 10, Remaining: 9, Reset: now.Add(time.Second)}}},
		{"the first name present wins", map[string]string{"X-Request-Id": "first", "Request-Id": "second", "X-RateLimit-Remaining": "1", "RateLimit-Remaining": "2"},
			tracking.ProviderResponse{RequestID: "first", RateLimit: tracking.RateLimit{Limit: -1, Remaining: 1}}},
		{"garbage", map[string]string{"X-RateLimit-Limit": "lots", "X-RateLimit-Remaining": "-3", "X-RateLimit-Reset": "soon"},
			tracking.ProviderResponse{RateLimit: tracking.RateLimit{Limit: -1, Remaining: -1}}},
		{"reset now", map[string]string{"X-RateLimit-Reset": "0"},
			tracking.ProviderResponse{RateLimit: tracking.RateLimit{Limit: -1, Remaining: -1, Reset: now}}},
		{"negative reset", map[string]string{"X-RateLimit-Reset": "-5"},
			tracking.ProviderResponse{RateLimit: tracking.RateLimit{Limit: -1, Remaining: -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := doWithHook(t, newClient(t, transport.WithBase(answerWith(http.StatusOK, tt.headers))))
			require.NoError(t, err)
			require.Len(t, got, 1)
			r := got[0]
			assert.Equal(t, "fake", r.Carrier)
			assert.Equal(t, 200, r.StatusCode)
			assert.Equal(t, 1, r.Attempts)
			assert.Equal(t, tt.want.RequestID, r.RequestID)
			assert.Equal(t, tt.want.RateLimit.Limit, r.RateLimit.Limit)
			assert.Equal(t, tt.want.RateLimit.Remaining, r.RateLimit.Remaining)
			if tt.want.RateLimit.Reset.IsZero() {
				assert.True(t, r.RateLimit.Reset.IsZero(), r.RateLimit.Reset)
			} else {
				assert.WithinDuration(t, tt.want.RateLimit.Reset, r.RateLimit.Reset, 2*time.Second)
				assert.Equal(t, time.UTC, r.RateLimit.Reset.Location())
			}
		})
	}
}

// A Reset of exactly the threshold is still seconds from now; one past it
// is a Unix time.
func TestDoReadsTheResetThreshold(t *testing.T) {
	for v, unix := range map[string]bool{"1000000000": false, "1000000001": true} {
		got, err := doWithHook(t, newClient(t, transport.WithBase(answerWith(http.StatusOK, map[string]string{"X-RateLimit-Reset": v}))))
		require.NoError(t, err)
		require.Len(t, got, 1)
		if unix {
			assert.Equal(t, time.Unix(1000000001, 0).UTC(), got[0].RateLimit.Reset)
		} else {
			assert.Greater(t, got[0].RateLimit.Reset.Year(), 2050)
		}
	}
}

// Only successful answers are reported: a 3xx handed on counts, a 4xx
// does not. The client's header names replace the defaults.
func TestDoReportsOnlySuccessAndUsesConfiguredNames(t *testing.T) {
	got, err := doWithHook(t, newClient(t, transport.WithBase(answerWith(http.StatusNotFound, map[string]string{"X-Request-Id": "r"}))))
	require.Error(t, err)
	assert.Empty(t, got)

	got, err = doWithHook(t, newClient(t, transport.WithBase(answerWith(http.StatusNotModified, nil))))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, http.StatusNotModified, got[0].StatusCode)

	names := tracking.ResponseHeaders{RequestID: []string{"Trace-Id"}, Limit: []string{"Quota"}, Remaining: []string{"Quota-Left"}, Reset: []string{"Quota-Reset"}}
	h := map[string]string{"X-Request-Id": "default", "Trace-Id": "mine", "Quota": "50", "Quota-Left": "49", "Quota-Reset": "10", "X-RateLimit-Remaining": "1"}
	got, err = doWithHook(t, newClient(t, transport.WithResponseHeaders(names), transport.WithBase(answerWith(http.StatusOK, h))))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "mine", got[0].RequestID)
	assert.Equal(t, 50, got[0].RateLimit.Limit)
	assert.Equal(t, 49, got[0].RateLimit.Remaining)
	assert.False(t, got[0].RateLimit.Reset.IsZero())
	assert.Equal(t, "default", got[0].Header.Get("X-Request-Id"))
}

// With a client not from New, Do still reports, with the default names.
func TestDoReportsWithAPlainClient(t *testing.T) {
	hc := &http.Client{Transport: answerWith(http.StatusOK, map[string]string{"X-Request-Id": "plain"})}
	got, err := doWithHook(t, hc)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "plain", got[0].RequestID)
}

// logBuffer is where a test logger writes.
type logBuffer struct{ bytes.Buffer }

func debugLogger(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(&b.Buffer, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Do logs one line per call: carrier, credential code, method, URL with
// the tracking number masked, attempts, latency, status; the error's
// category, not its text; never a secret.
func TestDoLogsTheCall(t *testing.T) {
	var buf logBuffer
	calls := 0
	hc := newClient(t, transport.WithLogger(debugLogger(&buf)), transport.WithBase(rtFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		status := http.StatusOK
		if calls == 1 {
			status = http.StatusServiceUnavailable
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})))
	ctx := transport.WithCredential(context.Background(), "main", "s3cret-value")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://provider.example/v1/track/LX123456789CN?key=s3cret-value", nil)
	require.NoError(t, err)
	_, err = transport.Do(hc, "fake", req, nil)
	require.NoError(t, err)
	line := lineWith(t, buf.String(), "msg=call")
	for _, want := range []string{"carrier=fake", "credential=main", "method=GET", "url=http://provider.example/v1/track/***89CN", "attempts=2", "latency=", "status=200"} {
		assert.Contains(t, line, want)
	}
	assert.NotContains(t, line, "error=")
	assert.NotContains(t, buf.String(), "s3cret")
	assert.NotContains(t, buf.String(), "LX123456789CN")

	buf.Reset()
	calls = 1
	hc = newClient(t, transport.WithLogger(debugLogger(&buf)), transport.WithTrackingNumbersInLogs(true), transport.WithBase(answerWith(http.StatusNotFound, nil)))
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, "http://provider.example/v1/track/LX123456789CN", nil)
	require.NoError(t, err)
	_, err = transport.Do(hc, "fake", req, nil)
	require.Error(t, err)
	line = lineWith(t, buf.String(), "msg=call")
	for _, want := range []string{"url=http://provider.example/v1/track/LX123456789CN", "attempts=1", "status=404", "error=\"tracking: not found\""} {
		assert.Contains(t, line, want)
	}
}

// A failure without an answer logs status 0 and its category; a
// context's end logs the context's error.
func TestDoLogsAFailedCall(t *testing.T) {
	var buf logBuffer
	hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}), transport.WithLogger(debugLogger(&buf)),
		transport.WithBase(rtFunc(func(*http.Request) (*http.Response, error) { return nil, errBroken })))
	_, err := get(t, hc, context.Background(), "http://provider.example/")
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	line := lineWith(t, buf.String(), "msg=call")
	assert.Contains(t, line, "status=0")
	assert.Contains(t, line, "error=\"tracking: provider unavailable\"")

	// Stopped on an answer (a Retry-After too long to honour): no
	// Response, but the answer's status.
	buf.Reset()
	hc = newClient(t, transport.WithLogger(debugLogger(&buf)),
		transport.WithBase(answerWith(http.StatusTooManyRequests, map[string]string{"Retry-After": "3600"})))
	_, err = get(t, hc, context.Background(), "http://provider.example/")
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	assert.Contains(t, lineWith(t, buf.String(), "msg=call"), "status=429")

	buf.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = get(t, hc, ctx, "http://provider.example/")
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, lineWith(t, buf.String(), "msg=call"), "error=\"context canceled\"")
}

var errBroken = brokenError{}

type brokenError struct{}

func (brokenError) Error() string { return "connection reset" }

func lineWith(t *testing.T, log, s string) string {
	t.Helper()
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line with %q in:\n%s", s, log)
	return ""
}

// Without a logger at debug level Do logs nothing, and WithCredential
// keeps the values it marks secret like WithSecrets.
func TestWithCredentialMarksSecrets(t *testing.T) {
	var buf logBuffer
	info := slog.New(slog.NewTextHandler(&buf.Buffer, &slog.HandlerOptions{Level: slog.LevelInfo}))
	hc := newClient(t, transport.WithLogger(info), transport.WithBase(answerWith(http.StatusUnauthorized, nil)))
	ctx := transport.WithSecrets(transport.WithCredential(context.Background(), "main", "first-secret"), "second-secret")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://provider.example/first-secret/second-secret", nil)
	require.NoError(t, err)
	req.Header.Set("X-Echo", "first-secret")
	_, err = transport.Do(hc, "fake", req, func(_ *transport.Response, e *tracking.APIError) {
		e.Message = "bad key first-secret and second-secret"
	})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "first-secret")
	assert.NotContains(t, err.Error(), "second-secret")
	assert.Empty(t, buf.String())
}

// A request without a URL fails with an error, and its log lines have no
// URL to show rather than a panic.
func TestDoLogsARequestWithoutURL(t *testing.T) {
	var buf logBuffer
	hc := newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}), transport.WithLogger(debugLogger(&buf)))
	req := (&http.Request{Method: http.MethodGet, Header: http.Header{}}).WithContext(context.Background())
	_, err := transport.Do(hc, "fake", req, nil)
	require.Error(t, err)
	assert.Contains(t, lineWith(t, buf.String(), "msg=call"), "url=\"\"")
}
