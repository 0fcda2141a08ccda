package trackship

import (
	"testing"

	"github.com/parcelkit/tracking/transport"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, comparePaths, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, comparePaths, "testdata/*.json") }

// comparePaths runs the get, create, couriers and webhook decoders both
// ways.
func comparePaths(t *testing.T, body []byte) {
	decodetest.Paths(t, func() (any, error) { return decodeGet(&transport.Response{StatusCode: 200, Body: body}, nil) })
	decodetest.Paths(t, func() (any, error) { return nil, decodeCreate(&transport.Response{StatusCode: 200, Body: body}) })
	decodetest.Paths(t, func() (any, error) { return decodeCouriers(body) })
	decodetest.Paths(t, func() (any, error) { return ParseWebhook(body) })
}
