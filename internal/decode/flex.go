package decode

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// typeError reports a JSON value of the wrong kind. encoding/json adds the
// field path to a *json.UnmarshalTypeError returned by an Unmarshaler, so
// JSON can name the field in its *tracking.DecodeError.
func typeError(b []byte, want reflect.Type) error {
	return &json.UnmarshalTypeError{Value: kind(b), Type: want}
}

// trimJSON drops whitespace around a JSON value. encoding/json hands an
// Unmarshaler the bare literal, so the ends are checked before calling
// bytes.TrimSpace, which is a measurable share of a decode.
func trimJSON(b []byte) []byte {
	// Every JSON space is at most ' '.
	if len(b) > 0 && b[0] > ' ' && b[len(b)-1] > ' ' {
		return b
	}
	return bytes.TrimSpace(b)
}

// PlainText reports whether b is ASCII from 0x20 up without a backslash:
// a string literal's inner bytes that are the string itself, with no
// escape and nothing JSON would have to escape. One pass instead of
// bytes.IndexByte and utf8.Valid, which cost more in calls than in bytes
// for the short values providers send.
func PlainText(b []byte) bool {
	// Eight bytes at a time. A high bit is set in x for a byte beyond
	// ASCII, in x-0x20*ones for one below 0x20 (no borrow reaches an ASCII
	// byte unless such a byte is below it), and in (y-ones)&^y for a
	// backslash, y being zero there (the classic has-zero-byte test, exact
	// about whether there is one).
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	const backslashes = '\\' * ones
	plain := func(x uint64) bool {
		y := x ^ backslashes
		return (x|(x-0x20*ones)|(y-ones)&^y)&highs == 0
	}
	if len(b) >= 8 {
		// Whole words up to the last, then the last eight bytes, which
		// may overlap the word before: no byte-by-byte tail.
		for i := 0; i+8 < len(b); i += 8 {
			if !plain(binary.LittleEndian.Uint64(b[i:])) {
				return false
			}
		}
		return plain(binary.LittleEndian.Uint64(b[len(b)-8:]))
	}
	for _, c := range b {
		if c < 0x20 || c >= utf8.RuneSelf || c == '\\' {
			return false
		}
	}
	return true
}

// String accepts a JSON string, number or boolean. Numbers keep their
// exact digits (an 18-digit id stays exact). null leaves the value as it
// is (empty in a new struct), as encoding/json does for a string.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = trimJSON(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		// as encoding/json: no change
	case b[0] == '"':
		// Fast paths: encoding/json has already checked the literal, so one
		// without escapes is its bytes; invalid UTF-8 takes the slow path,
		// which replaces it as encoding/json does.
		if len(b) >= 2 && b[len(b)-1] == '"' {
			inner := b[1 : len(b)-1]
			if PlainText(inner) || (bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner)) {
				*s = String(text(inner))
				return nil
			}
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
	case b[0] == '{' || b[0] == '[':
		return typeError(b, reflect.TypeFor[string]())
	default: // number or boolean, kept as written
		*s = String(text(b))
	}
	return nil
}

// Int accepts a JSON number or a string holding one; null and "" give 0.
// A number with a zero fraction or an exponent ("12.0", "1e3") is
// accepted; one with a fraction is not.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	raw := trimJSON(b)
	b = raw
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		b = []byte(strings.TrimSpace(v))
	}
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		// 2^63 is the first float64 past the int64 range.
		if ferr != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
			return typeError(raw, reflect.TypeFor[int64]())
		}
		v = int64(f)
	}
	*n = Int(v)
	return nil
}

// Float accepts a JSON number or a string holding one. Valid is false for
// null, "" and an absent field, so a missing coordinate stays missing.
// NaN and infinities are refused: they cannot be written back as JSON.
type Float struct {
	Value float64
	Valid bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	raw := trimJSON(b)
	b = raw
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		b = []byte(strings.TrimSpace(v))
	}
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = Float{}
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return typeError(raw, reflect.TypeFor[float64]())
	}
	*f = Float{Value: v, Valid: true}
	return nil
}

// Ptr returns a pointer to the value, or nil when it is not valid.
func (f Float) Ptr() *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Value
	return &v
}

// Bool accepts true/false, 1/0, yes/no (in any case) and their string
// forms; null and "" give false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	raw := trimJSON(b)
	s := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		*v = true
	case "false", "0", "no", "", "null":
		*v = false
	default:
		return typeError(raw, reflect.TypeFor[bool]())
	}
	return nil
}

// kind names a JSON value's kind, as encoding/json does in its errors.
func kind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
