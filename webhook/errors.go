package webhook

import "errors"

// Sentinel errors, defined once for every scheme and the Handler.
var (
	// ErrMissingHeader: a header or body field the scheme needs is absent.
	ErrMissingHeader = errors.New("webhook: missing signature, timestamp or key id")
	// ErrStale: the signed timestamp is outside the tolerance, too old or too
	// far in the future.
	ErrStale = errors.New("webhook: timestamp outside the tolerance")
	// ErrUnknownKey: the key id names no usable key, even after a refresh.
	ErrUnknownKey = errors.New("webhook: unknown signing key")
	// ErrBadSignature: the signature does not match.
	ErrBadSignature = errors.New("webhook: bad signature")
	// ErrReplayed: this delivery was already accepted.
	ErrReplayed = errors.New("webhook: delivery already processed")
	// ErrTooLarge: the body is larger than the handler accepts.
	ErrTooLarge = errors.New("webhook: body too large")
	// ErrMalformed: the payload is not what the provider sends.
	ErrMalformed = errors.New("webhook: malformed payload")
	// ErrNoSecret: no secret is configured, so every delivery is refused.
	ErrNoSecret = errors.New("webhook: no secret configured")
	// ErrKeysUnavailable: the provider's signing keys could not be read
	// (the key endpoint failed, answered something that is not a key set,
	// or did not answer before the delivery's deadline). The delivery may
	// be genuine: the Handler answers 5xx so that the provider retries.
	ErrKeysUnavailable = errors.New("webhook: signing keys unavailable")
)
