package redisstore

import (
	"errors"

	"github.com/parcelkit/tracking"
)

// ErrUnavailable matches every error this package returns because Redis
// could not be reached or refused a command. Such errors match
// tracking.ErrUnavailable too, so an application handles a Redis outage
// like a provider outage.
var ErrUnavailable = errors.New("redisstore: Redis is unavailable")

// unavailableError is a Redis failure: what was attempted, what to do,
// and the client's error (which names the address, never a password).
type unavailableError struct {
	msg string
	err error
}

func (e *unavailableError) Error() string { return e.msg + ": " + e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

// Is matches ErrUnavailable and tracking.ErrUnavailable.
func (e *unavailableError) Is(target error) bool {
	return target == ErrUnavailable || target == tracking.ErrUnavailable
}
