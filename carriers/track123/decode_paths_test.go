package track123

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

// decoders are the envelope, each shape of data and the webhook
// decoders both ways.
func decoders(body []byte) []func() (any, error) {
	return []func() (any, error){
		func() (any, error) { return ParseWebhook(body) },
		func() (any, error) {
			env, err := decodeEnvelope(body)
			if err != nil {
				return nil, err
			}
			// A value is kept only when it decoded: after an error the paths
			// may have filled different parts of it, and callers drop it.
			var query queryData
			var realtime realtimeData
			var batch batchData
			var couriers []wireCourier
			errs := []error{decodeData(env.Data, &query), decodeData(env.Data, &realtime),
				decodeData(env.Data, &batch), decodeData(env.Data, &couriers)}
			var out []any
			if query.Accepted != nil && errs[0] == nil {
				for i := range query.Accepted.Content {
					out = append(out, decodeTracking(&query.Accepted.Content[i], nil))
				}
			}
			if realtime.Accepted != nil && errs[1] == nil {
				out = append(out, decodeTracking(realtime.Accepted, nil))
			}
			if errs[2] == nil {
				out = append(out, batch)
			}
			if errs[3] == nil {
				out = append(out, couriers)
			}
			return []any{env, out, decodetest.Errs(errs...)}, nil
		},
	}
}

// BenchmarkDecode decodes every fixture with every decoder, through
// encoding/json/v2 in builds that have it, encoding/json in the others.
func BenchmarkDecode(b *testing.B) { decodetest.Bench(b, decoders, "testdata/*.json") }
