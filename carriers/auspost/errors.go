package auspost

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// Provider error codes this package acts on.
const (
	CodeInvalidTrackingID  = "ESB-10001" // per id: unknown id
	CodeNotTrackable       = "ESB-10002" // per id: product cannot be tracked
	CodeSystemError        = "ESB-20010" // internal error
	CodeSystemError2       = "ESB-20050" // internal error
	CodeIDsMissing         = "51100"     // no ids supplied
	CodeTooManyAPIDs       = "51101"     // more than 10 Australia Post ids
	CodeTooManySTIDs       = "51102"     // more than 10 StarTrack ids
	CodeMixedAPAndST       = "51103"     // Australia Post and StarTrack ids in one call
	CodeInvalidTrackingIDs = "51104"     // one or more ids not found
	CodeAuthFailed         = "API_001"   // authentication failed
	CodeTooManyRequests    = "API_002"   // over the rate limit
)

// errorCode is what one provider code means.
type errorCode struct {
	kind error
	hint string // what the caller should do next
}

// errorCodes classifies every documented code. Codes not here keep the
// category of their HTTP status.
var errorCodes = map[string]errorCode{
	CodeInvalidTrackingID:  {tracking.ErrNotFound, "check the number, and that it belongs to this carrier's network (Australia Post ids to auspost, StarTrack ids to startrack)"},
	CodeNotTrackable:       {tracking.ErrUnsupported, "this item or consignment cannot be tracked"},
	CodeSystemError:        {tracking.ErrUnavailable, "Australia Post had an internal error; retry later"},
	CodeSystemError2:       {tracking.ErrUnavailable, "Australia Post had an internal error; retry later"},
	CodeIDsMissing:         {tracking.ErrInvalidRequest, "set Request.TrackingNumber"},
	CodeTooManyAPIDs:       {tracking.ErrInvalidRequest, "send at most 10 ids a call (TrackBatch chunks larger input)"},
	CodeTooManySTIDs:       {tracking.ErrInvalidRequest, "send at most 10 ids a call (TrackBatch chunks larger input)"},
	CodeMixedAPAndST:       {tracking.ErrInvalidRequest, "send Australia Post ids to the auspost carrier and StarTrack ids to the startrack carrier"},
	CodeInvalidTrackingIDs: {tracking.ErrNotFound, "check the numbers"},
	CodeAuthFailed:         {tracking.ErrUnauthorized, "check the credential's api_key, api_secret and account_number"},
	CodeTooManyRequests:    {tracking.ErrRateLimited, ""},
}

// retryableCode reports whether code is an in-body signal of a transient
// failure.
func retryableCode(code string) bool { return code == CodeSystemError || code == CodeSystemError2 }

// pick returns the error of a list that says the most: the first with a
// known code, else the first.
func pick(items []errorItem) (errorItem, bool) {
	for _, it := range items {
		if _, ok := errorCodes[strings.TrimSpace(it.Code)]; ok {
			return it, true
		}
	}
	if len(items) == 0 {
		return errorItem{}, false
	}
	return items[0], true
}

// fill sets e's code, message and, for a known code, kind from item.
func fill(e *tracking.APIError, item errorItem) {
	e.Code = strings.TrimSpace(item.Code)
	msg := item.text()
	if c, ok := errorCodes[e.Code]; ok {
		e.Kind = c.kind
		if c.hint != "" {
			if msg != "" {
				msg += "; "
			}
			msg += c.hint
		}
	}
	e.Message = tracking.Truncate(msg, 256)
}

// decodeError is the transport.ErrorDecoder for answers of HTTP 400 and
// above: {"errors":[{code|error_code, name|error_name, message}]}. HTTP
// 401 and 403 stay unauthorized and 5xx unavailable whatever the code.
func decodeError(r *transport.Response, e *tracking.APIError) {
	var body struct {
		Errors []errorItem `json:"errors"`
	}
	_ = json.Unmarshal(r.Body, &body) // not JSON: CheckResponse keeps a little of the text
	item, ok := pick(body.Errors)
	if _, known := errorCodes[strings.TrimSpace(item.Code)]; r.StatusCode == http.StatusNotFound && !known {
		// Unknown ids are answered per id inside an HTTP 200; a 404 means
		// the path is wrong.
		e.Kind = tracking.ErrUnsupported
		e.Message = "the API has no such path; check WithBaseURL (the root, without /shipping/v1)"
		return
	}
	if !ok {
		return
	}
	kind := e.Kind
	fill(e, item)
	if s := r.StatusCode; s == http.StatusUnauthorized || s == http.StatusForbidden || s == http.StatusTooManyRequests || s >= 500 {
		e.Kind = kind // these statuses say more than any code
	}
}

// envelopeError is the error of an HTTP 200 answer that holds only a
// top-level errors list.
func envelopeError(carrier string, r *transport.Response, items []errorItem) error {
	e := transport.NewAPIError(carrier, r, tracking.ErrInvalidResponse)
	item, _ := pick(items)
	fill(e, item)
	return e
}

// itemError is a per-id error of an HTTP 200 answer: it fails that id
// only.
func itemError(carrier string, r *transport.Response, items []errorItem) error {
	e := transport.NewAPIError(carrier, r, tracking.ErrInvalidResponse)
	e.RetryAfter = 0
	item, _ := pick(items)
	fill(e, item)
	if _, known := errorCodes[e.Code]; !known {
		// An unknown per-id code: the id failed, and nothing says why.
		e.Kind = tracking.ErrInvalidRequest
	}
	return e
}

// classify is the transport.Classifier for answers that are not 429, 502,
// 503 or 504: any other 5xx is retryable; API_002 is a rate limit
// whatever the status; an answer whose only content is system errors
// (ESB-20010, ESB-20050), at the top or for every id, is retryable.
func classify(resp *http.Response, body []byte) transport.Verdict {
	if resp.StatusCode >= 500 {
		return transport.Retryable
	}
	var r trackResponse
	if json.Unmarshal(body, &r) != nil {
		return transport.Final
	}
	allSystem := len(r.Errors) > 0 || len(r.TrackingResults) > 0
	for _, it := range r.Errors {
		code := strings.TrimSpace(it.Code)
		if code == CodeTooManyRequests {
			return transport.RateLimited
		}
		allSystem = allSystem && retryableCode(code)
	}
	for _, res := range r.TrackingResults {
		item, ok := pick(res.Errors)
		allSystem = allSystem && ok && !res.hasData() && retryableCode(strings.TrimSpace(item.Code))
	}
	if allSystem {
		return transport.Retryable
	}
	return transport.Final
}
