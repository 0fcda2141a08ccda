package techtrack

import (
	"fmt"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchCategoryMap is a caller's WithStatusMapping, keyed by the fixture's
// placeholder categories (techTRACK documents none, so it has no
// sub-status to refine a category).
var benchCategoryMap = map[string]tracking.Status{
	"InfoReceived":   tracking.StatusInfoReceived,
	"InTransit":      tracking.StatusInTransit,
	"OutForDelivery": tracking.StatusOutForDelivery,
	"Delivered":      tracking.StatusDelivered,
}

// benchCategories are event categories as they arrive, with the status
// benchCategoryMap gives them; without a map every one is unknown.
var benchCategories = []struct {
	category string
	want     tracking.Status
}{
	{"InfoReceived", tracking.StatusInfoReceived},
	{"InTransit", tracking.StatusInTransit},
	{"InTransit", tracking.StatusInTransit},
	{"OutForDelivery", tracking.StatusOutForDelivery},
	{"Delivered", tracking.StatusDelivered},
	{" intransit ", tracking.StatusInTransit},
	{"Departed", tracking.StatusUnknown},
	{"", tracking.StatusUnknown},
}

// mapBenchStatuses maps every category as decode.go does, with the
// caller's map and with none, and counts the results that differ from the
// expected status.
func mapBenchStatuses(mapped, none categoryMap) (wrong int) {
	for _, tt := range benchCategories {
		if mapped.status(tt.category) != tt.want {
			wrong++
		}
		if none.status(tt.category) != tracking.StatusUnknown {
			wrong++
		}
	}
	return wrong
}

func BenchmarkMapStatus(b *testing.B) {
	mapped := New(WithStatusMapping(benchCategoryMap)).decoder.categories
	none := New().decoder.categories
	carriertest.BenchMapStatus(b, func() int { return mapBenchStatuses(mapped, none) })
}

// TestMapStatusAllocs: mapping runs for every event, so it must not
// allocate. Allocation counts are deterministic.
func TestMapStatusAllocs(t *testing.T) {
	mapped := New(WithStatusMapping(benchCategoryMap)).decoder.categories
	none := New().decoder.categories
	for _, tt := range benchCategories {
		if got := mapped.status(tt.category); got != tt.want {
			t.Errorf("status(%q) = %q, want %q", tt.category, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d categories twice", len(benchCategories)),
		func() int { return mapBenchStatuses(mapped, none) })
}

// FuzzStatusKey: the allocation-free key status looks up is exactly
// normalize's, for any text.
func FuzzStatusKey(f *testing.F) {
	for _, tt := range benchCategories {
		f.Add(tt.category)
	}
	for _, s := range []string{"\t In Transit \n\v\f\r", "DELİVERED", "Délivré", "\u00a0InTransit\u0085", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendKey([]byte("x"), s)), "x"+normalize(s); got != want {
			t.Fatalf("appendKey(%q) = %q, want %q", s, got, want)
		}
	})
}
