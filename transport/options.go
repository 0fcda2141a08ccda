package transport

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
)

// RetryPolicy says how often and how long to retry. Zero fields take the
// defaults of DefaultRetryPolicy(). tracking.RetryPolicy, with which a
// tracking.Client sets it for all its carriers, converts to it.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; a
	// negative value disables retries.
	MaxRetries int
	// MinWait and MaxWait bound the exponential backoff.
	MinWait, MaxWait time.Duration
	// MaxRetryAfter is the longest Retry-After the transport waits; a
	// longer one fails the call at once with tracking.ErrRateLimited.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns the policy used where a policy leaves a field
// zero: 4 retries, backoff from 250 ms to 10 s, Retry-After up to 2 min. It
// is a function, not a variable, so that no caller can change the defaults
// of every transport in the process.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxRetries:    4,
		MinWait:       250 * time.Millisecond,
		MaxWait:       10 * time.Second,
		MaxRetryAfter: 2 * time.Minute,
	}
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxRetries == 0 {
		p.MaxRetries = d.MaxRetries
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.MinWait <= 0 {
		p.MinWait = d.MinWait
	}
	if p.MaxWait <= 0 {
		p.MaxWait = d.MaxWait
	}
	if p.MaxWait < p.MinWait {
		p.MaxWait = p.MinWait
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// Option configures New. Options are recorded, then New assembles the
// stack in a fixed order, so their order does not matter.
type Option func(*config)

type config struct {
	carrier    string
	base       http.RoundTripper
	client     *http.Client // a copy of the user's client, from WithHTTPClient
	timeout    time.Duration
	limiter    Limiter
	limit      rate.Limit
	burst      int
	pacing     []LimiterOption
	policy     RetryPolicy
	classifier Classifier
	budget     *RetryBudget
	logger     *slog.Logger

	attemptTimeout time.Duration
	logNumbers     bool                     // WithTrackingNumbersInLogs
	headers        tracking.ResponseHeaders // WithResponseHeaders; empty lists take the defaults
}

// WithCarrier names the carrier in errors and log lines.
func WithCarrier(id string) Option { return func(c *config) { c.carrier = id } }

// WithBase sets the innermost RoundTripper (for proxies, tracing, tests).
// It is used as given, never modified, and takes precedence over the
// Transport of a client given to WithHTTPClient.
func WithBase(rt http.RoundTripper) Option { return func(c *config) { c.base = rt } }

// WithHTTPClient takes the base RoundTripper, timeout, cookie jar and
// redirect policy from a copy of hc; hc itself is never modified. A nil
// Transport means DefaultBase. WithBase and WithTimeout take precedence
// over what hc brings, whatever the order of the options.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			c.client = nil
			return
		}
		cp := *hc
		c.client = &cp
	}
}

// WithTimeout bounds each call, retries and waits included. Prefer a
// context deadline; this is a backstop.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// DefaultAttemptTimeout bounds each attempt when WithAttemptTimeout is not
// given. A base's ResponseHeaderTimeout bounds only the wait for headers,
// so without this a body sent a byte at a time would hold a call without
// a deadline forever. Two minutes leaves room for MaxBody on a slow link.
const DefaultAttemptTimeout = 2 * time.Minute

// WithAttemptTimeout bounds each attempt, from sending the request to
// reading the last byte of its answer, the wait for the rate limiter
// excluded. An attempt that outlives it fails like a broken connection (a
// request that may be repeated is retried). Zero keeps
// DefaultAttemptTimeout; a negative value removes the bound, leaving only
// the context and WithTimeout to end a call.
func WithAttemptTimeout(d time.Duration) Option { return func(c *config) { c.attemptTimeout = d } }

// WithLimiter paces attempts with l instead of a local token bucket.
func WithLimiter(l Limiter) Option { return func(c *config) { c.limiter = l } }

// WithRateLimit sets the local token bucket's rate and burst per key. A
// rate of zero or less, or rate.Inf, means no local limit. The bucket paces
// DefaultMargin below r; opts (RateMargin, RateWindow) change how far.
// WithLimiter takes precedence.
func WithRateLimit(r rate.Limit, burst int, opts ...LimiterOption) Option {
	return func(c *config) { c.limit, c.burst, c.pacing = r, burst, opts }
}

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *config) { c.policy = p } }

// WithClassifier sets the carrier's reading of responses that the status
// alone does not explain.
func WithClassifier(f Classifier) Option { return func(c *config) { c.classifier = f } }

// WithRetryBudget shares b between transports; by default each transport
// has its own budget of DefaultCapacity tokens.
func WithRetryBudget(b *RetryBudget) Option { return func(c *config) { c.budget = b } }

// WithLogger logs attempts and retries at debug level. Without it the
// transport is silent.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithTrackingNumbersInLogs shows tracking numbers whole in debug log
// lines. By default a URL path segment that looks like a tracking number
// (six digits or more) is logged with only its last four characters.
func WithTrackingNumbersInLogs(on bool) Option { return func(c *config) { c.logNumbers = on } }

// WithResponseHeaders names the headers Do reads a successful answer's
// request id and rate-limit headroom from (tracking.ProviderResponse);
// empty lists keep tracking.DefaultResponseHeaders'.
func WithResponseHeaders(h tracking.ResponseHeaders) Option {
	return func(c *config) { c.headers = h }
}

// DefaultBase returns a clone of http.DefaultTransport with bounded
// timeouts, used when no base is given. When an application has replaced
// http.DefaultTransport with something other than an *http.Transport (an
// instrumentation wrapper, say), it builds a transport with net/http's
// default settings instead of using the wrapper: pass the wrapper with
// WithBase or WithHTTPClient to have calls go through it.
func DefaultBase() http.RoundTripper {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok && dt != nil {
		t = dt.Clone()
	} else {
		t = stdTransport()
	}
	t.ResponseHeaderTimeout = 30 * time.Second
	t.TLSHandshakeTimeout = 10 * time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConnsPerHost = 16
	return t
}

// stdTransport has the settings of net/http's DefaultTransport (Go's
// src/net/http/transport.go), for when that variable holds something else;
// DefaultBase sets the idle and handshake timeouts itself.
func stdTransport() *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		ExpectContinueTimeout: 1 * time.Second,
	}
}
