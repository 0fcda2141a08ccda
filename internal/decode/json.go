package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parcelkit/tracking"
)

// JSON decodes body into v. Failures become *tracking.DecodeError naming
// the carrier and, where the decoder says, the field (a dotted path such
// as "data.events.time"), including values refused by this package's
// tolerant types. Builds with encoding/json/v2 (goexperiment.jsonv2, the
// default from Go 1.27) decode through it; the others through
// encoding/json. Both give the same values and the same error types.
func JSON(carrier string, body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return &tracking.DecodeError{Carrier: carrier, Err: errors.New("empty body")}
	}
	if trimmed[0] == '<' {
		// A proxy's or a gateway's page; its text is of no use and may be long.
		return &tracking.DecodeError{Carrier: carrier, Err: errors.New("the answer is an HTML or XML page, not JSON")}
	}
	if err := decodeFrom(body, v); err != nil {
		return Error(carrier, err)
	}
	return nil
}

// Unmarshal decodes data, part of an answer JSON has already checked
// (such as a json.RawMessage), into v through the same path as JSON. Its
// error is the decoder's: wrap it with Error or ErrorAt.
func Unmarshal(data []byte, v any) error { return decodeFrom(data, v) }

// decodeFrom unmarshals body with body as the current source. The slot is
// given back even if a decoder panics and someone above recovers (as
// net/http does for a handler), so that it keeps no body alive.
func decodeFrom(body []byte, v any) error {
	defer borrow(body).release()
	return unmarshal(body, v)
}

// Error wraps a JSON error as a *tracking.DecodeError.
func Error(carrier string, err error) error { return wrap(carrier, err) }

func wrap(carrier string, err error) *tracking.DecodeError {
	if de, ok := wrapV2(carrier, err); ok {
		return de
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &tracking.DecodeError{Carrier: carrier, Field: typeErr.Field,
			Err: fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)}
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		if syntaxErr.Error() == "unexpected end of JSON input" {
			return truncated(carrier)
		}
		return &tracking.DecodeError{Carrier: carrier, Err: fmt.Errorf("not valid JSON at byte %d", syntaxErr.Offset)}
	}
	return &tracking.DecodeError{Carrier: carrier, Err: err}
}

func truncated(carrier string) *tracking.DecodeError {
	return &tracking.DecodeError{Carrier: carrier, Err: errors.New("the JSON ends too early (a truncated answer?)")}
}

// ErrorAt is Error for a value decoded from the part of an answer at
// field (such as "data"): the field the decoder names, if any, is put
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
