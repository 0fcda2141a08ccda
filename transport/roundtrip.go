package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// How one call runs, and where its state lives:
//
//	Do                       one callState (the call's context), read by Do at the end, handed to the pacer
//	└ roundTripper.loop      one call: go-retryablehttp's loop and its hooks
//	  └ http.Client          follows redirects (Do) or not (RoundTrip)
//	    └ pacer.RoundTrip    once per attempt and redirect hop: limiter, timeout
//	      └ base             the user's RoundTripper
//
// callState holds what outlives one loop or must be seen below it (the
// attempts over redirects, whether the current attempt was written, the
// answer kept for an error); call holds what only the loop's hooks use.
// Do runs the loop directly, so a call goes through one http.Client, the
// loop's; used as an ordinary *http.Client (hc.Get), the client from New
// runs the loop once per redirect hop under its own RoundTrip.

// RoundTrip implements http.RoundTripper, for the client New returns when
// it is used directly rather than through Do: that client follows the
// redirects, so the loop must not.
func (t *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateOf(ctx)
	if st == nil {
		st = newCallState(ctx)
		ctx = st
	}
	// Work on a shallow copy: the retry loop swaps the body of the request
	// it is given, and a RoundTripper must not modify the caller's.
	return t.loop(req.WithContext(ctx), st, t.inner)
}

// loop runs go-retryablehttp's retry loop for req, sending each attempt
// with hc (copied into the call). When hc has no Transport, the attempts
// go to the pacer with st, which req's context then need not carry;
// otherwise it must.
func (t *roundTripper) loop(req *http.Request, st *callState, hc http.Client) (*http.Response, error) {
	var prepare retryablehttp.PrepareRetry
	if hc.Jar != nil {
		// http.Client adds the jar's cookies to the header of the request
		// it is given, and every attempt shares one header map: each retry
		// would send the cookies once more, and the caller's request would
		// keep them. Each attempt gets a copy of the header as it came.
		header := req.Header
		shallow := *req
		shallow.Header = header.Clone()
		req = &shallow
		prepare = func(r *http.Request) error {
			r.Header = header.Clone()
			return nil
		}
	}
	// The loop's client, its request and the per-loop state share one
	// allocation.
	c := &call{t: t, st: st, req: req, idem: isIdempotent(req), hc: hc}
	if c.hc.Transport == nil {
		c.paced = statePacer{p: t.paced, st: st}
		c.hc.Transport = &c.paced
	}
	rreq := &c.rreq
	if req.Body == nil || req.Body == http.NoBody {
		c.rreq.Request = req // nothing to buffer: skip FromRequest's allocation
	} else {
		var err error
		rreq, err = retryablehttp.FromRequest(req)
		// FromRequest has buffered the body; every attempt gets a fresh reader.
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	c.rc = retryablehttp.Client{
		HTTPClient:   &c.hc,
		RetryMax:     t.cfg.policy.MaxRetries,
		RetryWaitMin: t.cfg.policy.MinWait,
		RetryWaitMax: t.cfg.policy.MaxWait,
		// Logger stays nil: retryablehttp is silent then, and logging is ours.
		CheckRetry:   c.checkRetry,
		PrepareRetry: prepare,
		Backoff:      chosenWait,
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return c.giveUp(resp, err)
		},
	}
	return c.rc.Do(rreq)
}

// call is one run of the retry loop: one Do, or one redirect hop of the
// client used directly. Its hooks all run on the loop's goroutine, so its
// fields need no lock.
type call struct {
	rc    retryablehttp.Client
	rreq  retryablehttp.Request // the loop's request, when it has no body to buffer
	hc    http.Client           // sends each attempt: the pacer below, redirects as the caller follows them
	paced statePacer            // hc's Transport when req's context does not carry st
	t     *roundTripper
	st    *callState
	req   *http.Request
	idem  bool
	red   *redactor // built on first use: only failures need it

	attempt int // the loop's attempt number, from 1; counted by checkRetry
}

// chosenWait is the loop's Backoff. The loop hands Backoff its client's
// RetryWaitMin, where checkRetry puts the wait it chose for the retry it
// allowed (see call.retry): no closure per call is needed to carry it.
func chosenWait(wait, _ time.Duration, _ int, _ *http.Response) time.Duration { return wait }

// debugging reports whether debug lines are wanted, so that their
// arguments are not built for nothing.
func (c *call) debugging(ctx context.Context) bool {
	return c.t.cfg.logger.Enabled(ctx, slog.LevelDebug)
}

func (c *call) debug(ctx context.Context, msg string, args ...any) {
	if !c.debugging(ctx) {
		return
	}
	args = append([]any{"carrier", c.t.cfg.carrier, "method", c.req.Method, "url", c.t.logURL(c.req), "attempt", c.attempt}, args...)
	c.t.cfg.logger.DebugContext(ctx, msg, args...)
}

// scrub cleans s of the request's secrets.
func (c *call) scrub(s string) string {
	if c.red == nil {
		r := newRedactor(c.req)
		c.red = &r
	}
	return c.red.scrub(s)
}
