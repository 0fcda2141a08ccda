package track123

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Option configures New. Options only record; New assembles, so their
// order does not matter.
type Option func(*options)

type options struct {
	kit          carrierkit.Settings
	version      APIVersion
	fallback     *bool
	autoRegister bool
	location     *time.Location
	maxPages     int
}

// WithBaseURL sets the API root: scheme and host plus the gateway prefix,
// without /tk/<version> (DefaultBaseURL by default). Use it for a proxy or
// the fake server in track123test.
func WithBaseURL(root string) Option { return func(o *options) { o.kit.BaseURL = root } }

// WithHTTPClient takes the base transport, timeout and cookie jar from hc
// (for proxies or tracing). hc is not modified.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.kit.HTTPClient = hc } }

// WithRateLimit overrides the default of DefaultRate requests per second
// with burst DefaultBurst. The bucket is per credential and per endpoint,
// as Track123 limits each path separately.
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithLimiter paces requests with l (for example one shared by several
// replicas) instead of a local token bucket. Keys are the credential code
// and the request path separated by a space, such as
// "main /tk/v2.1/track/query".
func WithLimiter(l transport.Limiter) Option { return func(o *options) { o.kit.Limiter = l } }

// WithRetry sets the retry policy (transport.DefaultRetryPolicy() by default).
// Track123 sends no Retry-After, so rate-limited calls back off
// exponentially from MinWait.
func WithRetry(p transport.RetryPolicy) Option { return func(o *options) { o.kit.Retry = p } }

// WithLogger logs requests and retries at debug level; silent by default.
// Secrets never reach it.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.kit.Logger = l } }

// WithAPIVersion selects the package-tracking API version: V21 (the
// default) or V2. The courier list always uses /tk/v2, where Track123
// documents it.
func WithAPIVersion(v APIVersion) Option { return func(o *options) { o.version = v } }

// WithVersionFallback turns the V2 fallback on or off (on by default).
// With it on, a V21 call answered with C0113 (interface does not exist) or
// HTTP 404 is repeated once on /tk/v2 with the v2 field names, and that
// endpoint keeps using /tk/v2 for the carrier's lifetime.
func WithVersionFallback(on bool) Option { return func(o *options) { o.fallback = &on } }

// WithAutoRegister turns registration of unknown numbers in Track and
// TrackBatch on or off (off by default). Each number registered uses up
// Track123 account quota, which may be charged, so it is opt-in. With it
// on, a number Track123 does not know is imported and answered as a
// pending Shipment; with it off, it is answered with an error matching
// tracking.ErrNotFound (call Register to register it).
func WithAutoRegister(on bool) Option { return func(o *options) { o.autoRegister = on } }

// WithLocation sets the zone of Track123's zone-less timestamps (UTC by
// default): createTime, shipTime, deliveredTime, lastTrackingTime when no
// event matches them, and the createTimeStart/createTimeEnd and shipTime
// values sent. Track123 does not say which zone these are in.
func WithLocation(loc *time.Location) Option { return func(o *options) { o.location = loc } }

// WithMaxPages bounds how many pages one listing fetches (DefaultMaxPages
// by default), in case Track123's cursor never ends. Reaching the bound
// ends the sequence with an error matching tracking.ErrInvalidResponse.
func WithMaxPages(n int) Option { return func(o *options) { o.maxPages = n } }
