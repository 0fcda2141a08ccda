package transport

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
)

// headersWithDefaults fills h's empty lists from
// tracking.DefaultResponseHeaders.
func headersWithDefaults(h tracking.ResponseHeaders) tracking.ResponseHeaders {
	d := tracking.DefaultResponseHeaders()
	if len(h.RequestID) == 0 {
		h.RequestID = d.RequestID
	}
	if len(h.Limit) == 0 {
		h.Limit = d.Limit
	}
	if len(h.Remaining) == 0 {
		h.Remaining = d.Remaining
	}
	if len(h.Reset) == 0 {
		h.Reset = d.Reset
	}
	return h
}

// facts reads what r's headers say about the call, by the names in h.
func facts(carrier string, r *Response, h tracking.ResponseHeaders, now time.Time) tracking.ProviderResponse {
	return tracking.ProviderResponse{
		Carrier:    carrier,
		StatusCode: r.StatusCode,
		Attempts:   r.Attempts,
		RequestID:  first(r.Header, h.RequestID),
		RateLimit: tracking.RateLimit{
			Limit:     count(first(r.Header, h.Limit)),
			Remaining: count(first(r.Header, h.Remaining)),
			Reset:     resetTime(first(r.Header, h.Reset), now),
		},
		Header: r.Header,
	}
}

// first returns the value of the first of names present in h.
func first(h http.Header, names []string) string {
	for _, n := range names {
		if v := strings.TrimSpace(h.Get(n)); v != "" {
			return v
		}
	}
	return ""
}

// count reads a header's count; -1 when absent or not a count. The
// IETF draft's form "100;w=60" counts too.
func count(v string) int {
	v, _, _ = strings.Cut(v, ";")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// unixThreshold tells a Unix time (2001 onwards) from a number of seconds.
const unixThreshold = 1_000_000_000

// resetTime reads a reset header: a Unix time, or seconds from now.
func resetTime(v string, now time.Time) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	switch {
	case err != nil || n < 0:
		return time.Time{}
	case n > unixThreshold:
		return time.Unix(n, 0).UTC()
	}
	return now.Add(time.Duration(n) * time.Second).UTC()
}
