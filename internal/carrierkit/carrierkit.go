// Package carrierkit holds the settings every carrier package accepts
// through its own options (base URL, HTTP client, rate limit, retry,
// logger) and assembles them into the transport stack, so that carriers
// stay alike.
package carrierkit

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// Settings are the options common to every carrier. A carrier's New
// fills in its provider's defaults, then applies the user's options.
type Settings struct {
	BaseURL    string                    // scheme, host and optional prefix; see Root
	HTTPClient *http.Client              // the user's client: its Transport becomes the base; never modified
	Limit      rate.Limit                // attempts per second per key; zero or less (or rate.Inf) means no local limit
	Burst      int                       // bucket size; at least 1
	Pacing     []transport.LimiterOption // how far below Limit the bucket paces (transport.RateMargin, RateWindow)
	Limiter    transport.Limiter         // replaces the local bucket (Limit and Burst) when set
	Retry      transport.RetryPolicy     // zero fields take transport.DefaultRetryPolicy()'s
	Logger     *slog.Logger              // nil: silent

	// Set by a tracking.Client's defaults (defaults.go).
	NumbersInLogs bool                     // tracking numbers whole in log lines
	Headers       tracking.ResponseHeaders // where answers' request ids and rate limits are read
}

// Client builds the carrier's retrying, rate-limited client. The
// options are handed to transport.New, which assembles them in a fixed
// order, so a Limiter always wins over Limit and Burst.
func (s Settings) Client(carrier string, classifier transport.Classifier) *http.Client {
	opts := []transport.Option{
		transport.WithCarrier(carrier),
		transport.WithRateLimit(s.Limit, s.Burst, s.Pacing...),
		transport.WithRetry(s.Retry),
		transport.WithClassifier(classifier),
	}
	if s.HTTPClient != nil {
		opts = append(opts, transport.WithHTTPClient(s.HTTPClient))
	}
	if s.Limiter != nil {
		opts = append(opts, transport.WithLimiter(s.Limiter))
	}
	if s.Logger != nil {
		opts = append(opts, transport.WithLogger(s.Logger))
	}
	if s.NumbersInLogs {
		opts = append(opts, transport.WithTrackingNumbersInLogs(true))
	}
	opts = append(opts, transport.WithResponseHeaders(s.Headers))
	return transport.New(opts...)
}

// Log returns the configured logger, or one that discards.
func (s Settings) Log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Root validates a base URL (scheme and host, optional path prefix) and
// returns it without a trailing slash. A query, a fragment or credentials
// in the URL are refused, since the carrier appends its own paths; the
// error never repeats them, as they may hold a secret.
func Root(carrier, base string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%s: base URL must be an absolute http(s) URL such as https://api.example.com: %w",
			carrier, tracking.ErrInvalidRequest)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("%s: base URL %s must be a scheme, a host and an optional path, without credentials, query or fragment: %w",
			carrier, redacted(u), tracking.ErrInvalidRequest)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// redacted is u without credentials, query and fragment.
func redacted(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}
