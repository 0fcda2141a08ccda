package techtrack

import (
	"strings"

	"github.com/parcelkit/tracking"
)

// techTRACK documents no status vocabulary: an event carries a category
// and a name whose values are unknown (the fixture's "Delivered",
// "InTransit", ... are placeholders). So every category maps to unknown
// unless the caller supplies a mapping with WithCategoryMap, and nothing
// is guessed from the description text.

// categoryMap is a caller's mapping, keyed by lower-cased category.
type categoryMap map[string]tracking.Status

// newCategoryMap keeps the valid entries of m, keyed case-insensitively.
func newCategoryMap(m map[string]tracking.Status) categoryMap {
	out := make(categoryMap, len(m))
	for k, v := range m {
		if v.Valid() {
			out[normalize(k)] = v
		}
	}
	return out
}

// status maps an event's category; anything not in the caller's map is
// unknown, never in_transit.
func (m categoryMap) status(category string) tracking.Status {
	if s, ok := m[normalize(category)]; ok {
		return s
	}
	return tracking.StatusUnknown
}

func normalize(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
