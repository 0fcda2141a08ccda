package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"time"

	"github.com/parcelkit/tracking"
)

// pacer waits for the limiter before every attempt, records whether the
// attempt's request reached the connection and bounds the attempt.
type pacer struct {
	limiter Limiter
	base    http.RoundTripper
	watch   *attemptWatch // bounds each attempt, body included; nil: no bound
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

// RoundTrip sends one attempt of the call whose state req's context
// carries, if any.
func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	return p.send(req, stateOf(req.Context()))
}

// statePacer is the pacer for one call whose state its request's context
// does not carry: Do hands the state over here instead of copying the
// request to put it in the context.
type statePacer struct {
	p  *pacer
	st *callState
}

// RoundTrip sends one attempt (or redirect hop) of the call st is the
// state of.
func (s *statePacer) RoundTrip(req *http.Request) (*http.Response, error) { return s.p.send(req, s.st) }

// send sends one attempt of the call st (nil: none) is the state of.
func (p *pacer) send(req *http.Request, st *callState) (*http.Response, error) {
	ctx := req.Context()
	if st != nil {
		st.startAttempt()
	}
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
	if st != nil && !isIdempotent(req) {
		trace := &httptrace.ClientTrace{WroteHeaders: st.markWritten}
		ctx = httptrace.WithClientTrace(ctx, trace)
		req = req.WithContext(ctx)
	}
	if p.watch == nil || endsWithin(ctx, p.watch.timeout) {
		return p.base.RoundTrip(req) // the context ends the attempt in time
	}
	// The bound covers the answer's body too, which is read after
	// RoundTrip returns: it is released when the body is closed, and
	// net/http ends a read in progress when the context ends.
	a := p.watch.start(ctx)
	resp, err := p.base.RoundTrip(req.WithContext(&a.ctx))
	if err != nil || resp == nil || resp.Body == nil {
		if err != nil && a.ctx.timedOut() {
			// Whatever the base says of its ended context (net/http's
			// HTTP/1 gives the cause; its HTTP/2, the default against an
			// HTTPS provider, gives ctx.Err()), the attempt timed out and
			// is retried as such.
			err = a.ctx.cause
		}
		a.end()
		return resp, err
	}
	a.ReadCloser, resp.Body = resp.Body, a
	return resp, nil
}

// endsWithin reports whether ctx's deadline comes within d: the attempt's
// own bound would then never fire first, and costs a timer for nothing.
func endsWithin(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) <= d
}
