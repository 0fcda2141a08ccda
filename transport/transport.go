package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
)

// Verdict is a Classifier's reading of a response.
type Verdict int

const (
	// Final: hand the response to the caller as it is.
	Final Verdict = iota
	// Retryable: a transient provider failure; retried when the request is
	// idempotent.
	Retryable
	// RateLimited: the provider refused the request to slow us down; it was
	// not processed, so it is retried whatever its method.
	RateLimited
)

// String names the verdict, for logs.
func (v Verdict) String() string {
	switch v {
	case Final:
		return "final"
	case Retryable:
		return "retryable"
	case RateLimited:
		return "rate_limited"
	}
	return "verdict(" + strconv.Itoa(int(v)) + ")"
}

// Classifier reads a response the status code alone does not explain,
// such as a rate-limit code in a JSON envelope sent with HTTP 200. body is
// the whole body of a 2xx answer (up to MaxBody) and the first
// MaxErrorBody bytes of any other; the response's Body can still be read.
// It is asked about every response; it can make a response more retryable
// than its status says (a 503 that is really a rate limit) but not less (a
// 429 stays rate-limited). When the provider says in the body how long to
// wait, the classifier may set a Retry-After header on resp: the transport
// reads it after classifying, as if the provider had sent it.
type Classifier func(resp *http.Response, body []byte) Verdict

// MaxBody bounds how much of a successful (2xx) body the transport and Do
// read.
const MaxBody = 32 << 20

// MaxErrorBody bounds how much of any other answer (a 429, a 5xx, a 4xx)
// the transport and Do read: enough for a classifier and an ErrorDecoder
// to read the provider's error, and no more, since such an answer may be
// retried several times in one call. The rest is never read: the body is
// closed, and with it the connection. So the bytes one call reads, over
// all its attempts, stay within its successful body plus MaxErrorBody per
// failed attempt, however long the failed answers are.
const MaxErrorBody = 64 << 10

