//go:build goexperiment.jsonv2

package decode

import (
	jsonv1 "encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/parcelkit/tracking"
)

// v2Options are encoding/json's semantics (field names matched without
// regard to case, duplicate names and invalid UTF-8 accepted, null
// leaving a string as it is ...), so that both paths read an answer
// alike, but with v2's errors, which name the field of a value an
// UnmarshalerFrom refused.
var v2Options = joinOptions(defaultOptionsV1(), legacyErrors(false))

// forcedV1 counts the WithV1 calls in progress.
var forcedV1 atomic.Int32

// unmarshal decodes through encoding/json/v2 for every carrier: each
// one's answers decode in fewer instructions so than through
// encoding/json in the same build (BENCHMARKS.md, BenchmarkDecode).
func unmarshal(b []byte, v any) error {
	if forcedV1.Load() > 0 {
		return unmarshalV2(b, v, legacyOptions)
	}
	return unmarshalV2(b, v, v2Options)
}

// legacyOptions are encoding/json's Unmarshal with the tolerant types
// decoded by their UnmarshalJSON methods, as in builds without v2
// (encoding/json prefers an UnmarshalJSONFrom method when a type has one).
var legacyOptions = joinOptions(defaultOptionsV1(), withUnmarshalers(joinUnmarshalers(
	unmarshalFunc(func(b []byte, v *String) error { return v.UnmarshalJSON(b) }),
	unmarshalFunc(func(b []byte, v *Int) error { return v.UnmarshalJSON(b) }),
	unmarshalFunc(func(b []byte, v *Float) error { return v.UnmarshalJSON(b) }),
	unmarshalFunc(func(b []byte, v *Bool) error { return v.UnmarshalJSON(b) }),
)))

// WithV1 runs f with JSON and Unmarshal decoding through encoding/json
// and the tolerant types' UnmarshalJSON methods, the path of builds
// without encoding/json/v2. Tests use it to compare the two paths; a
// decode running meanwhile elsewhere may take that path too, which
// changes nothing but its speed.
func WithV1(f func()) {
	forcedV1.Add(1)
	defer forcedV1.Add(-1)
	f()
}

// wrapV2 translates encoding/json/v2's errors into what wrap makes of
// encoding/json's.
func wrapV2(carrier string, err error) (*tracking.DecodeError, bool) {
	var semErr *semanticError
	if errors.As(err, &semErr) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return truncated(carrier), true
		}
		de := &tracking.DecodeError{Carrier: carrier, Field: fieldPath(semErr.JSONPointer)}
		var typeErr *jsonv1.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr): // refused by a tolerant type
			de.Err = fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)
		case semErr.GoType != nil && semErr.JSONKind != 0:
			de.Err = fmt.Errorf("want %s, got JSON %s", semErr.GoType, kind([]byte{byte(semErr.JSONKind)}))
		default:
			de.Err = err
		}
		return de, true
	}
	var synErr *syntacticError
	if errors.As(err, &synErr) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return truncated(carrier), true
		}
		return &tracking.DecodeError{Carrier: carrier, Err: fmt.Errorf("not valid JSON at byte %d", synErr.ByteOffset)}, true
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return truncated(carrier), true
	}
	return nil, false
}

// fieldPath turns a JSON pointer ("/data/items/0/i") into the dotted path
// encoding/json gives ("data.items.i"): object names only, no indices.
func fieldPath(p jsonPointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if tok != "" && digits(tok) {
			continue // an array index (no answer has numeric names)
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}
