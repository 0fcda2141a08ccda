package techtrack

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Option configures New. Options only record; New assembles, so their
// order does not matter.
type Option func(*options)

type options struct {
	kit          carrierkit.Settings
	wire         Wire
	autoRegister bool
	statusMap    map[string]tracking.Status
	accessLevels []string
}

// WithBaseURL sets the tenant's API root, such as
// "https://acme.techtrack.cloud" (scheme and host, optional prefix, without
// /api/v2). It is required: techTRACK has a host per tenant and no default.
func WithBaseURL(root string) Option { return func(o *options) { o.kit.BaseURL = root } }

// WithHTTPClient takes the base transport, timeout and cookie jar from hc
// (for proxies or tracing). hc is not modified.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.kit.HTTPClient = hc } }

// WithRateLimit overrides the default of DefaultRate requests per second
// (burst DefaultBurst) per credential. techTRACK documents no limit.
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithLimiter paces requests with l (for example one shared by several
// replicas) instead of a local token bucket. The keys l receives are
// "techtrack/<organization>/<code>", one per credential.
func WithLimiter(l transport.Limiter) Option { return func(o *options) { o.kit.Limiter = l } }

// WithRetry sets the retry policy (transport.DefaultRetryPolicy() by default).
func WithRetry(p transport.RetryPolicy) Option { return func(o *options) { o.kit.Retry = p } }

// WithLogger logs requests and retries at debug level; silent by default.
// Secrets never reach it.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.kit.Logger = l } }

// WithWire overrides the unverified parts of the wire format (header
// names, paths, JSON field names); empty fields keep DefaultWire's values.
func WithWire(w Wire) Option { return func(o *options) { o.wire = w } }

// WithAutoRegister turns registration of unknown numbers in Track on or off
// (off by default). Registering creates a tracking at techTRACK, which its
// plan may charge for, so it is opt-in; it needs Request.Courier (the
// techTRACK carrier code). With it on, a number techTRACK does not know is
// created and answered as a pending Shipment; with it off, it is answered
// with an error matching tracking.ErrNotFound (call Register to register
// it).
func WithAutoRegister(on bool) Option { return func(o *options) { o.autoRegister = on } }

// WithStatusMapping maps techTRACK event categories (matched ignoring
// case and surrounding spaces) to normalized statuses. techTRACK documents
// no category values, so without it every event is unknown. A value
// outside tracking.Statuses() makes every call fail with an error matching
// tracking.ErrInvalidRequest. Later calls add to earlier ones.
func WithStatusMapping(m map[string]tracking.Status) Option {
	return func(o *options) { o.statusMap = carrierkit.AddStatusMapping(o.statusMap, m, normalize) }
}

// WithAccessLevels keeps only events whose accessLevel is one of levels
// (ignoring case), for example "Public" to hide internal events from end
// customers. By default every event is kept. The values are not
// documented.
func WithAccessLevels(levels ...string) Option {
	return func(o *options) { o.accessLevels = levels }
}
