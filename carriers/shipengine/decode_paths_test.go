package shipengine

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

// comparePaths runs each of the decoders of a whole body both ways.
func comparePaths(t *testing.T, body []byte) {
	decodetest.Paths(t, func() (any, error) { return decodeShipment(body) })
	decodetest.Paths(t, func() (any, error) { return ParseWebhook(body) })
	decodetest.Paths(t, func() (any, error) { return decodeCarriers(body, 207) })
}
