package track123

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Track123's envelope codes with a meaning of their own.
const (
	CodeRateLimited       = "A0706" // Too Many Requests
	CodeFlowLimiting      = "B0210" // throttled; same as A0706
	CodeInterfaceNotExist = "C0113" // wrong path or version
	CodeInvalidToken      = "A0230" // bad or expired API secret
	CodeParamError        = "A0400" // bad parameter; also the per-item reject code
	CodeParamIsNull       = "A0410" // required parameter missing
)

// codeInfo is what one of Track123's codes means.
type codeInfo struct {
	kind error
	hint string // what to do next
}

const hintAuth = "api_secret must be the key shown under Track123 Admin Portal, Developers, API"

// codes maps every documented code to a category. A code missing here is
// answered with an error matching tracking.ErrInvalidResponse, code kept.
var codes = map[string]codeInfo{
	"A0001":               {tracking.ErrInvalidRequest, ""},
	"A0200":               {tracking.ErrUnauthorized, hintAuth},
	"A0201":               {tracking.ErrUnauthorized, "the Track123 account does not exist; " + hintAuth},
	"A0202":               {tracking.ErrUnauthorized, "the Track123 account is locked"},
	"A0203":               {tracking.ErrUnauthorized, "the Track123 account is invalid"},
	CodeInvalidToken:      {tracking.ErrUnauthorized, hintAuth},
	"A0231":               {tracking.ErrUnauthorized, "this API secret may not call this endpoint; check the plan"},
	"A0300":               {tracking.ErrUnauthorized, "the account lacks access rights for this endpoint"},
	"A0301":               {tracking.ErrUnauthorized, hintAuth},
	CodeParamError:        {tracking.ErrInvalidRequest, ""},
	CodeParamIsNull:       {tracking.ErrInvalidRequest, ""},
	CodeRateLimited:       {tracking.ErrRateLimited, ""},
	"B0001":               {tracking.ErrUnavailable, ""},
	"B0100":               {tracking.ErrUnavailable, ""},
	CodeFlowLimiting:      {tracking.ErrRateLimited, ""},
	"B0300":               {tracking.ErrUnavailable, ""},
	"B0310":               {tracking.ErrUnavailable, "Track123's resources are exhausted; this may also mean the account quota is used up"},
	CodeInterfaceNotExist: {tracking.ErrUnsupported, "this endpoint does not exist on /tk/v2.1 or /tk/v2 for this account"},
	"D0000":               {tracking.ErrInvalidRequest, ""},
}

// kindFor returns the category and hint of a code and its message. The message
// refines it: "not registered" is not found, "balance" or "quota" is the
// account's quota, whatever the code (except auth and rate limits).
func kindFor(code, msg string) codeInfo {
	info, known := codes[code]
	if known && (info.kind == tracking.ErrUnauthorized || info.kind == tracking.ErrRateLimited) {
		return info
	}
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "not registered"),
		code != CodeInterfaceNotExist && strings.Contains(m, "not exist") && strings.Contains(m, "track"):
		return codeInfo{tracking.ErrNotFound, "register the number first (Register, or WithAutoRegister)"}
	case strings.Contains(m, "balance"), strings.Contains(m, "quota"):
		return codeInfo{tracking.ErrQuotaExceeded, ""}
	}
	if !known {
		return codeInfo{tracking.ErrInvalidResponse, "Track123 answered a code this package does not know; report it with the code"}
	}
	return info
}

// alreadyRegistered reports whether a rejection only says the number is
// already imported: success for a register call.
func alreadyRegistered(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "already") || strings.Contains(m, "been imported") || strings.Contains(m, "duplicate")
}

// codeError builds the error of a non-success code from r.
func codeError(r *transport.Response, code, msg, traceID string) *tracking.APIError {
	info := kindFor(code, msg)
	e := transport.NewAPIError(ID, r, info.kind)
	e.Code = code
	if e.RequestID == "" {
		e.RequestID = traceID
	}
	e.Message = joinHint(msg, info.hint)
	return e
}

