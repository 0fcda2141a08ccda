package decode

import (
	"encoding/json"
	"errors"
)

// Text is the constraint on the text fields of a wire type that is
// decoded through Plain: string for the fast attempt, String for the
// tolerant one.
type Text interface{ ~string }

// Plain decodes body into a new P and, only if that fails on a value of
// the wrong kind, into a new T. P and T are one wire type instantiated
// twice: P with plain string fields, T with String fields (see Text).
// Exactly one result is non-nil when err is nil.
//
// encoding/json reaches a tolerant type's UnmarshalJSON through reflection
// and an interface lookup, for every field, which costs about a third of
// a decode; a plain string skips it. The tolerant decode is needed only
// for the occasional number or boolean where text was documented, and it
// reads such an answer as JSON would have: both paths give the same values
// for every answer the plain one accepts.
func Plain[P, T any](carrier string, body []byte) (*P, *T, error) {
	if err := notJSON(carrier, body); err != nil {
		return nil, nil, err
	}
	p := new(P)
	err := json.Unmarshal(body, p)
	if err == nil {
		return p, nil, nil
	}
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return nil, nil, Error(carrier, err) // not JSON: T would fail alike
	}
	t := new(T)
	if err := json.Unmarshal(body, t); err != nil {
		return nil, nil, Error(carrier, err)
	}
	return nil, t, nil
}
