package transport

import (
	"context"
	"net/http"
)

type idempotentKey struct{}

// Idempotent returns a context whose requests are safe to repeat whatever
// their method (a POST that only reads, or a create the provider
// deduplicates).
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func isIdempotent(req *http.Request) bool {
	if v, _ := req.Context().Value(idempotentKey{}).(bool); v {
		return true
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	// A request carrying an idempotency key is deduplicated by the server
	// (net/http's Transport replays such requests too).
	_, a := req.Header["Idempotency-Key"]
	_, b := req.Header["X-Idempotency-Key"]
	return a || b
}
