package techtrack

import (
	"testing"

	"github.com/parcelkit/tracking"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, decoders, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, decoders, "testdata/*.json") }

// decoders are the events decoder.
func decoders(body []byte) []func() (any, error) {
	d := defaultDecoder(map[string]tracking.Status{"Delivered": tracking.StatusDelivered, "InTransit": tracking.StatusInTransit})
	return []func() (any, error){func() (any, error) { return d.events(body) }}
}

// BenchmarkDecode decodes every fixture with every decoder, through
// encoding/json/v2 in builds that have it, encoding/json in the others.
func BenchmarkDecode(b *testing.B) { decodetest.Bench(b, decoders, "testdata/*.json") }
