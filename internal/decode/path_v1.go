//go:build !goexperiment.jsonv2

package decode

import (
	"encoding/json"

	"github.com/parcelkit/tracking"
)

// unmarshal is encoding/json: the build has no encoding/json/v2.
func unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// wrapV2 has no encoding/json/v2 errors to translate in this build.
func wrapV2(string, error) (*tracking.DecodeError, bool) { return nil, false }

// WithV1 runs f with JSON and Unmarshal decoding through encoding/json
// and the tolerant types' UnmarshalJSON methods; in this build that is
// the only path. Tests use it to compare the two paths.
func WithV1(f func()) { f() }