// bodyLimit is how much of resp's body is worth reading: one byte past
// MaxBody for a success, so that Do still sees an oversized answer, and
// MaxErrorBody for anything else.
func bodyLimit(resp *http.Response) int64 {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return MaxBody + 1
	}
	return MaxErrorBody
}

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
	c.base = base
	rt := &roundTripper{
		cfg: c,
		inner: &http.Client{
			// The pacer deliberately has no CloseIdleConnections: the retry
			// loop calls it after every failed call, which would empty a
			// connection pool the user may share.
			Transport: &pacer{limiter: c.limiter, base: base, timeout: c.attemptTimeout,
				timedOut: &attemptTimeoutError{c.attemptTimeout}},
			// Redirects are followed by the outer client.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	return &http.Client{Transport: rt, Timeout: timeout, Jar: jar, CheckRedirect: keepSecretsOnRedirect(redirect)}
}

// keepSecretsOnRedirect wraps a redirect policy (nil: net/http's default,
// at most 10 redirects). net/http drops Authorization and Cookie when a
// redirect leaves the original host, but resends every other header, so a
// key sent in a provider's own header (API-Key, Track123-Api-Secret,
// Australia Post's Account-Number...) would follow a redirect to any host,
// or from https to plain http. On such a redirect every header is dropped
// whose name looks like a credential's (the redactor's rule) or whose
// value holds a value marked with WithSecrets, in any form the redactor
// knows; a redirect within the host (or to a subdomain of it, as net/http
// allows) keeps them.
func keepSecretsOnRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && leavesOrigin(via[0].URL, req.URL) {
			r, marked := newRedactor(via[0]), secretsOf(req.Context())
			for name, vs := range req.Header {
				if sensitiveName(name) || slices.ContainsFunc(vs, func(v string) bool { return r.carriesSecret(v, marked) }) {
					delete(req.Header, name)
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// leavesOrigin reports whether a redirect from the first request's URL to
// dest goes to another host or downgrades https to http.
func leavesOrigin(first, dest *url.URL) bool {
	if first.Scheme == "https" && dest.Scheme != "https" {
		return true
	}
	from, to := strings.ToLower(first.Hostname()), strings.ToLower(dest.Hostname())
	return to != from && !strings.HasSuffix(to, "."+from)
}

// roundTripper runs the retry loop of go-retryablehttp, with policies bound
// to one call's state.
type roundTripper struct {
	cfg   config
	inner *http.Client
}

// CloseIdleConnections closes the base RoundTripper's idle connections, so
// that (*http.Client).CloseIdleConnections works on a client from New.
func (t *roundTripper) CloseIdleConnections() {
	if ci, ok := t.cfg.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// callState is one call's bookkeeping, carried in its context. A call is
// one Do (or one use of the client), redirects included.
type callState struct {
	mu       sync.Mutex
	attempts int           // attempts made so far, over redirects too
	wrote    bool          // the current attempt's request reached the connection
	nextWait time.Duration // the wait checkRetry chose for the retry it allowed
	lastCost int           // budget tokens spent on the latest retry; 0 when none
	last     *Response     // the answer the transport turned into an error
}

func (s *callState) startAttempt() {
	s.mu.Lock()
	s.attempts++
	s.wrote = false
	s.mu.Unlock()
}

func (s *callState) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

func (s *callState) didWrite() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrote
}

// keep records an answer that the transport is about to turn into an
// error, so that Do can still let the carrier's ErrorDecoder read it.
func (s *callState) keep(resp *http.Response) {
	if resp == nil {
		return
	}
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
	}
	s.mu.Lock()
	s.last = &Response{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), Body: body}
	s.mu.Unlock()
}

func (s *callState) lastAnswer() *Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

type stateKey struct{}

func stateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(stateKey{}).(*callState)
	return s
}

type idempotentKey struct{}

// Idempotent returns a context whose requests are safe to repeat whatever
// their method (a POST that only reads, or a create the provider
// deduplicates).
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func isIdempotent(req *http.Request) bool {
	if v, _ := req.Context().Value(idempotentKey{}).(bool); v {
		return true
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	// A request carrying an idempotency key is deduplicated by the server
	// (net/http's Transport replays such requests too).
	_, a := req.Header["Idempotency-Key"]
	_, b := req.Header["X-Idempotency-Key"]
	return a || b
}

// RoundTrip implements http.RoundTripper.
func (t *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateOf(ctx)
	if st == nil {
		st = &callState{}
		ctx = context.WithValue(ctx, stateKey{}, st)
	}
	// Work on a shallow copy: the retry loop swaps the body of the request
	// it is given, and a RoundTripper must not modify the caller's.
	req = req.WithContext(ctx)
	rreq, err := retryablehttp.FromRequest(req)
	if req.Body != nil {
		// FromRequest has buffered it; every attempt gets a fresh reader.
		_ = req.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	// The loop's client lives in the call, one allocation for both.
	call := &call{t: t, st: st, req: req, idem: isIdempotent(req)}
	call.rc = retryablehttp.Client{
		HTTPClient:   t.inner,
		RetryMax:     t.cfg.policy.MaxRetries,
		RetryWaitMin: t.cfg.policy.MinWait,
		RetryWaitMax: t.cfg.policy.MaxWait,
		// Logger stays nil: retryablehttp is silent then, and logging is ours.
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, n int) {
			call.attempt = n + 1
			st.startAttempt()
		},
		CheckRetry: call.checkRetry,
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration {
			st.mu.Lock()
			defer st.mu.Unlock()
			return st.nextWait
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return call.giveUp(resp, err)
		},
	}
	return call.rc.Do(rreq)
}

// call is one RoundTrip's retry loop. Its hooks all run on the goroutine
// of that loop.
type call struct {
	rc      retryablehttp.Client
	t       *roundTripper
	st      *callState
	req     *http.Request
	idem    bool
	red     *redactor // built on first use: only failures need it
	attempt int       // this RoundTrip's attempt number, from 1
}

func (c *call) debug(ctx context.Context, msg string, args ...any) {
	log := c.t.cfg.logger
	if !log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	args = append([]any{"carrier", c.t.cfg.carrier, "method", c.req.Method, "url", redactURL(c.req), "attempt", c.attempt}, args...)
	log.DebugContext(ctx, msg, args...)
}

// scrub cleans s of the request's secrets.
func (c *call) scrub(s string) string {
	if c.red == nil {
		r := newRedactor(c.req)
		c.red = &r
	}
	return c.red.scrub(s)
}

// checkRetry decides whether to retry and how long to wait first. It
// returns an error only to stop the call with that error.
func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	policy := c.t.cfg.policy
	if err != nil {
		var le *limiterError
		if errors.As(err, &le) {
			c.debug(ctx, "rate limiter refused the attempt", "error", c.scrub(le.err.Error()))
			return false, le
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, err
		}
		err = stripURL(err)
		c.debug(ctx, "attempt failed", "error", c.scrub(err.Error()))
		if !c.idem && c.st.didWrite() {
			// The provider may have processed it: repeating could duplicate a write.
			c.debug(ctx, "not retried: the request was sent and may have been processed")
			return false, nil
		}
		return c.retry(ctx, connErrorCost, 0, false, nil, err)
	}

	verdict := c.verdict(resp)
	c.debug(ctx, "attempt answered", "status", resp.StatusCode, "verdict", verdict.String())
	wait, explicit := RetryAfter(resp.Header, time.Now())
	switch verdict {
	case RateLimited:
		if explicit && wait > policy.MaxRetryAfter {
			return false, c.stop(tracking.ErrRateLimited, resp, wait,
				"the provider's Retry-After is longer than RetryPolicy.MaxRetryAfter", nil)
		}
		return c.retry(ctx, retryCost, wait, true, resp, nil)
	case Retryable:
		if !c.idem {
			c.debug(ctx, "not retried: the request is not idempotent")
			return false, nil
		}
		if explicit && wait > policy.MaxRetryAfter {
			return false, nil // hand the answer on; its error carries RetryAfter
		}
		return c.retry(ctx, retryCost, wait, false, resp, nil)
	}
	if resp.StatusCode < 500 {
		// The provider is answering: refill the budget.
		c.st.mu.Lock()
		refund := c.st.lastCost
		c.st.mu.Unlock()
		if refund == 0 {
			refund = successRefund
		}
		c.t.cfg.budget.refund(refund)
	}
	return false, nil
}

// verdict reads resp by its status, then lets the classifier raise it.
func (c *call) verdict(resp *http.Response) Verdict {
	v := Final
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		v = RateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		v = Retryable
	}
	if c.t.cfg.classifier == nil {
		return v
	}
	body, err := peekBody(resp)
	if err != nil {
		return max(v, Retryable) // the answer broke off on the way
	}
	return max(v, c.t.cfg.classifier(resp, body))
}

