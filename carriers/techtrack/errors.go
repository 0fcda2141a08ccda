package techtrack

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// ErrCredentialCodeRequired is wrapped by the error Register (and Track,
// when it registers) returns when techTRACK refuses a tracking that names
// no carrier credential because the organization has no default one for
// that carrier. That error also matches tracking.ErrInvalidRequest. Name
// the techTRACK carrier credential: set Request.Credential to its code, or
// set the credential's carrier_credentials_code field.
var ErrCredentialCodeRequired = errors.New("techtrack: techTRACK has no default carrier credential for this carrier, " +
	"so the request must name one: set Request.Credential to the code of a techTRACK carrier credential, " +
	"or set field " + FieldCarrierCredentialsCode + " on the credential")

// problem is the error body techTRACK is assumed to send: an RFC 7807 /
// ASP.NET problem document. Nothing depends on it: errors are classified
// by HTTP status, and a body that is not one is kept as short text.
type problem struct {
	Title   string              `json:"title"`
	Detail  string              `json:"detail"`
	TraceID string              `json:"traceId"`
	Errors  map[string][]string `json:"errors"`
}

// decodeError is the transport.ErrorDecoder: the category comes from the
// HTTP status (401 and 403 unauthorized, 404 not found, 429 rate limited,
// 5xx unavailable, other 4xx invalid request); the message from a problem
// document when the body is one.
func decodeError(r *transport.Response, e *tracking.APIError) {
	var p problem
	if json.Unmarshal(r.Body, &p) != nil {
		return // CheckResponse keeps a little of the text
	}
	parts := []string{}
	if p.Title != "" {
		parts = append(parts, p.Title)
	}
	if p.Detail != "" {
		parts = append(parts, p.Detail)
	}
	fields := make([]string, 0, len(p.Errors))
	for f := range p.Errors {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		parts = append(parts, f+": "+strings.Join(p.Errors[f], " "))
	}
	e.Message = tracking.Truncate(strings.Join(parts, "; "), 256)
	if e.RequestID == "" {
		e.RequestID = p.TraceID
	}
}

// classify is the transport.Classifier: techTRACK's 500 is transient like
// 502-504 (which the transport retries already).
func classify(resp *http.Response, _ []byte) transport.Verdict {
	if resp.StatusCode == http.StatusInternalServerError {
		return transport.Retryable
	}
	return transport.Final
}
