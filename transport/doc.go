// Package transport is the HTTP stack every carrier uses, and custom
// carriers may use too.
//
// New builds an *http.Client whose transport is a chain with one owner per
// concern:
//
//	retry (go-retryablehttp) -> rate limit per attempt (Limiter) -> base RoundTripper
//
// Retries cover connection failures, 429, 502, 503, 504 and whatever a
// carrier's Classifier reads in a body (such as a rate-limit code sent with
// HTTP 200). Backoff is exponential with jitter; Retry-After (seconds or an
// HTTP date) is honoured. When a rate-limit answer asks for a wait longer
// than RetryPolicy.MaxRetryAfter, or one that would end past the context's
// deadline, the call fails at once with an error matching
// tracking.ErrRateLimited that carries RetryAfter. A 5xx whose Retry-After
// cannot be honoured is handed on at once instead, and its error matches
// tracking.ErrUnavailable with RetryAfter set.
//
// A request that may create something (POST, PATCH) is retried only when it
// cannot have been processed: the connection never carried it, or the
// provider answered 429 or a rate-limit signal. Mark a request that is safe
// to repeat with Idempotent, or send it with an Idempotency-Key header.
//
// A retry budget (RetryBudget, after the AWS SDK's retry quota) stops retry
// storms: retries spend tokens, successes refill them, and once it is spent
// calls fail fast with tracking.ErrUnavailable instead of retrying.
//
// Each attempt waits for a token from the Limiter under the key set with
// WithLimitKey (a carrier uses its credential code, and the endpoint where the
// provider limits per endpoint). Limiter is an interface so that replicas can
// share one provider limit. A Limiter's error ends the call; it is never
// retried as if it were a connection failure.
//
// Do sends a request and reads the answer, returning typed errors
// (*tracking.APIError) with the status, the attempts and a short body. A
// successful (2xx) answer is read whole, up to MaxBody; any other answer,
// retried or not, is read only up to MaxErrorBody and then closed, so an
// endless 503 costs a call tens of KiB per attempt, not MaxBody.
// Neither errors nor log lines hold the URL's query, auth headers or their
// values, even when a provider quotes them back, nor the forms derived from
// them (the user and password inside a Basic token, URL-encoded, JSON-escaped
// or base64 values): each is replaced with "[REDACTED]". Redact applies the
// same redactor to the errors a carrier builds itself from an answer (an
// error envelope sent with HTTP 200), given the credential's values.
//
// One request can reach a provider unpaced: when a keep-alive connection
// that already carried an answer breaks before a GET is answered, net/http
// resends that GET on a new connection inside the base RoundTripper, below
// the limiter. It happens at most once per broken connection; the fault
// soak counts it, and a provider's limit leaves room for it in practice.
//
// Each attempt is bounded, from sending the request to reading the last
// byte of its answer, by DefaultAttemptTimeout (two minutes) or
// WithAttemptTimeout: without it, a body sent a byte at a time would hold
// a call with no context deadline forever, since a base's
// ResponseHeaderTimeout covers only the headers. An attempt that outlives
// it fails like a broken connection. A caller's deadline that comes first
// makes the bound needless, and none is set. Otherwise the attempts of one
// client share one timer, armed for the oldest, instead of a timer each
// (which wakes the network poller's thread for every attempt); the
// attempt's context is cancelled when the bound passes and reports it as
// its deadline. Inside a testing/synctest bubble each attempt has a timer
// of its own, on the bubble's clock.
//
// Logging goes to a *slog.Logger at debug level, silent by default: a line
// per attempt and retry decision, and one per call from Do (carrier,
// credential code from WithCredential, attempts, latency, status, the
// error's category). Headers are never logged; URLs are logged without
// their query, and with any path segment that looks like a tracking number
// masked to its last four characters unless WithTrackingNumbersInLogs.
//
// A successful answer's request id and rate-limit headroom reach the
// caller through tracking.WithResponseHook or tracking.WithLastResponse on
// the request's context; WithResponseHeaders names the headers they are
// read from.
//
// Redirects are followed (by Do inside the retry loop, so that a call goes
// through one http.Client; attempts count every hop), but a redirect to another host, or from https to
// http, drops every header that carries a credential: net/http itself drops
// only Authorization and Cookie, and would send a provider's key header to
// wherever a redirect points. A header is dropped when its name looks like
// a credential's (API-Key, Authorization, X-Auth-Token...) or when its value
// holds, in any form the redactor knows, a value the request's context
// marks with WithSecrets; carriers mark every field of the credential they
// call with, so Australia Post's Account-Number and TrackShip's App-Name
// stay at home too.
//
// The user's base RoundTripper is never modified, and
// (*http.Client).CloseIdleConnections on a client from New reaches it.
package transport
