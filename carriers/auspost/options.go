package auspost

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// DefaultBaseURL is the Shipping & Tracking API host; the carrier appends
// /shipping/v1/track, or /test/shipping/v1/track with WithTestEnvironment.
const DefaultBaseURL = "https://digitalapi.auspost.com.au"

// Path prefixes below the base URL: production and the test environment.
const (
	ProductionPath = "/shipping/v1"
	TestPath       = "/test/shipping/v1"
)

// Default pace per credential: one copy of the official reference gives
// 10 requests a minute for /track (uncertain). Burst 1 keeps every
// 60-second window at 10 requests or fewer; with 10 ids a call that is 100
// ids a minute. Override it with WithRateLimit.
const (
	DefaultRate  rate.Limit = 10.0 / 60
	DefaultBurst int        = 1
)

// Option configures New and NewStarTrack. Options only record; the
// constructor assembles them in a fixed order, so their order does not
// matter.
type Option func(*options)

type options struct {
	kit           carrierkit.Settings
	test          bool
	statusMap     map[string]tracking.Status
	eventStatuses *bool
}

// WithBaseURL sets the API root: scheme and host, with an optional path
// prefix, without /shipping/v1 (for a proxy or a fake server's URL).
// Default DefaultBaseURL.
func WithBaseURL(root string) Option { return func(o *options) { o.kit.BaseURL = root } }

// WithTestEnvironment sends requests to the test environment
// (DefaultBaseURL + TestPath, https://digitalapi.auspost.com.au/test/shipping/v1)
// instead of production (ProductionPath). It combines with WithBaseURL.
func WithTestEnvironment() Option { return func(o *options) { o.test = true } }

// WithHTTPClient sends requests through hc's transport, timeout and cookie
// jar (for proxies, tracing or tests). hc is not modified; retries and rate
// limiting are layered above its transport.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.kit.HTTPClient = hc } }

// WithRateLimit overrides the default of DefaultRate (10 requests a
// minute, uncertain) with burst DefaultBurst, per credential. Raise it when
// Australia Post has confirmed a higher limit for the account; rate.Inf
// turns local limiting off (a 429 is still retried after Retry-After).
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithLimiter paces requests with l (for example one shared by several
// replicas) instead of a local token bucket. The keys l receives are
// "<carrier ID>/<organization>/<credential code>".
func WithLimiter(l transport.Limiter) Option { return func(o *options) { o.kit.Limiter = l } }

// WithRetry sets the retry policy (transport.DefaultRetryPolicy() by default).
func WithRetry(p transport.RetryPolicy) Option { return func(o *options) { o.kit.Retry = p } }

// WithLogger logs requests, retries and any X-RateLimit-* headers at debug
// level. The carrier is silent without it; keys and passwords never reach
// the logger.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.kit.Logger = l } }

// WithStatusMapping overrides the mapping of status texts, for the
// mappings the provider leaves uncertain ("Awaiting collection" on a
// StarTrack consignment may mean the sender awaits pickup, so
// info_received; "Possible delay" and "Cannot be delivered" are mapped to
// exception) or for texts Australia Post adds later. Keys are matched like
// the built-in table: case-insensitively, after trimming and collapsing
// spaces. A value outside tracking.Statuses() makes every call fail with
// an error matching tracking.ErrInvalidRequest. Later calls add to earlier
// ones.
func WithStatusMapping(m map[string]tracking.Status) Option {
	return func(o *options) { o.statusMap = carrierkit.AddStatusMapping(o.statusMap, m, normalize) }
}

// WithEventStatuses turns on or off (on by default) the reading of a
// status from each event's free-text description ("Onboard for delivery"
// gives out_for_delivery). The provider gives events no status; the
// reading is a heuristic (uncertain), so turn it off to get unknown on
// every event. It also decides a shipment's status when no level of the
// answer has a status text.
func WithEventStatuses(on bool) Option { return func(o *options) { o.eventStatuses = &on } }
