//go:build goexperiment.jsonv2

package decode

// namesField: the encoding/json built on json/v2 (the default from Go
// 1.27) returns an Unmarshaler's *json.UnmarshalTypeError without the
// field path, so the DecodeError cannot name the field until decoding
// goes through json/v2 itself (the open decoding-speed issue).
const namesField = false
