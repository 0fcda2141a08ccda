package tracktry

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

// decoders are the envelope, trackings and webhook decoders both
// ways.
func decoders(body []byte) []func() (any, error) {
	return []func() (any, error){
		func() (any, error) { return ParseWebhook(body) },
		func() (any, error) {
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
		},
	}
}

// BenchmarkDecode decodes every fixture with every decoder, through
// encoding/json/v2 in builds that have it, encoding/json in the others.
func BenchmarkDecode(b *testing.B) { decodetest.Bench(b, decoders, "testdata/*.json") }
