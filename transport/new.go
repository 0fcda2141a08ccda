package transport

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"
)

// New returns an *http.Client that retries and paces its requests. See the
// package doc for the behaviour. Options are recorded first and assembled
// here in a fixed order, so their order does not matter.
func New(opts ...Option) *http.Client {
	c := config{limit: rate.Inf, burst: 1}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	base, timeout := c.base, c.timeout
	var jar http.CookieJar
	var redirect func(*http.Request, []*http.Request) error
	if hc := c.client; hc != nil {
		if base == nil {
			base = hc.Transport
		}
		if timeout == 0 {
			timeout = hc.Timeout
		}
		jar, redirect = hc.Jar, hc.CheckRedirect
	}
	if base == nil {
		base = DefaultBase()
	}
	if c.limiter == nil {
		c.limiter = NewLimiter(c.limit, c.burst, c.pacing...)
	}
	if c.budget == nil {
		c.budget = NewRetryBudget(DefaultCapacity)
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.attemptTimeout == 0 {
		c.attemptTimeout = DefaultAttemptTimeout
	}
	c.policy = c.policy.withDefaults()
	c.headers = headersWithDefaults(c.headers)
	c.base = base
	// The pacer deliberately has no CloseIdleConnections: the retry loop
	// calls it after every failed call, which would empty a connection pool
	// the user may share.
	p := &pacer{limiter: c.limiter, base: base}
	if c.attemptTimeout > 0 {
		p.watch = &attemptWatch{timeout: c.attemptTimeout, cause: &attemptTimeoutError{c.attemptTimeout}}
	}
	rt := &roundTripper{
		cfg:   c,
		paced: p,
		inner: http.Client{Transport: p, CheckRedirect: lastResponse},
	}
	return &http.Client{Transport: rt, Timeout: timeout, Jar: jar, CheckRedirect: keepSecretsOnRedirect(redirect)}
}

// lastResponse is the inner client's redirect policy when the client from
// New follows redirects itself: hand every redirect up.
func lastResponse(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// roundTripper runs the retry loop of go-retryablehttp, with policies bound
// to one call's state.
type roundTripper struct {
	cfg   config
	paced *pacer      // the pacer over the base: one attempt
	inner http.Client // sends attempts when the client from New follows redirects
}

// CloseIdleConnections closes the base RoundTripper's idle connections, so
// that (*http.Client).CloseIdleConnections works on a client from New.
func (t *roundTripper) CloseIdleConnections() {
	if ci, ok := t.cfg.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
