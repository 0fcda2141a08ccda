package trackship

import (
	"testing"

	"github.com/parcelkit/tracking/transport"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, decoders, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, decoders, "testdata/*.json") }

// decoders are the get, create, couriers and webhook decoders both
// ways.
func decoders(body []byte) []func() (any, error) {
	return []func() (any, error){
		func() (any, error) { return decodeGet(&transport.Response{StatusCode: 200, Body: body}, nil) },
		func() (any, error) { return nil, decodeCreate(&transport.Response{StatusCode: 200, Body: body}) },
		func() (any, error) { return decodeCouriers(body) },
		func() (any, error) { return ParseWebhook(body) },
	}
}

// BenchmarkDecode decodes every fixture with every decoder, through
// encoding/json/v2 in builds that have it, encoding/json in the others.
func BenchmarkDecode(b *testing.B) { decodetest.Bench(b, decoders, "testdata/*.json") }
