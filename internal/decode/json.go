package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
)

// JSON decodes body into v. Failures become *tracking.DecodeError naming
// the carrier and, where encoding/json says, the field (a dotted path such
// as "data.events.time"), including values refused by this package's
// tolerant types.
func JSON(carrier string, body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return &tracking.DecodeError{Carrier: carrier, Err: errors.New("empty body")}
	}
	if trimmed[0] == '<' {
		// A proxy's or a gateway's page; its text is of no use and may be long.
		return &tracking.DecodeError{Carrier: carrier, Err: errors.New("the answer is an HTML or XML page, not JSON")}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return Error(carrier, err)
	}
	return nil
}

// Error wraps a JSON error as a *tracking.DecodeError.
func Error(carrier string, err error) error { return wrap(carrier, err) }

func wrap(carrier string, err error) *tracking.DecodeError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &tracking.DecodeError{Carrier: carrier, Field: typeErr.Field,
			Err: fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)}
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		if syntaxErr.Error() == "unexpected end of JSON input" {
			return &tracking.DecodeError{Carrier: carrier, Err: errors.New("the JSON ends too early (a truncated answer?)")}
		}
		return &tracking.DecodeError{Carrier: carrier, Err: fmt.Errorf("not valid JSON at byte %d", syntaxErr.Offset)}
	}
	return &tracking.DecodeError{Carrier: carrier, Err: err}
}

// ErrorAt is Error for a value decoded from the part of an answer at
// field (such as "data"): the field encoding/json names, if any, is put
// under it.
func ErrorAt(carrier, field string, err error) error {
	de := wrap(carrier, err)
	if de.Field != "" {
		de.Field = field + "." + de.Field
	} else {
		de.Field = field
	}
	return de
}
