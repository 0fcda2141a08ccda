package carrierkit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking"
)

// RegisterHint is what every carrier that registers numbers says of a
// number the provider does not track yet, in the same words (Track123's).
const RegisterHint = "register it first (Register, or WithAutoRegister)"

// NotRegistered adds RegisterHint to err, a read's error matching
// tracking.ErrNotFound for a number the provider does not track, so that
// Track without auto-registration says how to get an answer. An
// *tracking.APIError is copied with the hint appended to its Message, so
// that errors.As still finds it; any other error is wrapped. An error that
// already says to register is returned as it is.
func NotRegistered(err error) error {
	e, ok := err.(*tracking.APIError)
	if !ok {
		if errors.Is(err, tracking.ErrNotFound) && strings.Contains(strings.ToLower(err.Error()), "register") {
			return err
		}
		return fmt.Errorf("%w; %s", err, RegisterHint)
	}
	if strings.Contains(strings.ToLower(e.Message), "register") {
		return err
	}
	cp := *e
	if cp.Message != "" {
		cp.Message += "; "
	}
	cp.Message += RegisterHint
	return &cp
}
