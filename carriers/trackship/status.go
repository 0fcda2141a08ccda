package trackship

import (
	"strings"

	"github.com/parcelkit/tracking"
)

// RawDeleted is the tracking_event_status TrackShip gives a shipment that
// was removed from it. It describes the tracker, not the parcel: the
// shipment's Status is unknown and Raw.Code says "deleted"; register the
// number again to resume tracking.
const RawDeleted = "deleted"

// statuses maps every documented tracking_event_status (and event status
// or status_detail, which follow EasyPost's tracker vocabulary) to the
// normalized set. The error-like values (invalid_tracking,
// carrier_unsupported, ...) are not here: they are errors, see errorKinds.
var statuses = map[string]tracking.Status{
	"pending_trackship":    tracking.StatusPending,
	"pending":              tracking.StatusPending, // plugin value, shown as "Shipped"
	"shipped":              tracking.StatusPending, // plugin value
	"unknown":              tracking.StatusUnknown,
	"pre_transit":          tracking.StatusInfoReceived,
	"in_transit":           tracking.StatusInTransit,
	"out_for_delivery":     tracking.StatusOutForDelivery,
	"available_for_pickup": tracking.StatusAvailableForPickup,
	"failure":              tracking.StatusAttemptFailed,
	"on_hold":              tracking.StatusException,
	"exception":            tracking.StatusException,
	"return_to_sender":     tracking.StatusReturnToSender,
	"delivered":            tracking.StatusDelivered,
	"label_cancelled":      tracking.StatusCancelled,
	"cancelled":            tracking.StatusCancelled, // plugin value
	"expired":              tracking.StatusExpired,
	RawDeleted:             tracking.StatusUnknown, // lifecycle of the tracker, not the parcel
}

// mapStatus returns the normalized status of a TrackShip value, refined by
// detail (an event's status_detail) when detail names a known state.
// Anything unrecognised is unknown, never in_transit.
func mapStatus(value, detail string) tracking.Status {
	if s, ok := statuses[normalize(detail)]; ok && s != tracking.StatusUnknown {
		return s
	}
	if s, ok := statuses[normalize(value)]; ok {
		return s
	}
	return tracking.StatusUnknown
}

func normalize(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
