package transport

import (
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
// status), the Retry-After and a request id taken from the headers
// tracking.DefaultResponseHeaders names, the ones a success reports too.
func NewAPIError(carrier string, r *Response, kind error) *tracking.APIError {
	e := &tracking.APIError{Carrier: carrier, StatusCode: r.StatusCode, Attempts: r.Attempts, Kind: kind}
	if e.Kind == nil {
		e.Kind = tracking.CategoryForStatus(r.StatusCode)
	}
	if d, ok := RetryAfter(r.Header, time.Now()); ok {
		e.RetryAfter = d
	}
	e.RequestID = first(r.Header, tracking.DefaultResponseHeaders().RequestID)
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
