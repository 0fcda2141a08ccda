package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// String accepts a JSON string, number or boolean; null leaves it empty.
// Numbers keep their exact digits (an 18-digit id stays exact).
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("want a string or a number, got %s", kind(b))
	default: // number or boolean, kept as written
		*s = String(b)
	}
	return nil
}

// Int accepts a JSON number or a string holding one; null and "" give 0.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
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
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("want an integer, got %s", kind(b))
		}
		v = int64(f)
	}
	*n = Int(v)
	return nil
}

// Float accepts a JSON number or a string holding one. Valid is false for
// null, "" and an absent field, so a missing coordinate stays missing.
type Float struct {
	Value float64
	Valid bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
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
	if err != nil {
		return fmt.Errorf("want a number, got %s", kind(b))
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

// Bool accepts true/false, 1/0 and their string forms; null gives false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		*v = true
	case "false", "0", "no", "", "null":
		*v = false
	default:
		return fmt.Errorf("want a boolean, got %s", kind(b))
	}
	return nil
}

func kind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}