func joinHint(msg, hint string) string {
	msg = strings.TrimSpace(msg)
	switch {
	case hint == "":
		return tracking.Truncate(msg, 256)
	case msg == "":
		return hint
	}
	return tracking.Truncate(msg+"; "+hint, 256)
}

// envelopeError is the error of a decoded envelope whose code is not
// success.
func envelopeError(r *transport.Response, env *envelope) *tracking.APIError {
	code := strings.TrimSpace(string(env.Code))
	return codeError(r, code, env.text(), string(env.TraceID))
}

// decodeError is the transport.ErrorDecoder for answers of HTTP 400 and
// above. The envelope's code decides the category whatever the status; a
// 404 without one means the route does not exist (Track123 reports an
// unknown number in the body, never with 404).
func decodeError(r *transport.Response, e *tracking.APIError) {
	var env envelope
	if json.Unmarshal(r.Body, &env) == nil && env.Code != "" && env.Code != codeSuccess {
		ce := envelopeError(r, &env)
		e.Kind, e.Code, e.Message = ce.Kind, ce.Code, ce.Message
		if e.RequestID == "" {
			e.RequestID = ce.RequestID
		}
		return
	}
	if r.StatusCode == http.StatusNotFound {
		e.Kind = tracking.ErrUnsupported
		e.Message = "Track123 has no such route; check WithBaseURL (the root including /gateway/open-api, without /tk/...)"
	}
}

// classify is the transport.Classifier: the envelope's code decides,
// whatever the HTTP status. A0706 and B0210 are rate limits (retried
// whatever the method: the request was not processed); Track123's
// system errors are transient.
func classify(resp *http.Response, body []byte) transport.Verdict {
	var env struct {
		Code json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body, &env) != nil {
		return transport.Final
	}
	var code string
	if json.Unmarshal(env.Code, &code) != nil {
		return transport.Final
	}
	switch strings.TrimSpace(code) {
	case CodeRateLimited, CodeFlowLimiting:
		return transport.RateLimited
	case "B0001", "B0100", "B0300", "B0310":
		return transport.Retryable
	}
	return transport.Final
}

// itemError is the error of one rejected item, answered within r.
func itemError(r *transport.Response, rej wireRejected, traceID string) *tracking.APIError {
	code, msg := "", ""
	if rej.Error != nil {
		code, msg = strings.TrimSpace(string(rej.Error.Code)), rej.Error.text()
	}
	if code == "" {
		code = CodeParamError
	}
	if msg == "" {
		msg = "rejected"
	}
	if n := strings.TrimSpace(string(rej.TrackNo)); n != "" {
		msg = n + ": " + msg
	}
	return codeError(r, code, msg, traceID)
}

// notFound is the error for a number the answer does not mention.
func notFound(r *transport.Response, number string) *tracking.APIError {
	e := &tracking.APIError{Carrier: ID, Kind: tracking.ErrNotFound}
	if r != nil {
		e = transport.NewAPIError(ID, r, tracking.ErrNotFound)
	}
	e.Message = number + ": Track123 does not track this number (with this courier); " + carrierkit.RegisterHint
	return e
}

// missingSecret refuses a credential without api_secret before any
// request goes out. Like every carrier's, the error matches
// credentials.ErrMissingField and tracking.ErrInvalidRequest: the caller's
// credential is incomplete, which is not the provider refusing it.
func missingSecret(cred credentials.Credential) error {
	if strings.TrimSpace(cred.Field(FieldAPISecret).Reveal()) != "" {
		return nil
	}
	return fmt.Errorf("track123: credential %q has no %q field; set it to the Track123 API secret: %w (%w)",
		cred.Code, FieldAPISecret, credentials.ErrMissingField, tracking.ErrInvalidRequest)
}
