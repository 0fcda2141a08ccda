package techtrack

import (
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// techTRACK documents no status vocabulary: an event carries a category
// and a name whose values are unknown (the fixture's "Delivered",
// "InTransit", ... are placeholders). So every category maps to unknown
// unless the caller supplies a mapping with WithStatusMapping, and nothing
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
	if len(m) == 0 {
		return tracking.StatusUnknown
	}
	var buf [keySize]byte
	if s, ok := m[string(appendKey(buf[:0], category))]; ok {
		return s
	}
	return tracking.StatusUnknown
}

func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// keySize holds a typical category: status normalizes into a stack buffer
// of this size and looks the bytes up, which does not allocate.
const keySize = 64

// appendKey appends normalize(s) to dst. ASCII text is lower-cased byte by
// byte; anything else goes through normalize.
func appendKey(dst []byte, s string) []byte {
	key, ok := decode.AppendKey(dst, s, false, ' ')
	if !ok {
		return append(dst, normalize(s)...)
	}
	return key
}
