package tracktry

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Meta codes with a meaning the carrier acts on.
const (
	codeOK          = 200
	codeCreated     = 201
	codeAccepted    = 202 // accepted but over a limit
	codeExists      = 4016
	codeNotExist    = 4017
	codeTooMany     = 4020
	codeEmpty       = 4031 // success with an empty result
	codeRateLimited = 429
)

// metaCode is what one documented meta.code means.
type metaCode struct {
	kind error
	hint string // what the caller should do next
}

// codes maps every documented meta.code that is not a success to its
// category. 200, 201 and 4031 (empty result) are successes; 4016 (already
// exists) is a success for create calls only.
var codes = map[int]metaCode{
	202:  {tracking.ErrQuotaExceeded, "Tracktry accepted the call but the account is over a limit"},
	401:  {tracking.ErrUnauthorized, "check the credential's api_key"},
	4001: {tracking.ErrUnauthorized, "Tracktry refused the api_key; check the credential"},
	4002: {tracking.ErrUnauthorized, "the api_key was deleted at Tracktry; create a new one"},
	4012: {tracking.ErrInvalidRequest, "Tracktry could not read the request or a parameter is missing"},
	4013: {tracking.ErrInvalidRequest, "set Request.TrackingNumber"},
	4014: {tracking.ErrInvalidRequest, "check the tracking number"},
	4015: {tracking.ErrInvalidRequest, "set Request.Courier to a Tracktry carrier code (see Couriers)"},
	4016: {tracking.ErrInvalidRequest, "the tracking already exists at Tracktry"},
	4017: {tracking.ErrNotFound, "Tracktry does not track this number; " + carrierkit.RegisterHint},
	4018: {tracking.ErrUnsupported, "ask Tracktry to activate this feature for the account"},
	4019: {tracking.ErrQuotaExceeded, "the Tracktry balance is too low; top up the account"},
	4020: {tracking.ErrInvalidRequest, "too many items in one call; send fewer"},
	4021: {tracking.ErrQuotaExceeded, "the Tracktry balance is too low to call the API; top up the account"},
	4032: {tracking.ErrInvalidRequest, "Tracktry cannot detect the courier; set Request.Courier yourself"},
	4033: {tracking.ErrInvalidRequest, "the status filter is not a Tracktry status; see Statuses"},
	402:  {tracking.ErrQuotaExceeded, "top up or upgrade the Tracktry account"},
	403:  {tracking.ErrUnauthorized, "the api_key may not call this endpoint"},
	404:  {tracking.ErrNotFound, "check the number, or WithBaseURL (the root, without /v1)"},
	405:  {tracking.ErrInvalidRequest, ""},
	409:  {tracking.ErrInvalidRequest, "conflict"},
	429:  {tracking.ErrRateLimited, "Tracktry asks for a pause of about two minutes"},
	500:  {tracking.ErrUnavailable, ""},
	503:  {tracking.ErrUnavailable, ""},
}

// success reports whether code is a success of any call.
func success(code int) bool { return code == codeOK || code == codeCreated || code == codeEmpty }

// kindFor returns the category of a meta.code. An undocumented 4xxx code
// is a request error (Tracktry's 4xxx codes all are); an undocumented
// three-digit code reads as the HTTP status it looks like; anything else
// is an answer the carrier cannot read.
func kindFor(code int) error {
	if c, ok := codes[code]; ok {
		return c.kind
	}
	switch {
	case code >= 4000 && code < 5000:
		return tracking.ErrInvalidRequest
	case code >= 400 && code < 600:
		return tracking.CategoryForStatus(code)
	}
	return tracking.ErrInvalidResponse
}

// fillMeta sets e's code, kind and message from a meta object.
func fillMeta(e *tracking.APIError, code int, message string) {
	e.Code = strconv.Itoa(code)
	e.Kind = kindFor(code)
	msg := strings.TrimSpace(message)
	if c, ok := codes[code]; ok && c.hint != "" {
		if msg != "" {
			msg += "; "
		}
		msg += c.hint
	} else if !ok && msg == "" {
		msg = "undocumented Tracktry code"
	}
	e.Message = tracking.Truncate(msg, 256)
}

// metaError returns the typed error of a meta.code that is not a success,
// answered with r's HTTP status (often 200).
func (c *Carrier) metaError(r *transport.Response, m *wireMeta) *tracking.APIError {
	e := transport.NewAPIError(ID, r, nil)
	fillMeta(e, int(m.Code), string(m.Message))
	if int(m.Code) == codeRateLimited && e.RetryAfter == 0 {
		e.RetryAfter = c.rateLimitWait
	}
	return e
}

// decodeError is the transport.ErrorDecoder for answers of HTTP 400 and
// above. A documented meta.code decides the category; otherwise the HTTP
// status does. A body that is not JSON leaves e as it is.
func (c *Carrier) decodeError(r *transport.Response, e *tracking.APIError) {
	var env envelope
	if json.Unmarshal(r.Body, &env) != nil || env.Meta == nil || env.Meta.Code == 0 {
		return
	}
	code := int(env.Meta.Code)
	kind := e.Kind
	fillMeta(e, code, string(env.Meta.Message))
	if _, known := codes[code]; !known {
		e.Kind = kind
	}
	if e.Category() == tracking.ErrRateLimited && e.RetryAfter == 0 {
		e.RetryAfter = c.rateLimitWait
	}
}

// classify is the transport.Classifier. meta.code 429 is Tracktry's rate
// limit whatever the HTTP status (often 200): the request was not
// processed, so it is retried after the wait Tracktry asks for, which the
// classifier hands to the transport as a Retry-After header since Tracktry
// sends none. meta.code 500 or 503, and HTTP 500, are transient.
func (c *Carrier) classify(resp *http.Response, body []byte) transport.Verdict {
	if resp.StatusCode == http.StatusInternalServerError {
		return transport.Retryable
	}
	var env struct {
		Meta *wireMeta `json:"meta"`
	}
	if json.Unmarshal(body, &env) != nil || env.Meta == nil {
		return transport.Final
	}
	switch int(env.Meta.Code) {
	case codeRateLimited:
		if c.rateLimitWait > 0 && resp.Header != nil && resp.Header.Get("Retry-After") == "" {
			resp.Header.Set("Retry-After", strconv.Itoa(seconds(c.rateLimitWait)))
		}
		return transport.RateLimited
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		return transport.Retryable
	}
	return transport.Final
}

// seconds rounds d up to whole seconds, at least one.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// isCode reports whether err is an APIError with the meta.code.
func isCode(err error, code int) bool {
	var e *tracking.APIError
	return errors.As(err, &e) && e.Code == strconv.Itoa(code)
}
