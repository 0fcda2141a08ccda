package shipengine

import (
	"strings"

	"github.com/parcelkit/tracking"
)

// statusCodes maps every documented status_code. "UN", "", null and
// anything unlisted are unknown.
var statusCodes = map[string]tracking.Status{
	"UN": tracking.StatusUnknown,
	"NY": tracking.StatusPending,   // the carrier has no record yet
	"AC": tracking.StatusInTransit, // accepted; some detail codes say info_received
	"IT": tracking.StatusInTransit,
	"AT": tracking.StatusAttemptFailed,
	"DE": tracking.StatusDelivered,
	"EX": tracking.StatusException,          // returns and cancellations come as detail codes
	"SP": tracking.StatusAvailableForPickup, // at a collection point (uncertain: some read it as delivered)
}

// fromStatusCode marks detail codes that say nothing about where the
// parcel is (information, notifications): the status_code decides.
const fromStatusCode tracking.Status = ""

// detailCodes maps every documented status_detail_code: the 75 of the
// 2026 spec and the two HELD_BY_*_CUSTOMS codes of the 2025 spec. The
// spec does not tie detail codes to status codes; these choices follow
// the provider reference and are marked there where uncertain.
var detailCodes = map[string]tracking.Status{
	"CARRIER_STATUS_NOT_MAPPED":   fromStatusCode,
	"SHIPMENT_CREATED":            tracking.StatusInfoReceived,
	"AWAITING_PICKUP_DROP_OFF":    tracking.StatusInfoReceived,
	"DROPPED_OFF":                 tracking.StatusInTransit,
	"ELEC_ADVICE_RECD_BY_CARRIER": tracking.StatusInfoReceived,
	"PICKED_UP":                   tracking.StatusInTransit,
	"NOT_YET_RECEIVED_BY_CARRIER": tracking.StatusInfoReceived, // uncertain

	"CUSTOMS_CLEARED":                  tracking.StatusInTransit,
	"CUSTOMS_PROCESSING":               tracking.StatusInTransit,
	"DELIVERY_ARRANGED_WITH_RECIPIENT": tracking.StatusInTransit,
	"HUB_SCAN_OUT":                     tracking.StatusInTransit,
	"HUB_SCAN_IN":                      tracking.StatusInTransit,
	"IN_TRANSIT":                       tracking.StatusInTransit,
	"RECEIVED_BY_CARRIER":              tracking.StatusInTransit,
	"RECEIVED_LOCAL_DELIVERY_DEPOT":    tracking.StatusInTransit,
	"SUB_CONTRACTOR_RECEIVED":          tracking.StatusInTransit,
	"PARCEL_REDIRECTED":                tracking.StatusInTransit,
	"PARCEL_REDIRECTED_BY_CARRIER":     tracking.StatusInTransit,
	"DELIVERY_SCHEDULED":               tracking.StatusInTransit,
	"HUB_PROCESSING":                   tracking.StatusInTransit,
	"DELIVERY_RESCHEDULED":             tracking.StatusInTransit, // uncertain
	"RECD_BY_CARRIER_NO_ELEC_ADVICE":   tracking.StatusInTransit, // uncertain
	// Some pieces delivered: delivered is final and would stop polling
	// while the rest is still moving (uncertain).
	"DELIVERED_IN_PART": tracking.StatusInTransit,

	"INFORMATION":                fromStatusCode,
	"PARCEL_OVER_LABELLED":       fromStatusCode,
	"PARCEL_UPDATE_NOTIFICATION": fromStatusCode,
	"SUB_CONTRACTOR_EVENT":       fromStatusCode,
	"COD_AMOUNT_PAID":            fromStatusCode,
	"POST_TRANSIT_STATUS":        fromStatusCode,

	"OUT_FOR_DELIVERY": tracking.StatusOutForDelivery,

	"ATTEMPTED_DELIVERY":              tracking.StatusAttemptFailed,
	"ATTEMPTED_DELIVERY_FINAL":        tracking.StatusAttemptFailed,
	"CUSTOMER_CARDED":                 tracking.StatusAttemptFailed,
	"COD_AMOUNT_NOT_PAID":             tracking.StatusAttemptFailed,
	"CUSTOMER_IDENTIFICATION_FAILED":  tracking.StatusAttemptFailed,
	"NO_ACCESS_TO_RECIPIENTS_ADDRESS": tracking.StatusAttemptFailed,

	"AWAITING_COLLECTION_FROM_PICKUP_POINT": tracking.StatusAvailableForPickup,
	"COLLECT_AT_LOCAL_PO":                   tracking.StatusAvailableForPickup,
	"CUSTOMER_TO_COLLECT_FROM_CARRIER":      tracking.StatusAvailableForPickup,
	"DELIVERED_TO_PICKUP_POINT":             tracking.StatusAvailableForPickup, // uncertain

	"DELIVERED_TO_RECEPTION":                     tracking.StatusDelivered,
	"DELIVERED":                                  tracking.StatusDelivered,
	"DELIVERED_DAMAGED":                          tracking.StatusDelivered,
	"DELIVERED_SPECIFIED_SAFE_PLACE":             tracking.StatusDelivered,
	"DELIVERED_TO_ALTERNATIVE_DELIVERY_LOCATION": tracking.StatusDelivered, // uncertain
	"DELIVERED_TO_NEIGHBOUR":                     tracking.StatusDelivered,
	"DELIVERED_TO_PO_BOX":                        tracking.StatusDelivered,
	"PARCEL_COLLECTED_FROM_PICKUP_POINT":         tracking.StatusDelivered,
	"PROOF_OF_DELIVERY":                          tracking.StatusDelivered,

	"PICKUP_FAILED":       tracking.StatusException, // uncertain
	"PARCEL_DAMAGED":      tracking.StatusException,
	"ADDRESS_QUERY":       tracking.StatusException,
	"CARRIER_DELAYS":      tracking.StatusException, // uncertain
	"DELAYED_NOT_CARRIER": tracking.StatusException, // uncertain
	"HELD_BY_CARRIER":     tracking.StatusException,
	"HELD_BY_CARRIER_FOR_CLEARANCE_PRE_PROCESSING": tracking.StatusException,
	"HELD_BY_CUSTOMS":                      tracking.StatusException,
	"HELD_BY_EXPORT_CUSTOMS":               tracking.StatusException, // 2025 spec only
	"HELD_BY_IMPORT_CUSTOMS":               tracking.StatusException, // 2025 spec only
	"INCORRECT_DECLARATION":                tracking.StatusException,
	"MISROUTED":                            tracking.StatusException, // uncertain
	"PARCEL_REPACKED":                      tracking.StatusException, // uncertain
	"HAZARDOUS_PROHIBITED":                 tracking.StatusException,
	"NOT_DELIVERED_ADDRESSEE_DECEASED":     tracking.StatusException,
	"PARCEL_DISPOSED":                      tracking.StatusException,
	"PARCEL_LOST":                          tracking.StatusException,
	"PARCEL_OUTSIDE_OF_SERVICE_CAPABILITY": tracking.StatusException,
	"UNSPECIFIED_EXCEPTION":                tracking.StatusException,
	"DUTY_NOT_PAID":                        tracking.StatusException,

	"CUSTOMER_MOVED":                   tracking.StatusReturnToSender,
	"NOT_COLLECTED_FROM_PICKUP_POINT":  tracking.StatusReturnToSender,
	"NOT_DELIVERED":                    tracking.StatusReturnToSender,
	"REFUSED_BY_CUSTOMER":              tracking.StatusReturnToSender,
	"RETURN_TO_SENDER":                 tracking.StatusReturnToSender,
	"UNDELIVERABLE_RETURNED_TO_SENDER": tracking.StatusReturnToSender,

	"CANCELLED":        tracking.StatusCancelled,
	"TRACKING_EXPIRED": tracking.StatusExpired,
}

// mapStatus normalizes a status_code and status_detail_code pair, for a
// shipment or an event: a known detail code decides, unless it defers to
// the status code; then the status code decides; anything else is
// unknown. An unknown detail code never overrides a known status code.
func mapStatus(code, detail string) tracking.Status {
	if s, ok := lookupCode(detailCodes, detail); ok && s != fromStatusCode {
		return s
	}
	if s, ok := lookupCode(statusCodes, code); ok {
		return s
	}
	return tracking.StatusUnknown
}

// lookupCode finds code in codes, trimmed and in upper case. ShipEngine
// sends codes that way, so the code as sent is tried first, without the
// two passes that normalize it.
func lookupCode(codes map[string]tracking.Status, code string) (tracking.Status, bool) {
	if s, ok := codes[code]; ok {
		return s, true
	}
	norm := strings.ToUpper(strings.TrimSpace(code))
	if norm == code {
		return "", false // already tried: an absent detail code, usually
	}
	s, ok := codes[norm]
	return s, ok
}
