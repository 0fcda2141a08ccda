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

// Settings are the options common to every carrier.
type Settings struct {
	BaseURL    string
	HTTPClient *http.Client
	Limit      rate.Limit
	Burst      int
	Limiter    transport.Limiter
	Retry      transport.RetryPolicy
	Logger     *slog.Logger
}

// Client builds the carrier's retrying, rate-limited client.
func (s Settings) Client(carrier string, classifier transport.Classifier) *http.Client {
	opts := []transport.Option{
		transport.WithCarrier(carrier),
		transport.WithRateLimit(s.Limit, s.Burst),
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
	return transport.New(opts...)
}

// Log returns the configured logger, or one that discards.
func (s Settings) Log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Root validates a base URL (scheme and host, optional prefix) and returns
// it without a trailing slash.
func Root(carrier, base string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s: base URL %q must be an absolute http(s) URL such as https://api.example.com: %w",
			carrier, base, tracking.ErrInvalidRequest)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
