package shipengine

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// DefaultBaseURL is ShipEngine's API host; the carrier appends /v1/...
const DefaultBaseURL = "https://api.shipengine.com"

// Default rate limits, per credential. ShipEngine allows 200 requests a
// minute per production account (an older page says 100) and 20 a minute
// for sandbox keys, which start with SandboxKeyPrefix. The bursts let a
// short flurry start at once; ShipEngine's 429 with Retry-After, which the
// transport honours, covers the rare overshoot.
const (
	DefaultRate         rate.Limit = 200.0 / 60
	DefaultBurst        int        = 10
	DefaultSandboxRate  rate.Limit = 20.0 / 60
	DefaultSandboxBurst int        = 2
)

// SandboxKeyPrefix starts every ShipEngine sandbox API key.
const SandboxKeyPrefix = "TEST_"

// Option configures New. Options only record; New assembles them in a
// fixed order, so the order they are passed in does not matter.
type Option func(*options)

type options struct {
	kit          carrierkit.Settings
	sandboxLimit rate.Limit // 0: DefaultSandboxRate
	sandboxBurst int
	sandboxPace  []transport.LimiterOption
}

// WithBaseURL sets the API root: scheme and host, with an optional path
// prefix, without /v1 (for example the EU host https://api.eu.shipengine.com,
// or a fake server's URL). Default DefaultBaseURL.
func WithBaseURL(root string) Option {
	return func(o *options) { o.kit.BaseURL = root }
}

// WithHTTPClient sends requests through hc's transport and settings
// (timeout, cookie jar), for proxies, tracing or tests. hc is not
// modified; retries and rate limiting are layered above its transport.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) { o.kit.HTTPClient = hc }
}

// WithRateLimit sets the local rate limit for production keys, per
// credential (default DefaultRate with DefaultBurst). Raise
// it when ShipEngine support has raised the account's limit; rate.Inf
// turns local limiting off. Sandbox keys keep their own limit: see
// WithSandboxRateLimit.
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithSandboxRateLimit sets the local rate limit for sandbox keys (those
// starting with SandboxKeyPrefix), per credential (default
// DefaultSandboxRate with DefaultSandboxBurst), with the same margin and
// opts as WithRateLimit.
func WithSandboxRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.sandboxLimit, o.sandboxBurst, o.sandboxPace = r, burst, opts }
}

// WithLimiter paces every request with l instead of the carrier's own token
// buckets, for example to share one ShipEngine limit between replicas. The
// keys l receives are "shipengine/live/<organization>/<code>" for
// production keys and "shipengine/sandbox/<organization>/<code>" for
// sandbox keys, so l can apply the provider's two limits.
func WithLimiter(l transport.Limiter) Option {
	return func(o *options) { o.kit.Limiter = l }
}

// WithRetry sets the retry policy (default transport.DefaultRetryPolicy()).
func WithRetry(p transport.RetryPolicy) Option {
	return func(o *options) { o.kit.Retry = p }
}

// WithLogger logs requests and retries at debug level. The carrier is
// silent without it; API keys never reach the logger.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.kit.Logger = l }
}
