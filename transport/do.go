package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/parcelkit/tracking"
)

// Do sends req with hc (built by New) and reads the answer. A status of
// 400 or above goes through CheckResponse; a transport failure becomes an
// error matching tracking.ErrUnavailable; a context's end is returned as
// the context's error. When the transport stops early on an answer (a
// Retry-After it cannot honour, a spent retry budget), decode still reads
// that answer into the error. The error never holds the URL's query or the
// value of an auth header, even when the provider echoes it.
//
// A successful answer (below 400) is reported to the hook that
// tracking.WithResponseHook set on req's context, if any, with its request
// id and rate-limit headroom. With a logger (WithLogger), Do logs one
// debug line per call: carrier, credential code (WithCredential), method,
// URL (tracking numbers masked), attempts, latency, status and the error's
// category.
func Do(hc *http.Client, carrier string, req *http.Request, decode ErrorDecoder) (r *Response, err error) {
	st := newCallState(req.Context())
	var ctx context.Context = st
	attempts := func() int { return max(st.total(), 1) }
	rt, direct := hc.Transport.(*roundTripper)
	if direct && rt.cfg.logger.Enabled(ctx, slog.LevelDebug) {
		defer rt.logCall(req, carrier, time.Now(), &r, &err, attempts)
	}
	if direct && hc.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, hc.Timeout, &callTimeoutError{hc.Timeout})
		defer cancel()
	}
	var resp *http.Response
	if direct {
		if ctx != st || (req.Body != nil && req.Body != http.NoBody) {
			// The client's Timeout must reach the attempts, and the loop
			// swaps the body of the request it is given, which must not
			// be the caller's.
			req = req.WithContext(ctx)
		}
		// One http.Client pass instead of two: the loop's client follows
		// the redirects, with hc's policy and cookie jar; its Transport
		// (left nil) is the pacer with st, so that a bodiless request
		// need not be copied to carry st in its context.
		resp, err = rt.loop(req, st, http.Client{CheckRedirect: hc.CheckRedirect, Jar: hc.Jar})
	} else {
		req = req.WithContext(ctx)
		resp, err = hc.Do(req)
	}
	if err != nil {
		return nil, redactRequest(req, callError(ctx, carrier, err, attempts(), st.lastAnswer(), decode))
	}
	defer resp.Body.Close()
	body, err := readBody(resp)
	if err != nil {
		if ctxErr := ended(ctx); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, redactRequest(req, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrUnavailable, Message: "the connection broke while reading the answer", Err: stripURL(err)})
	}
	if len(body) > MaxBody {
		return nil, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrInvalidResponse, Message: fmt.Sprintf("answer larger than %d bytes", MaxBody)}
	}
	r = &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Attempts: attempts()}
	if err := CheckResponse(carrier, r, decode); err != nil {
		return r, redactRequest(req, err)
	}
	if hook := tracking.ResponseHook(ctx); hook != nil {
		h := tracking.DefaultResponseHeaders()
		if direct {
			h = rt.cfg.headers // defaults filled in by New
		}
		hook(facts(carrier, r, h, time.Now()))
	}
	return r, nil
}

// callError turns a failure from hc.Do into the error Do returns. last is
// the answer the transport stopped on, if any: decode reads the provider's
// code and message from it, while the category stays the transport's.
func callError(ctx context.Context, carrier string, err error, attempts int, last *Response, decode ErrorDecoder) error {
	err = stripURL(err) // the URL may carry a key in its query
	if ctxErr := ended(ctx); ctxErr != nil {
		return ctxErr
	}
	var apiErr *tracking.APIError
	if errors.As(err, &apiErr) {
		if apiErr.Carrier == "" {
			apiErr.Carrier = carrier
		}
		if apiErr.Attempts == 0 {
			apiErr.Attempts = attempts
		}
		if last != nil {
			last.Attempts = apiErr.Attempts
			kind, wait := apiErr.Category(), apiErr.RetryAfter
			if decode != nil {
				decode(last, apiErr)
			}
			apiErr.Kind = kind
			if wait > 0 {
				apiErr.RetryAfter = wait
			}
			if apiErr.Message == "" && apiErr.Code == "" {
				apiErr.Message = shortText(last.Body)
			}
			apiErr.Message = tracking.Truncate(apiErr.Message, maxMessage)
		}
		return apiErr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &tracking.APIError{Carrier: carrier, Kind: tracking.ErrUnavailable, Attempts: attempts, Err: err,
		Message: "could not reach the provider"}
}

// ended returns why a call's context ended, or nil: the caller's
// context's error, as it is, or the callTimeoutError of the client's
// Timeout.
func ended(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	if st := stateOf(ctx); st != nil && st.Context.Err() != nil {
		return st.Context.Err()
	}
	return context.Cause(ctx)
}

// callTimeoutError ends a call that outlived the Timeout of the client
// from New (WithTimeout, or the Timeout of WithHTTPClient's client), as
// http.Client's own timeout would. It matches context.DeadlineExceeded.
type callTimeoutError struct{ d time.Duration }

func (e *callTimeoutError) Error() string {
	return "the call, retries included, took longer than the client's timeout of " + e.d.String() +
		" (transport.WithTimeout); give it more time or use a context deadline"
}

// Timeout marks it as a timeout for net.Error-style checks.
func (e *callTimeoutError) Timeout() bool { return true }

// Is makes it match context.DeadlineExceeded.
func (e *callTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
