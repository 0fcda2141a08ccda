package track123

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking"
)

// TestMapStatusEveryDocumentedValue walks every transitStatus and
// transitSubStatus in Track123's documentation.
func TestMapStatusEveryDocumentedValue(t *testing.T) {
	tests := []struct {
		transit, sub string
		want         tracking.Status
	}{
		// transitStatus alone (INIT, NO_RECORD and EXPIRED have no sub-status).
		{"INIT", "", tracking.StatusPending},
		{"NO_RECORD", "", tracking.StatusPending},
		{"INFO_RECEIVED", "", tracking.StatusInfoReceived},
		{"IN_TRANSIT", "", tracking.StatusInTransit},
		{"WAITING_DELIVERY", "", tracking.StatusOutForDelivery},
		{"DELIVERY_FAILED", "", tracking.StatusAttemptFailed},
		{"ABNORMAL", "", tracking.StatusException},
		{"DELIVERED", "", tracking.StatusDelivered},
		{"EXPIRED", "", tracking.StatusExpired},
		{"EXPIRED", "null", tracking.StatusExpired},

		// Every sub-status under its own transitStatus.
		{"INFO_RECEIVED", "INFO_RECEIVED_01", tracking.StatusInfoReceived},
		{"IN_TRANSIT", "IN_TRANSIT_01", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_02", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_03", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_04", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_05", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_06", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_07", tracking.StatusInTransit},
		{"IN_TRANSIT", "IN_TRANSIT_08", tracking.StatusInTransit},
		{"WAITING_DELIVERY", "WAITING_DELIVERY_01", tracking.StatusOutForDelivery},
		{"WAITING_DELIVERY", "WAITING_DELIVERY_02", tracking.StatusAvailableForPickup},
		{"WAITING_DELIVERY", "WAITING_DELIVERY_03", tracking.StatusAttemptFailed},
		{"DELIVERED", "DELIVERED_01", tracking.StatusDelivered},
		{"DELIVERED", "DELIVERED_02", tracking.StatusDelivered},
		{"DELIVERED", "DELIVERED_03", tracking.StatusDelivered},
		{"DELIVERED", "DELIVERED_04", tracking.StatusDelivered},
		{"DELIVERY_FAILED", "DELIVERY_FAILED_01", tracking.StatusAttemptFailed},
		{"DELIVERY_FAILED", "DELIVERY_FAILED_02", tracking.StatusAttemptFailed},
		{"DELIVERY_FAILED", "DELIVERY_FAILED_03", tracking.StatusAttemptFailed},
		{"DELIVERY_FAILED", "DELIVERY_FAILED_04", tracking.StatusAttemptFailed},
		{"ABNORMAL", "ABNORMAL_01", tracking.StatusException},
		{"ABNORMAL", "ABNORMAL_02", tracking.StatusException},
		{"ABNORMAL", "ABNORMAL_03", tracking.StatusException},
		{"ABNORMAL", "ABNORMAL_04", tracking.StatusCancelled},
		{"ABNORMAL", "ABNORMAL_05", tracking.StatusException},
		{"ABNORMAL", "ABNORMAL_06", tracking.StatusReturnToSender},
		{"ABNORMAL", "ABNORMAL_07", tracking.StatusReturnToSender},
		{"ABNORMAL", "ABNORMAL_08", tracking.StatusException},

		// An unknown sub-status falls back to transitStatus.
		{"ABNORMAL", "ABNORMAL_99", tracking.StatusException},
		{"IN_TRANSIT", "SOMETHING_NEW", tracking.StatusInTransit},
		// A sub-status under another transitStatus is stale: transitStatus wins.
		{"IN_TRANSIT", "DELIVERED_01", tracking.StatusInTransit},
		{"DELIVERED", "WAITING_DELIVERY_02", tracking.StatusDelivered},
		// No transitStatus: a known sub-status decides.
		{"", "ABNORMAL_06", tracking.StatusReturnToSender},
		// Shopify-app title case.
		{"Delivered", "", tracking.StatusDelivered},
		{"In Transit", "", tracking.StatusInTransit},
		{" waiting_delivery ", "waiting_delivery_02", tracking.StatusAvailableForPickup},

		// Unknown, empty and null values are unknown, never in_transit.
		{"", "", tracking.StatusUnknown},
		{"null", "null", tracking.StatusUnknown},
		{"TELEPORTED", "", tracking.StatusUnknown},
		{"TELEPORTED", "TELEPORTED_01", tracking.StatusUnknown},
		{"", "IN_TRANSIT_99", tracking.StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.transit+"/"+tt.sub, func(t *testing.T) {
			assert.Equal(t, tt.want, mapStatus(tt.transit, tt.sub))
		})
	}
}

// TestEveryTableValueIsCovered keeps the tables and their documentation in
// step: every key maps to a valid status, and every sub-status belongs to
// a documented transitStatus.
func TestEveryTableValueIsCovered(t *testing.T) {
	assert.Len(t, transitStatuses, 9)
	assert.Len(t, subStatuses, 28)
	for k, s := range transitStatuses {
		assert.True(t, s.Valid(), k)
	}
	for k, s := range subStatuses {
		assert.True(t, s.Valid(), k)
		_, ok := transitStatuses[parentOf(k)]
		assert.True(t, ok, "%s has no parent transitStatus", k)
		assert.Equal(t, s, mapStatus(parentOf(k), k), k)
	}
}

func TestEventStatus(t *testing.T) {
	tests := map[string]tracking.Status{
		"WAITING_DELIVERY_02": tracking.StatusAvailableForPickup,
		"ABNORMAL_04":         tracking.StatusCancelled,
		"ABNORMAL_06":         tracking.StatusReturnToSender,
		"ABNORMAL_07":         tracking.StatusReturnToSender,
		"DELIVERED_04":        tracking.StatusDelivered,
		"IN_TRANSIT_09":       tracking.StatusInTransit, // undocumented: its prefix decides
		"":                    tracking.StatusUnknown,
		"null":                tracking.StatusUnknown,
		"NOPE":                tracking.StatusUnknown,
		"NOPE_01":             tracking.StatusUnknown,
		"_01":                 tracking.StatusUnknown,
	}
	for sub, want := range tests {
		assert.Equal(t, want, eventStatus(sub), sub)
	}
}
