//go:build !goexperiment.jsonv2

package decode

// namesField: encoding/json v1 adds the field path to the
// *json.UnmarshalTypeError an Unmarshaler returns.
const namesField = true
