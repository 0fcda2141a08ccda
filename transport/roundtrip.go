package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

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
