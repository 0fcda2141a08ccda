package tracking

import "slices"

// SortEvents orders events newest first, as Shipment.Events promises.
// Events without a time keep their relative order after the timed ones.
// Carriers call it after decoding; custom carriers may too.
func SortEvents(events []Event) {
	slices.SortStableFunc(events, func(a, b Event) int {
		switch {
		case a.Time.IsZero() && b.Time.IsZero():
			return 0
		case a.Time.IsZero():
			return 1
		case b.Time.IsZero():
			return -1
		}
		return b.Time.Compare(a.Time) // not UnixNano: it overflows outside 1678-2262
	})
}
