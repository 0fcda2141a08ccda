package trackship

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
	autoRegister bool
	location     *time.Location
}

// WithBaseURL sets the API root (scheme and host, optional prefix, without
// /v1), for a proxy or the fake server. The default is DefaultBaseURL.
func WithBaseURL(root string) Option { return func(o *options) { o.kit.BaseURL = root } }

// WithHTTPClient takes the base transport, timeout and cookie jar from hc
// (for proxies or tracing). hc is not modified.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.kit.HTTPClient = hc } }

// WithRateLimit overrides the default of DefaultRate requests per second
// (burst DefaultBurst) per credential. TrackShip documents no limit.
// The bucket paces transport.DefaultMargin below r, so that a provider
// counting a strict window never sees r+1; opts (transport.RateMargin,
// transport.RateWindow) change the margin.
func WithRateLimit(r rate.Limit, burst int, opts ...transport.LimiterOption) Option {
	return func(o *options) { o.kit.Limit, o.kit.Burst, o.kit.Pacing = r, burst, opts }
}

// WithLimiter paces requests with l (for example one shared by several
// replicas) instead of a local token bucket. The keys l receives are
// "trackship/<organization>/<code>" per credential, and "trackship/public"
// for Couriers.
func WithLimiter(l transport.Limiter) Option { return func(o *options) { o.kit.Limiter = l } }

// WithRetry sets the retry policy (transport.DefaultRetryPolicy() by default).
func WithRetry(p transport.RetryPolicy) Option { return func(o *options) { o.kit.Retry = p } }

// WithLogger logs requests and retries at debug level; silent by default.
// Secrets never reach it.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.kit.Logger = l } }

// WithAutoRegister turns registration of unknown numbers in Track on or off
// (off by default). Registering spends one of the account's tracker
// credits, so it is opt-in; it needs Request.Courier. With it on, a number
// TrackShip does not track is created and answered as a pending Shipment;
// with it off, it is answered with an error matching tracking.ErrNotFound
// (call Register to register it).
func WithAutoRegister(on bool) Option { return func(o *options) { o.autoRegister = on } }

// WithLocation sets the zone TrackShip's zone-less timestamps are read in
// (UTC by default). TrackShip does not say which zone they are in; they
// are probably the courier's local time at each event. Event.LocalTime
// always keeps the text as sent.
func WithLocation(loc *time.Location) Option { return func(o *options) { o.location = loc } }
