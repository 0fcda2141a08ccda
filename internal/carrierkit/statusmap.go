package carrierkit

import (
	"fmt"
	"maps"
	"slices"

	"github.com/parcelkit/tracking"
)

// CheckStatusMapping checks the statuses a carrier's WithStatusMapping
// was given. A value outside tracking.Statuses() is an error matching
// tracking.ErrInvalidRequest, which the carrier reports on every call;
// the first such key in sorted order is named, so the error is stable.
func CheckStatusMapping(carrier string, m map[string]tracking.Status) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if s := m[k]; !s.Valid() {
			return fmt.Errorf("%s: WithStatusMapping maps %q to %q, which is not one of tracking.Statuses(): %w",
				carrier, k, string(s), tracking.ErrInvalidRequest)
		}
	}
	return nil
}

// AddStatusMapping adds m to dst under the keys key gives (the carrier's
// normalization of a provider's text) and returns dst, made if nil: each
// WithStatusMapping call adds to the earlier ones.
func AddStatusMapping(dst, m map[string]tracking.Status, key func(string) string) map[string]tracking.Status {
	if dst == nil {
		dst = make(map[string]tracking.Status, len(m))
	}
	for k, v := range m {
		dst[key(k)] = v
	}
	return dst
}
