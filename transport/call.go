package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
)

// Response is a provider's answer, read whole.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	Attempts   int // attempts made, retries included
}

// ErrorDecoder fills e (already holding the carrier, status, attempts,
// Retry-After and a category derived from the status) from a provider's
// error body: its code, message, request id and, where the body says more
// than the status, its Kind. It must not fail: an unreadable body leaves e
// as it is.
type ErrorDecoder func(resp *Response, e *tracking.APIError)

// Do sends req with hc (built by New) and reads the answer. A status of
// 400 or above goes through CheckResponse; a transport failure becomes an
// error matching tracking.ErrUnavailable; a context's end is returned as
// the context's error. When the transport stops early on an answer (a
// Retry-After it cannot honour, a spent retry budget), decode still reads
// that answer into the error. The error never holds the URL's query or the
// value of an auth header, even when the provider echoes it.
func Do(hc *http.Client, carrier string, req *http.Request, decode ErrorDecoder) (*Response, error) {
	st := &callState{}
	ctx := context.WithValue(req.Context(), stateKey{}, st)
	req = req.WithContext(ctx)
	attempts := func() int { return max(st.total(), 1) }
	resp, err := hc.Do(req)
	if err != nil {
		return nil, redactRequest(req, callError(ctx, carrier, err, attempts(), st.lastAnswer(), decode))
	}
	defer resp.Body.Close()
	body, err := readBody(resp)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, redactRequest(req, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrUnavailable, Message: "the connection broke while reading the answer", Err: stripURL(err)})
	}
	if len(body) > MaxBody {
		return nil, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrInvalidResponse, Message: fmt.Sprintf("answer larger than %d bytes", MaxBody)}
	}
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Attempts: attempts()}
	if err := CheckResponse(carrier, r, decode); err != nil {
		return r, redactRequest(req, err)
	}
	return r, nil
}

// CheckResponse returns nil for a status below 400, and otherwise the
// *tracking.APIError that decode fills from the body. Every carrier turns
// HTTP answers into errors through it, so none forgets a status.
func CheckResponse(carrier string, r *Response, decode ErrorDecoder) error {
	if r.StatusCode < 400 {
		return nil
	}
	e := NewAPIError(carrier, r, nil)
	if decode != nil {
		decode(r, e)
	}
	if e.Message == "" && e.Code == "" {
		e.Message = shortText(r.Body)
	}
	e.Message = tracking.Truncate(e.Message, maxMessage)
	return e
}

// NewAPIError returns an APIError for r with kind (nil: derived from the
// status), the Retry-After and a request id taken from the usual headers.
func NewAPIError(carrier string, r *Response, kind error) *tracking.APIError {
	e := &tracking.APIError{Carrier: carrier, StatusCode: r.StatusCode, Attempts: r.Attempts, Kind: kind}
	if e.Kind == nil {
		e.Kind = tracking.CategoryForStatus(r.StatusCode)
	}
	if d, ok := RetryAfter(r.Header, time.Now()); ok {
		e.RetryAfter = d
	}
	for _, h := range []string{"X-Request-Id", "X-Request-ID", "Request-Id", "X-Amzn-Requestid"} {
		if v := r.Header.Get(h); v != "" {
			e.RequestID = v
			break
		}
	}
	return e
}

// maxMessage bounds the provider text kept in an error.
const maxMessage = 256

// shortText keeps a little of a non-JSON body (a proxy's HTML page, say),
// enough to recognise it and too little to carry much else.
func shortText(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "<") {
		return "the answer was not JSON (an HTML page, perhaps from a proxy)"
	}
	return tracking.Truncate(strings.Join(strings.Fields(s), " "), 120)
}

// callError turns a failure from hc.Do into the error Do returns. last is
// the answer the transport stopped on, if any: decode reads the provider's
// code and message from it, while the category stays the transport's.
func callError(ctx context.Context, carrier string, err error, attempts int, last *Response, decode ErrorDecoder) error {
	err = stripURL(err) // the URL may carry a key in its query
	if ctxErr := ctx.Err(); ctxErr != nil {
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