// retry schedules a retry after wait (or the backoff when wait is zero),
// unless the retries are spent, the wait would end past ctx's deadline or
// the budget is spent. rateLimited says the provider asked us to slow
// down: then a wait we cannot honour fails the call with ErrRateLimited
// instead of handing the answer on.
func (c *call) retry(ctx context.Context, cost int, wait time.Duration, rateLimited bool, resp *http.Response, cause error) (bool, error) {
	policy := c.t.cfg.policy
	if c.attempt > policy.MaxRetries {
		c.debug(ctx, "not retried: retries spent")
		return false, nil // hand on the last answer or failure; keep the budget
	}
	if wait <= 0 {
		wait = backoff(policy, c.attempt)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		if rateLimited {
			return false, c.stop(tracking.ErrRateLimited, resp, wait,
				"waiting as the provider asked would pass the call's deadline", nil)
		}
		c.debug(ctx, "not retried: the wait would pass the call's deadline", "wait", wait)
		return false, nil
	}
	if !c.t.cfg.budget.take(cost) {
		kind := tracking.ErrUnavailable
		if rateLimited {
			kind = tracking.ErrRateLimited
		}
		c.debug(ctx, "not retried: retry budget exhausted")
		return false, c.stop(kind, resp, 0,
			"retry budget exhausted: the provider keeps failing, so calls fail fast until it recovers", cause)
	}
	c.st.mu.Lock()
	c.st.nextWait = wait
	c.st.lastCost = cost
	c.st.mu.Unlock()
	c.debug(ctx, "retrying", "wait", wait)
	return true, nil
}

// stop builds the error that ends a call early. The answer, if any, is
// kept so that Do can fill in the provider's code and message.
func (c *call) stop(kind error, resp *http.Response, wait time.Duration, reason string, cause error) *tracking.APIError {
	e := &tracking.APIError{
		Carrier: c.t.cfg.carrier, Kind: kind, RetryAfter: wait, Attempts: c.st.total(),
		Err: errors.New(reason),
	}
	if cause != nil {
		e.Message = "could not reach the provider"
		e.Err = &reasonError{reason: reason, err: cause}
	}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		c.st.keep(resp)
	}
	return e
}

