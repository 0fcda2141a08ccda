package auspost

import (
	"testing"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, comparePaths, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, comparePaths, "testdata/*.json") }

// comparePaths runs the /track decoder and the mapping to details both
// ways.
func comparePaths(t *testing.T, body []byte) {
	decodetest.Paths(t, func() (any, error) {
		resp, err := decodeTrack(ID, body)
		if err != nil {
			return nil, err
		}
		var details []*Detail
		for i := range resp.TrackingResults {
			details = append(details, mapper{fromText: true}.detail(ID, &resp.TrackingResults[i], "REQ"))
		}
		return []any{resp, details}, nil
	})
}
