package transport

import (
	"net/http"
	"strconv"
)

// Verdict is a Classifier's reading of a response.
type Verdict int

const (
	// Final: hand the response to the caller as it is.
	Final Verdict = iota
	// Retryable: a transient provider failure; retried when the request is
	// idempotent.
	Retryable
	// RateLimited: the provider refused the request to slow us down; it was
	// not processed, so it is retried whatever its method.
	RateLimited
)

// String names the verdict, for logs.
func (v Verdict) String() string {
	switch v {
	case Final:
		return "final"
	case Retryable:
		return "retryable"
	case RateLimited:
		return "rate_limited"
	}
	return "verdict(" + strconv.Itoa(int(v)) + ")"
}

// Classifier reads a response the status code alone does not explain,
// such as a rate-limit code in a JSON envelope sent with HTTP 200. body is
// the whole body of a 2xx answer (up to MaxBody) and the first
// MaxErrorBody bytes of any other; the response's Body can still be read.
// It is asked about every response; it can make a response more retryable
// than its status says (a 503 that is really a rate limit) but not less (a
// 429 stays rate-limited). When the provider says in the body how long to
// wait, the classifier may set a Retry-After header on resp: the transport
// reads it after classifying, as if the provider had sent it.
type Classifier func(resp *http.Response, body []byte) Verdict

// verdict reads resp by its status, then lets the classifier raise it.
func (c *call) verdict(resp *http.Response) Verdict {
	v := Final
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		v = RateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		v = Retryable
	}
	if c.t.cfg.classifier == nil {
		return v
	}
	body, err := peekBody(resp)
	if err != nil {
		return max(v, Retryable) // the answer broke off on the way
	}
	return max(v, c.t.cfg.classifier(resp, body))
}
