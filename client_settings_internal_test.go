package tracking

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// set decides whether NewClient hands carriers its defaults at all: any
// one setting alone must count, and none must not.
func TestCarrierDefaultsSet(t *testing.T) {
	margin := 0.05
	for name, d := range map[string]CarrierDefaults{
		"logger":          {Logger: slog.New(slog.DiscardHandler)},
		"http client":     {HTTPClient: &http.Client{}},
		"transport":       {Transport: http.DefaultTransport},
		"retry":           {Retry: RetryPolicy{MaxRetries: 1}},
		"limiter":         {Limiter: nopLimiter{}},
		"rate margin":     {RateMargin: &margin},
		"numbers in logs": {TrackingNumbersInLogs: true},
		"request id":      {ResponseHeaders: ResponseHeaders{RequestID: []string{"X-Id"}}},
		"limit":           {ResponseHeaders: ResponseHeaders{Limit: []string{"X-Limit"}}},
		"remaining":       {ResponseHeaders: ResponseHeaders{Remaining: []string{"X-Left"}}},
		"reset":           {ResponseHeaders: ResponseHeaders{Reset: []string{"X-Reset"}}},
		"all headers": {ResponseHeaders: ResponseHeaders{
			RequestID: []string{"a"}, Limit: []string{"b", "c", "d"}, Remaining: []string{"e"}, Reset: []string{"f"},
		}},
	} {
		assert.True(t, d.set(), name)
	}
	assert.False(t, CarrierDefaults{}.set(), "nothing given")
}

// nopLimiter is a Limiter that never waits.
type nopLimiter struct{}

func (nopLimiter) Wait(context.Context, string) error { return nil }
