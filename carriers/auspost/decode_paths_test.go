package auspost

import (
	"testing"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, decoders, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, decoders, "testdata/*.json") }

// decoders are the /track decoder and the mapping to details both
// ways.
func decoders(body []byte) []func() (any, error) {
	return []func() (any, error){
		func() (any, error) {
			resp, err := decodeTrack(ID, body)
			if err != nil {
				return nil, err
			}
			var details []*Detail
			for i := range resp.TrackingResults {
				details = append(details, mapper{fromText: true}.detail(ID, &resp.TrackingResults[i], "REQ"))
			}
			return []any{resp, details}, nil
		},
	}
}

// BenchmarkDecode decodes every fixture with every decoder, through
// encoding/json/v2 in builds that have it, encoding/json in the others.
func BenchmarkDecode(b *testing.B) { decodetest.Bench(b, decoders, "testdata/*.json") }
