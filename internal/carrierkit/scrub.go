package carrierkit

import (
	"errors"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// Scrub removes the credential's secret values from an APIError's text,
// in case a provider echoes a key back in an error body. Values shorter
// than 4 bytes are left alone: they would match ordinary text. Call it on
// the error as transport.Do returns it, before wrapping: a wrapper made by
// fmt.Errorf keeps the text it had when made.
func Scrub(err error, cred credentials.Credential) error {
	var e *tracking.APIError
	if !errors.As(err, &e) {
		return err
	}
	for _, s := range cred.Fields {
		if v := s.Reveal(); len(v) >= 4 {
			e.Message = strings.ReplaceAll(e.Message, v, "[REDACTED]")
			e.Code = strings.ReplaceAll(e.Code, v, "[REDACTED]")
			e.RequestID = strings.ReplaceAll(e.RequestID, v, "[REDACTED]")
		}
	}
	return err
}
