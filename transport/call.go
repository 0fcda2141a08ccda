package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
// the context's error. The error never holds the URL's query or a header.
func Do(hc *http.Client, carrier string, req *http.Request, decode ErrorDecoder) (*Response, error) {
	st := &callState{}
	req = req.WithContext(context.WithValue(req.Context(), stateKey{}, st))
	resp, err := hc.Do(req)
	attempts := func() int {
		st.mu.Lock()
		defer st.mu.Unlock()
		return max(st.attempts, 1)
	}
	if err != nil {
		return nil, callError(req.Context(), carrier, err, attempts())
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrUnavailable, Message: "the connection broke while reading the answer", Err: err}
	}
	if len(body) > MaxBody {
		return nil, &tracking.APIError{Carrier: carrier, StatusCode: resp.StatusCode, Attempts: attempts(),
			Kind: tracking.ErrInvalidResponse, Message: fmt.Sprintf("answer larger than %d bytes", MaxBody)}
	}
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Attempts: attempts()}
	if err := CheckResponse(carrier, r, decode); err != nil {
		return r, err
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
	e.Message = tracking.Truncate(e.Message, 256)
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

func callError(ctx context.Context, carrier string, err error, attempts int) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // drop the URL: it may carry a key in its query
	}
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
		return apiErr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &tracking.APIError{Carrier: carrier, Kind: tracking.ErrUnavailable, Attempts: attempts, Err: err,
		Message: "could not reach the provider"}
}