// reasonError explains why the transport stopped, keeping the cause.
type reasonError struct {
	reason string
	err    error
}

func (e *reasonError) Error() string { return e.reason + ": " + e.err.Error() }
func (e *reasonError) Unwrap() error { return e.err }

// giveUp runs when the loop ends without a plain success: an answer is
// handed on for the carrier to decode; a failure becomes a typed error.
func (c *call) giveUp(resp *http.Response, err error) (*http.Response, error) {
	attempts := max(c.st.total(), 1)
	var le *limiterError
	var apiErr *tracking.APIError
	switch {
	case errors.As(err, &le):
		drain(resp)
		return nil, le.apiError(c.t.cfg.carrier, attempts)
	case errors.As(err, &apiErr):
		drain(resp)
		if apiErr.Carrier == "" {
			apiErr.Carrier = c.t.cfg.carrier
		}
		if apiErr.Attempts == 0 {
			apiErr.Attempts = attempts
		}
		return nil, apiErr
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		drain(resp)
		return nil, err
	case resp != nil:
		return resp, nil
	case err == nil:
		err = errors.New("no response")
	}
	return nil, &tracking.APIError{Carrier: c.t.cfg.carrier, Kind: tracking.ErrUnavailable, Attempts: attempts,
		Err: stripURL(err), Message: "could not reach the provider"}
}

// backoff is exponential with equal jitter: the attempt's step d is
// MinWait doubled per attempt up to MaxWait, and the wait is drawn from
// [d/2, d], half fixed and half random, so that a fleet does not retry in
// step.
func backoff(p RetryPolicy, attempt int) time.Duration {
	d := p.MinWait
	for i := 1; i < attempt && d < p.MaxWait; i++ {
		if d > p.MaxWait/2 {
			d = p.MaxWait
			break
		}
		d *= 2
	}
	d = min(d, p.MaxWait)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// maxRetryAfterHeader caps what RetryAfter reports, whatever the header
// says.
const maxRetryAfterHeader = 24 * time.Hour

// RetryAfter parses a Retry-After header, in seconds or as an HTTP date,
// relative to now. It reports false when the header is absent or invalid.
// A date in the past gives 0; anything longer than a day gives a day,
// however many digits the number of seconds has.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && secs > 0 {
		// Too many digits for an int64 is still a number of seconds
		// (RFC 9110 section 10.2.3: delay-seconds = 1*DIGIT), and a very
		// long wait; ParseInt saturates, so secs is MaxInt64 here.
		err = nil
	}
	if err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfterHeader/time.Second) {
			return maxRetryAfterHeader, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfterHeader), true
	}
	return 0, false
}

// peekBody reads the body (as far as bodyLimit says), closes it and puts
// an equivalent reader back, which ends with the read error if there was
// one.
func peekBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	if p, ok := resp.Body.(*peekedBody); ok { // already read on an earlier look
		return p.data[:min(len(p.data), MaxBody)], p.err
	}
	body, err := readAll(resp.Body, resp.ContentLength, bodyLimit(resp))
	_ = resp.Body.Close()
	p := &peekedBody{data: body, err: err}
	p.Reset(body)
	resp.Body = p
	return body[:min(len(body), MaxBody)], err
}

// peekedBody is a body the transport has read whole: Do takes its bytes
// instead of copying them again, and a read error is replayed at the end.
type peekedBody struct {
	bytes.Reader        // in the same allocation
	data         []byte // up to bodyLimit bytes, so that Do still sees an oversize body
	err          error
}

func (p *peekedBody) Read(b []byte) (int, error) {
	n, err := p.Reader.Read(b)
	if err == io.EOF && p.err != nil {
		err = p.err
	}
	return n, err
}

// Close implements io.Closer; the connection was released when the body
// was read.
func (p *peekedBody) Close() error { return nil }

// readBody returns the body of resp as far as bodyLimit says, reusing a
// peek.
func readBody(resp *http.Response) ([]byte, error) {
	if p, ok := resp.Body.(*peekedBody); ok && p.Len() == len(p.data) {
		return p.data, p.err
	}
	return readAll(resp.Body, resp.ContentLength, bodyLimit(resp))
}

