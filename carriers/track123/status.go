package track123

import (
	"strings"

	"github.com/parcelkit/tracking"
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
	transit, sub = normalize(transit), normalize(sub)
	if s, ok := subStatuses[sub]; ok && (transit == "" || parentOf(sub) == transit) {
		return s
	}
	if s, ok := transitStatuses[transit]; ok {
		return s
	}
	return tracking.StatusUnknown
}

// eventStatus maps an event's sub-status, the only status events carry.
// An undocumented sub-status falls back to its prefix ("IN_TRANSIT_09"
// under IN_TRANSIT).
func eventStatus(sub string) tracking.Status {
	sub = normalize(sub)
	if s, ok := subStatuses[sub]; ok {
		return s
	}
	if s, ok := transitStatuses[parentOf(sub)]; ok {
		return s
	}
	return tracking.StatusUnknown
}

// parentOf returns the transitStatus a sub-status belongs to:
// "WAITING_DELIVERY_02" -> "WAITING_DELIVERY".
func parentOf(sub string) string {
	i := strings.LastIndexByte(sub, '_')
	if i <= 0 {
		return ""
	}
	return sub[:i]
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
