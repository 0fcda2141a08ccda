package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
)

// JSON decodes body into v. Failures become *tracking.DecodeError naming
// the carrier and, where encoding/json says, the field.
func JSON(carrier string, body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &tracking.DecodeError{Carrier: carrier, Err: errors.New("empty body")}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return Error(carrier, err)
	}
	return nil
}

// Error wraps a JSON error as a *tracking.DecodeError.
func Error(carrier string, err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &tracking.DecodeError{Carrier: carrier, Field: typeErr.Field,
			Err: fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)}
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return &tracking.DecodeError{Carrier: carrier, Err: fmt.Errorf("not valid JSON at byte %d", syntaxErr.Offset)}
	}
	return &tracking.DecodeError{Carrier: carrier, Err: err}
}
