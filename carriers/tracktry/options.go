package tracktry

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Option configures New. Options only record; New assembles them in a
// fixed order, so the order they are passed in does not matter.
type Option func(*options)

type options struct {
	kit           carrierkit.Settings
	autoRegister  bool
	location      *time.Location
	rateLimitWait *time.Duration
	batchSize     int
}

// WithBaseURL sets the API root: scheme and host, with an optional path
// prefix, without /v1 (for a proxy or the fake server). Default
// DefaultBaseURL.
func WithBaseURL(root string) Option {
	return func(o *options) { o.kit.BaseURL = root }
}

// WithHTTPClient sends requests through hc's transport, timeout and cookie
// jar (for proxies, tracing or tests). hc is not modified; retries and rate
// limiting are layered above its transport.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) { o.kit.HTTPClient = hc }
}

// WithRateLimit sets the local rate limit per credential (default
// DefaultRate with DefaultBurst: Tracktry documents no limit). rate.Inf
// turns local limiting off.
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithLimiter paces every request with l instead of the carrier's own token
// bucket, for example to share one Tracktry limit between replicas. The
// keys l receives are "tracktry/<organization>/<credential code>".
func WithLimiter(l transport.Limiter) Option {
	return func(o *options) { o.kit.Limiter = l }
}

// WithRetry sets the retry policy (default transport.DefaultRetryPolicy()).
// Its MaxRetryAfter decides whether the transport waits out Tracktry's
// "wait two minutes" (see WithRateLimitWait) or fails at once with an error
// matching tracking.ErrRateLimited that carries RetryAfter.
func WithRetry(p transport.RetryPolicy) Option {
	return func(o *options) { o.kit.Retry = p }
}

// WithLogger logs requests and retries at debug level. The carrier is
// silent without it; API keys never reach the logger.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.kit.Logger = l }
}

// WithAutoRegister turns registration of unknown numbers in Track and
// TrackBatch on or off (off by default). Registering creates the tracking
// at Tracktry, which spends one of the account's tracking credits, so it
// is opt-in; it needs Request.Courier. With it on, a number Tracktry does
// not track is created and answered as a pending Shipment; with it off, it
// is answered with an error matching tracking.ErrNotFound (call Register
// or RegisterBatch to register it).
func WithAutoRegister(on bool) Option {
	return func(o *options) { o.autoRegister = on }
}

// WithLocation sets the zone Tracktry's zone-less timestamps (event Date,
// milestones, lastUpdateTime) are read in. Tracktry gives no zone for them,
// so by default they are not converted: Event.Time stays zero,
// Event.LocalTime keeps the text and events keep Tracktry's order. Pass the
// courier's zone (or time.UTC to accept the error) to get comparable times,
// DeliveredAt and ShippedAt.
func WithLocation(loc *time.Location) Option {
	return func(o *options) { o.location = loc }
}

// WithRateLimitWait sets how long the transport waits after Tracktry's
// meta.code 429, which comes without a Retry-After header and asks for a
// pause of about two minutes (default DefaultRateLimitWait). The wait is
// sent to the transport as whole seconds, rounded up. Zero leaves the
// transport's exponential backoff.
func WithRateLimitWait(d time.Duration) Option {
	return func(o *options) { o.rateLimitWait = &d }
}

// WithBatchSize sets how many trackings RegisterBatch sends per call
// (default and documented maximum MaxBatch; values above it are tried too,
// up to 200, since a 4020 answer makes the carrier split the call).
func WithBatchSize(n int) Option {
	return func(o *options) { o.batchSize = n }
}
