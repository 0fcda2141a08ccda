package tracking

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Client-wide settings: NewClient hands them to every carrier it holds
// that takes them (every carrier in this module does), as CarrierDefaults.
// A carrier's own options win: a default fills only what the carrier was
// not given. Without them each carrier keeps its own settings.

// RetryPolicy says how often and how long a carrier's transport retries.
// Zero fields take the defaults of transport.DefaultRetryPolicy(): 4
// retries, backoff from 250 ms to 10 s, Retry-After honoured up to 2 min.
// It converts to transport.RetryPolicy, which has the same fields.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; a
	// negative value disables retries.
	MaxRetries int
	// MinWait and MaxWait bound the exponential backoff.
	MinWait, MaxWait time.Duration
	// MaxRetryAfter is the longest Retry-After the transport waits; a
	// longer one fails the call at once with ErrRateLimited.
	MaxRetryAfter time.Duration
}

// Limiter paces a carrier's attempts: Wait blocks until one attempt under
// key may start, or fails when that would be too late for ctx. Any
// transport.Limiter is one (redisstore's, to share a provider's limit
// between replicas).
type Limiter interface {
	Wait(ctx context.Context, key string) error
}

// CarrierDefaults are the settings a Client gives the carriers it holds;
// each fills only what a carrier's own options left unset. NewClient
// builds them from its options; a carrier outside this module takes them
// by implementing DefaultsTaker.
type CarrierDefaults struct {
	// Logger receives each carrier's debug lines: one per attempt, retry
	// and call (carrier, credential code, attempts, latency, status). Nil
	// when the client has no logger.
	Logger *slog.Logger
	// HTTPClient supplies the base transport, timeout, cookie jar and
	// redirect policy, as a carrier's WithHTTPClient does; never modified.
	HTTPClient *http.Client
	// Transport is the base RoundTripper (a proxy, tracing); it takes
	// precedence over HTTPClient's Transport.
	Transport http.RoundTripper
	// Retry is the retry policy; the zero value leaves each carrier's.
	Retry RetryPolicy
	// Limiter paces every carrier's attempts instead of its local token
	// bucket, under keys prefixed with the carrier ID. A carrier that
	// brings its own limiter (WithLimiter, or ShipEngine's per-endpoint
	// buckets) keeps it.
	Limiter Limiter
	// RateMargin, when set, is the share of each carrier's rate left
	// unused (transport.RateMargin) where the carrier was given no pacing
	// options.
	RateMargin *float64
	// TrackingNumbersInLogs shows tracking numbers whole in log lines;
	// by default a URL path segment that looks like one is masked to its
	// last four characters.
	TrackingNumbersInLogs bool
	// ResponseHeaders names the headers a successful answer's request id
	// and rate-limit headroom are read from (see ProviderResponse); empty
	// lists take DefaultResponseHeaders'.
	ResponseHeaders ResponseHeaders
}

// DefaultsTaker is implemented by carriers that take a Client's
// CarrierDefaults. NewClient calls TakeDefaults once per carrier, before
// the client makes any call; a carrier registered with several clients
// keeps the defaults of the last one built. Build such a carrier for its
// clients and do not use it while NewClient runs.
type DefaultsTaker interface {
	TakeDefaults(CarrierDefaults)
}

// WithHTTPClient gives every carrier that was not given one hc's
// transport, timeout, cookie jar and redirect policy. hc is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(cfg *clientConfig) { cfg.defaults.HTTPClient = hc }
}

// WithTransport sends every carrier's requests through rt (a proxy,
// tracing), unless the carrier was given its own HTTP client. It takes
// precedence over WithHTTPClient's Transport.
func WithTransport(rt http.RoundTripper) Option {
	return func(cfg *clientConfig) { cfg.defaults.Transport = rt }
}

// WithRetry sets the retry policy of every carrier that was not given one.
func WithRetry(p RetryPolicy) Option {
	return func(cfg *clientConfig) { cfg.defaults.Retry = p }
}

// WithLimiter paces every carrier's attempts with l (for example one
// shared by several replicas) instead of each carrier's local token
// bucket; keys are the carrier's, prefixed with its ID and a space. A
// carrier with its own limiter keeps it.
func WithLimiter(l Limiter) Option {
	return func(cfg *clientConfig) { cfg.defaults.Limiter = l }
}

// WithRateMargin sets the share of its rate each carrier leaves unused
// (transport.RateMargin, 2% by default), for carriers given no pacing
// options of their own.
func WithRateMargin(m float64) Option {
	return func(cfg *clientConfig) { cfg.defaults.RateMargin = &m }
}

// WithTrackingNumbersInLogs shows tracking numbers whole in the carriers'
// debug lines. By default they are masked to their last four characters,
// so that logs do not collect customers' parcel numbers.
func WithTrackingNumbersInLogs(on bool) Option {
	return func(cfg *clientConfig) { cfg.defaults.TrackingNumbersInLogs = on }
}

// WithResponseHeaders names the headers every carrier reads a successful
// answer's request id and rate-limit headroom from, for a provider that
// sends them under names DefaultResponseHeaders lacks.
func WithResponseHeaders(h ResponseHeaders) Option {
	return func(cfg *clientConfig) { cfg.defaults.ResponseHeaders = h }
}

// giveDefaults hands the client-wide settings to every carrier that takes
// them. The client's logger is the carriers' unless none was set.
func giveDefaults(cfg *clientConfig) {
	d := cfg.defaults
	d.Logger = cfg.logger
	if !d.set() {
		return // nothing to give: the carriers stay as they were built
	}
	for _, car := range cfg.carriers {
		if t, ok := car.(DefaultsTaker); ok {
			t.TakeDefaults(d)
		}
	}
}

// set reports whether any setting is given.
func (d CarrierDefaults) set() bool {
	h := d.ResponseHeaders
	return d.Logger != nil || d.HTTPClient != nil || d.Transport != nil || d.Retry != (RetryPolicy{}) ||
		d.Limiter != nil || d.RateMargin != nil || d.TrackingNumbersInLogs ||
		len(h.RequestID)+len(h.Limit)+len(h.Remaining)+len(h.Reset) > 0
}
