package tracking

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// ProviderResponse is what a provider said about one successful HTTP call
// beyond its body: the request id to quote to its support, and the
// rate-limit headroom it left, where it says. A caller receives one per
// call through WithResponseHook or WithLastResponse; errors carry the same
// facts in *APIError.
type ProviderResponse struct {
	Carrier    string
	StatusCode int
	Attempts   int    // attempts the call took, retries included
	RequestID  string // "" when the provider sent none
	RateLimit  RateLimit
	// Header holds the answer's headers, for facts this type does not
	// name. Read it; do not modify it.
	Header http.Header
}

// RateLimit is the headroom a provider reported with an answer. Limit and
// Remaining are -1 and Reset is zero when it did not say.
type RateLimit struct {
	Limit     int       // requests allowed in the provider's window
	Remaining int       // requests left in it
	Reset     time.Time // when the window starts afresh
}

// Known reports whether the provider sent any rate-limit header.
func (r RateLimit) Known() bool { return r.Limit >= 0 || r.Remaining >= 0 || !r.Reset.IsZero() }

// ResponseHeaders names the headers ProviderResponse is read from, each
// list in order of preference; the first present wins. A Reset value is
// read as a Unix time when it is larger than 10^9, as seconds from now
// otherwise.
type ResponseHeaders struct {
	RequestID, Limit, Remaining, Reset []string
}

// DefaultResponseHeaders returns the header names read unless
// WithResponseHeaders says otherwise: the common request-id headers
// (ShipEngine's x-shipengine-requestid among them) and the X-RateLimit-*,
// X-Rate-Limit-* and RateLimit-* families. Of the providers this module
// speaks to, none documents rate-limit headers (Australia Post is
// reported to send X-RateLimit-*, unconfirmed), hence the setting.
func DefaultResponseHeaders() ResponseHeaders {
	return ResponseHeaders{
		RequestID: []string{"X-Request-Id", "Request-Id", "X-Shipengine-Requestid", "X-Amzn-Requestid", "X-Correlation-Id"},
		Limit:     []string{"X-RateLimit-Limit", "X-Rate-Limit-Limit", "RateLimit-Limit"},
		Remaining: []string{"X-RateLimit-Remaining", "X-Rate-Limit-Remaining", "RateLimit-Remaining"},
		Reset:     []string{"X-RateLimit-Reset", "X-Rate-Limit-Reset", "RateLimit-Reset"},
	}
}

type responseHookKey struct{}

// WithResponseHook returns a context under which every successful call to
// a provider (an answer below HTTP 400) is reported to fn, with the facts
// the provider sent. One Track is usually one call; a Track123 or
// Tracktry registration, a listing's pages and a batch make several.
// TrackMany and TrackEach call fn from several goroutines at once. Hooks
// set on the way stack: each is called, the innermost first.
func WithResponseHook(ctx context.Context, fn func(ProviderResponse)) context.Context {
	if fn == nil {
		return ctx
	}
	if outer := ResponseHook(ctx); outer != nil {
		inner := fn
		fn = func(r ProviderResponse) { inner(r); outer(r) }
	}
	return context.WithValue(ctx, responseHookKey{}, fn)
}

// WithLastResponse returns a context under which the facts of each
// successful provider call are stored in dst, the last one winning, in the
// spirit of stripe-go's LastResponse:
//
//	var last tracking.ProviderResponse
//	s, err := client.Track(tracking.WithLastResponse(ctx, &last), req)
//	// last.RequestID, last.RateLimit.Remaining
//
// Read dst once the call has returned.
func WithLastResponse(ctx context.Context, dst *ProviderResponse) context.Context {
	var mu sync.Mutex
	return WithResponseHook(ctx, func(r ProviderResponse) {
		mu.Lock()
		*dst = r
		mu.Unlock()
	})
}

// ResponseHook returns the hook set on ctx by WithResponseHook or
// WithLastResponse, or nil. The transport calls it; a carrier with its own
// HTTP stack may too.
func ResponseHook(ctx context.Context) func(ProviderResponse) {
	fn, _ := ctx.Value(responseHookKey{}).(func(ProviderResponse))
	return fn
}
