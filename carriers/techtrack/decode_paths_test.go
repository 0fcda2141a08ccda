package techtrack

import (
	"testing"

	"github.com/parcelkit/tracking"

	"github.com/parcelkit/tracking/internal/decode/decodetest"
)

// TestDecodePaths decodes every fixture through encoding/json/v2 (in
// builds that have it) and through encoding/json: the results must be
// the same.
func TestDecodePaths(t *testing.T) { decodetest.Test(t, comparePaths, "testdata/*.json") }

// FuzzDecodePaths is TestDecodePaths for any body.
func FuzzDecodePaths(f *testing.F) { decodetest.Fuzz(f, comparePaths, "testdata/*.json") }

// comparePaths runs the events decoder both ways.
func comparePaths(t *testing.T, body []byte) {
	d := defaultDecoder(map[string]tracking.Status{"Delivered": tracking.StatusDelivered, "InTransit": tracking.StatusInTransit})
	decodetest.Paths(t, func() (any, error) { return d.events(body) })
}
