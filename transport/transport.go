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

// Classifier reads a response the status code alone does not explain,
// such as a rate-limit code in a JSON envelope sent with HTTP 200. body is
// the whole body (up to MaxBody); the response's Body can still be read.
type Classifier func(resp *http.Response, body []byte) Verdict

// MaxBody bounds how much of a body the transport and Do read.
const MaxBody = 32 << 20

// New returns an *http.Client that retries and paces its requests. See the
// package doc for the behaviour.
func New(opts ...Option) *http.Client {
	c := config{limit: rate.Inf, burst: 1}
	for _, o := range opts {
		o(&c)
	}
	if c.base == nil {
		c.base = DefaultBase()
	}
	if c.limiter == nil {
		c.limiter = NewLimiter(c.limit, c.burst)
	}
	if c.budget == nil {
		c.budget = NewRetryBudget(DefaultCapacity)
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	c.policy = c.policy.withDefaults()
	rt := &roundTripper{
		cfg: c,
		inner: &http.Client{
			Transport: &pacer{limiter: c.limiter, base: c.base},
			// Redirects are followed by the outer client.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	return &http.Client{Transport: rt, Timeout: c.timeout, Jar: c.jar}
}

// roundTripper runs the retry loop of go-retryablehttp, with policies bound
// to one call's state.
type roundTripper struct {
	cfg   config
	inner *http.Client
}

// callState is one call's bookkeeping, carried in its context.
type callState struct {
	mu       sync.Mutex
	attempts int
	retried  bool
	wrote    bool // the current attempt's request reached the connection
	nextWait time.Duration
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
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (t *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateOf(req.Context())
	if st == nil {
		st = &callState{}
		req = req.WithContext(context.WithValue(req.Context(), stateKey{}, st))
	}
	idem := isIdempotent(req)
	rc := &retryablehttp.Client{
		HTTPClient:   t.inner,
		RetryMax:     t.cfg.policy.MaxRetries,
		RetryWaitMin: t.cfg.policy.MinWait,
		RetryWaitMax: t.cfg.policy.MaxWait,
		RequestLogHook: func(_ retryablehttp.Logger, r *http.Request, n int) {
			st.mu.Lock()
			st.attempts = n + 1
			st.wrote = false
			st.mu.Unlock()
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return t.checkRetry(ctx, st, idem, req, resp, err)
		},
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration {
			st.mu.Lock()
			defer st.mu.Unlock()
			return st.nextWait
		},
		ErrorHandler: func(resp *http.Response, err error, n int) (*http.Response, error) {
			return t.giveUp(st, resp, err)
		},
	}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, err
	}
	return rc.Do(rreq)
}

// checkRetry decides whether to retry and how long to wait first.
func (t *roundTripper) checkRetry(ctx context.Context, st *callState, idem bool, req *http.Request, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	st.mu.Lock()
	attempt, wrote := st.attempts, st.wrote
	st.mu.Unlock()
	log := t.cfg.logger.With("carrier", t.cfg.carrier, "method", req.Method, "url", redactURL(req), "attempt", attempt)

	if err != nil {
		var apiErr *tracking.APIError
		if errors.As(err, &apiErr) { // the local limiter gave up
			return false, apiErr
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, err
		}
		log.DebugContext(ctx, "attempt failed", "error", err.Error())
		if !idem && wrote {
			// The provider may have processed it: repeating could duplicate a write.
			return false, nil
		}
		return t.retryAfterWait(ctx, st, attempt, 0, connErrorCost, nil)
	}

	log.DebugContext(ctx, "attempt answered", "status", resp.StatusCode)
	verdict := Final
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		verdict = RateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		verdict = Retryable
	default:
		if t.cfg.classifier != nil {
			body, readErr := peekBody(resp)
			if readErr != nil {
				verdict = Retryable
			} else {
				verdict = t.cfg.classifier(resp, body)
			}
		}
	}
	switch verdict {
	case RateLimited:
		wait, _ := RetryAfter(resp.Header, time.Now())
		if wait > t.cfg.policy.MaxRetryAfter {
			return false, t.rateLimited(resp, wait, attempt, "the provider's Retry-After is longer than the transport waits")
		}
		return t.retryAfterWait(ctx, st, attempt, wait, retryCost, resp)
	case Retryable:
		if !idem {
			return false, nil
		}
		wait, ok := RetryAfter(resp.Header, time.Now())
		if ok && wait > t.cfg.policy.MaxRetryAfter {
			return false, nil
		}
		return t.retryAfterWait(ctx, st, attempt, wait, retryCost, resp)
	}
	if resp.StatusCode < 500 {
		st.mu.Lock()
		retried := st.retried
		st.mu.Unlock()
		if retried {
			t.cfg.budget.refund(retryCost)
		} else {
			t.cfg.budget.refund(successRefund)
		}
	}
	return false, nil
}

// retryAfterWait schedules a retry after wait (or the backoff when wait is
// zero), unless the budget is spent, the retries are, or the wait would end
// past ctx's deadline.
func (t *roundTripper) retryAfterWait(ctx context.Context, st *callState, attempt int, wait time.Duration, cost int, resp *http.Response) (bool, error) {
	if attempt > t.cfg.policy.MaxRetries {
		return false, nil // retryablehttp stops here too; keep the budget
	}
	explicit := wait > 0
	if !explicit {
		wait = backoff(t.cfg.policy, attempt)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests || explicit {
			return false, t.rateLimited(resp, wait, attempt, "waiting as the provider asked would pass the call's deadline")
		}
		return false, nil
	}
	if !t.cfg.budget.take(cost) {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		return false, &tracking.APIError{
			Carrier: t.cfg.carrier, StatusCode: status, Attempts: attempt, Kind: tracking.ErrUnavailable,
			Message: "retry budget exhausted: the provider keeps failing, so calls fail fast until it recovers",
		}
	}
	st.mu.Lock()
	st.nextWait = wait
	st.retried = true
	st.mu.Unlock()
	t.cfg.logger.DebugContext(ctx, "retrying", "carrier", t.cfg.carrier, "attempt", attempt, "wait", wait)
	return true, nil
}

func (t *roundTripper) rateLimited(resp *http.Response, wait time.Duration, attempt int, msg string) *tracking.APIError {
	e := &tracking.APIError{
		Carrier: t.cfg.carrier, Kind: tracking.ErrRateLimited, RetryAfter: wait, Attempts: attempt, Message: msg,
	}
	if resp != nil {
		e.StatusCode = resp.StatusCode
	}
	return e
}

// giveUp runs when retries end without success: a response is handed on
// for the carrier to decode; a failure becomes a typed error.
func (t *roundTripper) giveUp(st *callState, resp *http.Response, err error) (*http.Response, error) {
	st.mu.Lock()
	attempts := st.attempts
	st.mu.Unlock()
	var apiErr *tracking.APIError
	switch {
	case errors.As(err, &apiErr):
		if resp != nil {
			drain(resp.Body)
		}
		if apiErr.Carrier == "" {
			apiErr.Carrier = t.cfg.carrier
		}
		if apiErr.Attempts == 0 {
			apiErr.Attempts = attempts
		}
		return nil, apiErr
	case resp != nil:
		return resp, nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case err == nil:
		err = errors.New("no response")
	}
	return nil, &tracking.APIError{Carrier: t.cfg.carrier, Kind: tracking.ErrUnavailable, Attempts: attempts, Err: err,
		Message: "could not reach the provider"}
}

// backoff is exponential with equal jitter: half fixed, half random, so
// that a fleet does not retry in step.
func backoff(p RetryPolicy, attempt int) time.Duration {
	d := p.MinWait
	for i := 1; i < attempt && d < p.MaxWait; i++ {
		d *= 2
	}
	d = min(d, p.MaxWait)
	half := d / 2
	return half + rand.N(half+1)
}

// RetryAfter parses a Retry-After header, in seconds or as an HTTP date,
// relative to now. It reports false when the header is absent or invalid.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// peekBody reads the body and puts an equivalent reader back.
func peekBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body, err
}

func drain(b io.ReadCloser) {
	if b == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 4096))
	_ = b.Close()
}

// redactURL drops the query and credentials from a URL for logs and errors.
func redactURL(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	u := *req.URL
	u.User, u.RawQuery, u.ForceQuery = nil, "", false
	return u.String()
}

// pacer waits for the limiter before every attempt and records whether the
// attempt's request reached the connection.
type pacer struct {
	limiter Limiter
	base    http.RoundTripper
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := p.limiter.Wait(ctx, limitKeyOf(ctx, req.URL.Host)); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	if st := stateOf(ctx); st != nil {
		trace := &httptrace.ClientTrace{
			WroteHeaders: func() {
				st.mu.Lock()
				st.wrote = true
				st.mu.Unlock()
			},
		}
		req = req.WithContext(httptrace.WithClientTrace(ctx, trace))
	}
	return p.base.RoundTrip(req)
}