// unknownSize is the buffer a body of unknown length starts with: most
// tracking answers fit, where io.ReadAll would start at 512 bytes and copy
// the body four or five times as it grows.
const unknownSize = 8 << 10

// readAll reads r whole, up to limit bytes, into a buffer sized by size
// (the Content-Length; -1 when unknown), so that a body of known length is
// read without growing the buffer.
func readAll(r io.Reader, size, limit int64) ([]byte, error) {
	n := min(unknownSize, int(limit))
	if size >= 0 && size < limit {
		n = int(size) + bytes.MinRead // room to see io.EOF without growing
	}
	buf := bytes.NewBuffer(make([]byte, 0, n))
	_, err := buf.ReadFrom(io.LimitReader(r, limit))
	return buf.Bytes(), err
}

func drain(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	_ = resp.Body.Close()
}

// stripURL drops the *url.Error layers net/http wraps around failures:
// their text holds the whole URL, query (and any key in it) included.
func stripURL(err error) error {
	for {
		ue, ok := err.(*url.Error)
		if !ok || ue.Err == nil {
			return err
		}
		err = ue.Err
	}
}

// redactURL drops the query and credentials from a URL for logs and errors.
func redactURL(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	u := *req.URL
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}

// pacer waits for the limiter before every attempt, records whether the
// attempt's request reached the connection and bounds the attempt.
type pacer struct {
	limiter  Limiter
	base     http.RoundTripper
	timeout  time.Duration // per attempt, body included; <= 0: none
	timedOut error         // the cause of an attempt that outlived timeout
}

// attemptTimeoutError ends an attempt that outlived WithAttemptTimeout. It
// is not context.DeadlineExceeded: the caller's context has not ended, and
// the attempt is retried like a broken connection.
type attemptTimeoutError struct{ d time.Duration }

func (e *attemptTimeoutError) Error() string {
	return "the attempt, answer body included, took longer than " + e.d.String() +
		" (transport.WithAttemptTimeout); the provider may be overloaded, retry later"
}

// Timeout marks it as a timeout for net.Error-style checks.
func (e *attemptTimeoutError) Timeout() bool { return true }

// timedBody releases an attempt's timer when its body is closed.
type timedBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *timedBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// limiterError marks a Limiter's refusal, so that it is not taken for a
// connection failure and retried.
type limiterError struct{ err error }

func (e *limiterError) Error() string { return "rate limiter: " + e.err.Error() }
func (e *limiterError) Unwrap() error { return e.err }

func (e *limiterError) apiError(carrier string, attempts int) *tracking.APIError {
	var apiErr *tracking.APIError
	if errors.As(e.err, &apiErr) {
		if apiErr.Carrier == "" {
			apiErr.Carrier = carrier
		}
		if apiErr.Attempts == 0 {
			apiErr.Attempts = attempts
		}
		return apiErr
	}
	kind := tracking.ErrUnavailable
	if errors.Is(e.err, tracking.ErrRateLimited) {
		kind = tracking.ErrRateLimited
	}
	return &tracking.APIError{Carrier: carrier, Kind: kind, Attempts: attempts, Err: e.err,
		Message: "the rate limiter refused the attempt"}
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := p.limiter.Wait(ctx, limitKeyOf(ctx, req.URL.Host)); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			return nil, err
		}
		return nil, &limiterError{err: err}
	}
	// Only a request that must not be repeated needs to know whether it
	// was written; the others skip the trace's cost.
	if st := stateOf(ctx); st != nil && !isIdempotent(req) {
		trace := &httptrace.ClientTrace{
			WroteHeaders: func() {
				st.mu.Lock()
				st.wrote = true
				st.mu.Unlock()
			},
		}
		ctx = httptrace.WithClientTrace(ctx, trace)
		req = req.WithContext(ctx)
	}
	if p.timeout <= 0 {
		return p.base.RoundTrip(req)
	}
	// The bound covers the answer's body too, which is read after
	// RoundTrip returns: the timer is released when the body is closed,
	// and net/http ends a read in progress when the context ends.
	ctx, cancel := context.WithTimeoutCause(ctx, p.timeout, p.timedOut)
	resp, err := p.base.RoundTrip(req.WithContext(ctx))
	if err != nil || resp == nil || resp.Body == nil {
		cancel()
		return resp, err
	}
	resp.Body = &timedBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}
