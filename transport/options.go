package transport

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// RetryPolicy says how often and how long to retry. Zero fields take the
// defaults of DefaultRetryPolicy().
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

// DefaultBase returns a clone of http.DefaultTransport with bounded
// timeouts, used when no base is given.
func DefaultBase() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 30 * time.Second
	t.TLSHandshakeTimeout = 10 * time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConnsPerHost = 16
	return t
}
