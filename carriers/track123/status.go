package track123

import (
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// transitStatuses maps every documented transitStatus. WAITING_DELIVERY and
// ABNORMAL are refined by the sub-status.
var transitStatuses = map[string]tracking.Status{
	"INIT":             tracking.StatusPending,
	"NO_RECORD":        tracking.StatusPending,
	"INFO_RECEIVED":    tracking.StatusInfoReceived,
	"IN_TRANSIT":       tracking.StatusInTransit,
	"WAITING_DELIVERY": tracking.StatusOutForDelivery,
	"DELIVERY_FAILED":  tracking.StatusAttemptFailed,
	"ABNORMAL":         tracking.StatusException,
	"DELIVERED":        tracking.StatusDelivered,
	"EXPIRED":          tracking.StatusExpired,
}

// subStatuses maps every documented transitSubStatus.
var subStatuses = map[string]tracking.Status{
	"INFO_RECEIVED_01":    tracking.StatusInfoReceived,
	"IN_TRANSIT_01":       tracking.StatusInTransit,
	"IN_TRANSIT_02":       tracking.StatusInTransit,
	"IN_TRANSIT_03":       tracking.StatusInTransit,
	"IN_TRANSIT_04":       tracking.StatusInTransit,
	"IN_TRANSIT_05":       tracking.StatusInTransit,
	"IN_TRANSIT_06":       tracking.StatusInTransit,
	"IN_TRANSIT_07":       tracking.StatusInTransit,
	"IN_TRANSIT_08":       tracking.StatusInTransit,
	"WAITING_DELIVERY_01": tracking.StatusOutForDelivery,
	"WAITING_DELIVERY_02": tracking.StatusAvailableForPickup,
	// Covers both a delivery postponed at the recipient's request and a
	// carded attempt; both mean another attempt is due.
	"WAITING_DELIVERY_03": tracking.StatusAttemptFailed,
	"DELIVERED_01":        tracking.StatusDelivered,
	"DELIVERED_02":        tracking.StatusDelivered,
	"DELIVERED_03":        tracking.StatusDelivered,
	"DELIVERED_04":        tracking.StatusDelivered,
	"DELIVERY_FAILED_01":  tracking.StatusAttemptFailed,
	"DELIVERY_FAILED_02":  tracking.StatusAttemptFailed,
	"DELIVERY_FAILED_03":  tracking.StatusAttemptFailed,
	"DELIVERY_FAILED_04":  tracking.StatusAttemptFailed,
	"ABNORMAL_01":         tracking.StatusException,
	"ABNORMAL_02":         tracking.StatusException,
	"ABNORMAL_03":         tracking.StatusException,
	"ABNORMAL_04":         tracking.StatusCancelled,
	"ABNORMAL_05":         tracking.StatusException, // refused; a return often follows
	"ABNORMAL_06":         tracking.StatusReturnToSender,
	"ABNORMAL_07":         tracking.StatusReturnToSender,
	"ABNORMAL_08":         tracking.StatusException,
}

// staleTrackingStatuses are the trackingStatus values saying the data may
// be old (courier site unstable or changed, cached after an error).
var staleTrackingStatuses = map[string]bool{"003": true, "004": true, "005": true, "006": true}

// mapStatus resolves a shipment's status: the sub-status when it is known
// and belongs to transitStatus (or transitStatus is empty), otherwise
// transitStatus, otherwise unknown. A sub-status under another status
// means one of the two is stale, so the top-level value wins.
func mapStatus(transit, sub string) tracking.Status {
	var tb, sb [keySize]byte
	t, s := appendKey(tb[:0], transit), appendKey(sb[:0], sub)
	if st, ok := subStatuses[string(s)]; ok && (len(t) == 0 || string(parentOf(s)) == string(t)) {
		return st
	}
	if st, ok := transitStatuses[string(t)]; ok {
		return st
	}
	return tracking.StatusUnknown
}

// eventStatus maps an event's sub-status, the only status events carry.
// An undocumented sub-status falls back to its prefix ("IN_TRANSIT_09"
// under IN_TRANSIT).
func eventStatus(sub string) tracking.Status {
	var sb [keySize]byte
	s := appendKey(sb[:0], sub)
	if st, ok := subStatuses[string(s)]; ok {
		return st
	}
	if st, ok := transitStatuses[string(parentOf(s))]; ok {
		return st
	}
	return tracking.StatusUnknown
}

// parentOf returns the transitStatus a sub-status belongs to:
// "WAITING_DELIVERY_02" -> "WAITING_DELIVERY".
func parentOf[S string | []byte](sub S) S {
	for i := len(sub) - 1; i > 0; i-- {
		if sub[i] == '_' {
			return sub[:i]
		}
	}
	return sub[:0]
}

// normalize upper-cases a value and turns spaces into underscores, so the
// title-case values of Track123's Shopify app ("Delivered") match too.
func normalize(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "NULL" {
		return ""
	}
	return strings.Join(strings.Fields(s), "_")
}

// keySize holds every documented value: the mappers normalize into a stack
// buffer of this size and look the bytes up, which does not allocate.
const keySize = 32

// appendKey appends normalize(s) to dst. ASCII text, all that Track123
// sends, is normalized byte by byte; anything else goes through normalize.
func appendKey(dst []byte, s string) []byte {
	start := len(dst)
	key, ok := decode.AppendKey(dst, s, true, '_')
	if !ok {
		return append(dst, normalize(s)...)
	}
	if string(key[start:]) == "NULL" {
		return key[:start]
	}
	return key
}
