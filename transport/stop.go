package transport

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/parcelkit/tracking"
)

// stop builds the error that ends a call early. The answer, if any, is
// kept so that Do can fill in the provider's code and message.
func (c *call) stop(kind error, resp *http.Response, wait time.Duration, reason string, cause error) *tracking.APIError {
	e := &tracking.APIError{
		Carrier: c.t.cfg.carrier, Kind: kind, RetryAfter: wait, Attempts: c.st.total(),
		Err: errors.New(reason),
	}
	if cause != nil {
		e.Message = "could not reach the provider"
		e.Err = &reasonError{reason: reason, err: cause}
	}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		c.st.keep(resp)
	}
	return e
}

// reasonError explains why the transport stopped, keeping the cause.
type reasonError struct {
	reason string
	err    error
}

func (e *reasonError) Error() string { return e.reason + ": " + e.err.Error() }
func (e *reasonError) Unwrap() error { return e.err }

// giveUp runs when the loop ends without a plain success: an answer is
// handed on for the carrier to decode; a failure becomes a typed error.
func (c *call) giveUp(resp *http.Response, err error) (*http.Response, error) {
	attempts := max(c.st.total(), 1)
	var le *limiterError
	var apiErr *tracking.APIError
	switch {
	case errors.As(err, &le):
		drain(resp)
		return nil, le.apiError(c.t.cfg.carrier, attempts)
	case errors.As(err, &apiErr):
		drain(resp)
		if apiErr.Carrier == "" {
			apiErr.Carrier = c.t.cfg.carrier
		}
		if apiErr.Attempts == 0 {
			apiErr.Attempts = attempts
		}
		return nil, apiErr
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		drain(resp)
		return nil, err
	case resp != nil && err == nil:
		return resp, nil
	case resp != nil:
		drain(resp) // a redirect policy refused to follow it
	case err == nil:
		err = errors.New("no response")
	}
	return nil, &tracking.APIError{Carrier: c.t.cfg.carrier, Kind: tracking.ErrUnavailable, Attempts: attempts,
		Err: stripURL(err), Message: "could not reach the provider"}
}
