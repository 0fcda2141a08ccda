//go:build goexperiment.jsonv2 && !go1.27

package decode

// Go 1.27 marks encoding/json/v2's API as new in 1.27 and refuses it in
// files of a module at go 1.26 unless the file's build constraint says
// go1.27; Go 1.26 with GOEXPERIMENT=jsonv2 has the same API without
// that. Go 1.26's file and Go 1.27's therefore carry the same aliases,
// and the rest of the package names the API through them.

import (
	jsonv1 "encoding/json"
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
)

type (
	jsonDecoder     = jsontext.Decoder
	jsonPointer     = jsontext.Pointer
	syntacticError  = jsontext.SyntacticError
	semanticError   = jsonv2.SemanticError
	jsonUnmarshaler = jsonv2.Unmarshalers
)

var (
	unmarshalV2      = jsonv2.Unmarshal
	joinOptions      = jsonv2.JoinOptions
	withUnmarshalers = jsonv2.WithUnmarshalers
	joinUnmarshalers = jsonv2.JoinUnmarshalers
	defaultOptionsV1 = jsonv1.DefaultOptionsV1
	legacyErrors     = jsonv1.ReportErrorsWithLegacySemantics
)

// unmarshalFunc is jsonv2.UnmarshalFunc.
func unmarshalFunc[T any](fn func([]byte, T) error) *jsonUnmarshaler { return jsonv2.UnmarshalFunc(fn) }
