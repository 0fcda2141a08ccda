package tracking

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Category sentinels. Every error a carrier returns for a provider's answer
// matches one of them with errors.Is, whichever carrier produced it, and so
// does every error the Client returns: its own refusals (ErrInvalidRequest,
// ErrUnknownCarrier, ErrUnsupported, ErrNoCredential) and what its carriers
// return (the Client passes a carrier's error on as it is: a carrier from
// outside this module keeps the promise by passing trackingtest's
// conformance suite). The one exception is the caller's own context: when
// ctx ends, the Client returns ctx's error (context.Canceled,
// context.DeadlineExceeded), as the standard library does.
var (
	// ErrNotFound: the provider does not know the number or object.
	ErrNotFound = errors.New("tracking: not found")
	// ErrUnauthorized: the credential was refused; check its fields.
	ErrUnauthorized = errors.New("tracking: unauthorized")
	// ErrRateLimited: the provider asked us to slow down; see APIError.RetryAfter.
	ErrRateLimited = errors.New("tracking: rate limited")
	// ErrInvalidRequest: the request is malformed or names something invalid.
	ErrInvalidRequest = errors.New("tracking: invalid request")
	// ErrQuotaExceeded: the account is out of credits, balance or plan.
	ErrQuotaExceeded = errors.New("tracking: quota exceeded")
	// ErrUnavailable: the provider is down or unreachable; retry later.
	ErrUnavailable = errors.New("tracking: provider unavailable")
	// ErrUnsupported: the provider or courier cannot do what was asked.
	ErrUnsupported = errors.New("tracking: unsupported")
	// ErrInvalidResponse: the provider answered something that could not be read.
	ErrInvalidResponse = errors.New("tracking: invalid response")
	// ErrUnknownCarrier: no carrier with that ID is registered on the client.
	ErrUnknownCarrier = errors.New("tracking: unknown carrier")
	// ErrNoCredential: the client could not pick a usable credential for
	// the request, so nothing was sent. It is about the credential, never
	// the parcel (that is ErrNotFound). The error also matches the
	// credentials sentinel that says why: credentials.ErrUnknownCode (no
	// such code, or no store configured), ErrNoDefault, ErrInactive,
	// ErrCarrierMismatch, ErrMissingField or ErrAmbiguousDefault; a store's
	// own failure (a database error) is in the chain as the store returned it.
	ErrNoCredential = errors.New("tracking: no usable credential")
)

// credentialError is a failure to resolve a request's credential: it
// matches ErrNoCredential and keeps the credentials error in the chain,
// with that error's message unchanged.
type credentialError struct{ err error }

func (e *credentialError) Error() string        { return e.err.Error() }
func (e *credentialError) Is(target error) bool { return target == ErrNoCredential }
func (e *credentialError) Unwrap() error        { return e.err }

// APIError is a provider's answer that is not a success, or a call that
// could not reach the provider. It matches the category sentinels with
// errors.Is. Message is kept short and never holds a secret.
type APIError struct {
	Carrier    string        // carrier ID
	StatusCode int           // HTTP status; 0 when no response arrived
	Code       string        // the provider's own error code, if any
	Message    string        // the provider's message, shortened
	RequestID  string        // the provider's request id, for support tickets
	RetryAfter time.Duration // how long the provider asked us to wait, if it did
	Attempts   int           // how many attempts were made, retries included

	// Kind is the category sentinel; when nil it is derived from StatusCode.
	Kind error
	// Err is the underlying cause, such as a connection error.
	Err error
}

// maxMessage bounds the provider text kept in an error.
const maxMessage = 256

// Error describes the failure and what to do next.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Carrier)
	if e.Carrier == "" {
		b.WriteString("tracking")
	}
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Category().Error(), "tracking: "))
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.StatusCode)
		if e.Code != "" {
			fmt.Fprintf(&b, ", code %s", e.Code)
		}
		b.WriteString(")")
	} else if e.Code != "" {
		fmt.Fprintf(&b, " (code %s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(Truncate(e.Message, maxMessage))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "; %d attempts", e.Attempts)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "; request id %s", e.RequestID)
	}
	if hint := hintFor(e.Category()); hint != "" {
		b.WriteString("; ")
		b.WriteString(hint)
	}
	return b.String()
}

func hintFor(kind error) string {
	switch kind {
	case ErrNotFound:
		return "check the tracking number and courier code"
	case ErrInvalidRequest:
		return "correct the request as the provider's message says"
	case ErrUnsupported:
		return "use a courier or carrier that supports this request"
	case ErrInvalidResponse:
		return "retry later; report it with the carrier ID if it persists"
	case ErrUnauthorized:
		return "check the credential's fields and that it is enabled at the provider"
	case ErrRateLimited:
		return "slow down or lower the carrier's rate limit"
	case ErrQuotaExceeded:
		return "top up or upgrade the provider account"
	case ErrUnavailable:
		return "retry later"
	}
	return ""
}

// Category returns the sentinel this error matches.
func (e *APIError) Category() error {
	if e.Kind != nil {
		return e.Kind
	}
	return CategoryForStatus(e.StatusCode)
}

// Is reports whether target is this error's category sentinel.
func (e *APIError) Is(target error) bool { return target == e.Category() }

// Unwrap returns the underlying cause, if any.
func (e *APIError) Unwrap() error { return e.Err }

// CategoryForStatus maps an HTTP status to a category sentinel, for
// providers whose status codes carry the meaning.
func CategoryForStatus(code int) error {
	switch {
	case code == http.StatusUnauthorized, code == http.StatusForbidden:
		return ErrUnauthorized
	case code == http.StatusNotFound, code == http.StatusGone:
		return ErrNotFound
	case code == http.StatusTooManyRequests:
		return ErrRateLimited
	case code == http.StatusPaymentRequired:
		return ErrQuotaExceeded
	case code == http.StatusNotImplemented:
		return ErrUnsupported
	case code >= 500, code == 0, code == http.StatusRequestTimeout:
		return ErrUnavailable
	case code >= 400:
		return ErrInvalidRequest
	}
	return ErrInvalidResponse
}

// DecodeError says which carrier's answer could not be decoded, and where.
// It matches ErrInvalidResponse.
type DecodeError struct {
	Carrier string
	Field   string // the JSON path or field that failed, "" for the whole body
	Err     error
}

// Error names the carrier and the field.
func (e *DecodeError) Error() string {
	where := "response body"
	if e.Field != "" {
		where = "field " + e.Field
	}
	return fmt.Sprintf("%s: cannot decode %s: %v; the provider may have changed its format, report it with the carrier ID", e.Carrier, where, e.Err)
}

// Is matches ErrInvalidResponse.
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidResponse }

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Truncate keeps at most n bytes of s, cut on a rune boundary, and marks a
// cut with "…". An n of zero or less keeps nothing but the mark.
func Truncate(s string, n int) string {
	n = max(n, 0)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
