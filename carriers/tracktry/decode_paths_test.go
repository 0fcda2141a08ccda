package tracktry

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

// comparePaths runs the envelope, trackings and webhook decoders both
// ways.
func comparePaths(t *testing.T, body []byte) {
	decodetest.Paths(t, func() (any, error) { return ParseWebhook(body) })
	decodetest.Paths(t, func() (any, error) {
		env, err := readEnvelope(body)
		if err != nil {
			return nil, err
		}
		ws, err := trackings(env.Data)
		if err != nil {
			return nil, err
		}
		var out []any
		for i := range ws {
			out = append(out, toShipment(&ws[i], nil))
		}
		couriers, err := dataList[wireCourier](env.Data) // nil on an error
		return []any{env, ws, out, couriers, decodetest.Errs(err)}, nil
	})
}
