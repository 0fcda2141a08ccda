package shipengine

import (
	"fmt"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchStatuses are status_code / status_detail_code pairs as shipments
// and events carry them: detail codes that decide, refine (AC with
// SHIPMENT_CREATED) or defer to the status code, and unknown values.
var benchStatuses = []struct {
	code, detail string
	want         tracking.Status
}{
	{"AC", "SHIPMENT_CREATED", tracking.StatusInfoReceived},
	{"AC", "PICKED_UP", tracking.StatusInTransit},
	{"IT", "HUB_SCAN_OUT", tracking.StatusInTransit},
	{"IT", "RECEIVED_LOCAL_DELIVERY_DEPOT", tracking.StatusInTransit},
	{"IT", "OUT_FOR_DELIVERY", tracking.StatusOutForDelivery},
	{"IT", "INFORMATION", tracking.StatusInTransit},
	{"AT", "CUSTOMER_CARDED", tracking.StatusAttemptFailed},
	{"SP", "AWAITING_COLLECTION_FROM_PICKUP_POINT", tracking.StatusAvailableForPickup},
	{"DE", "DELIVERED_TO_NEIGHBOUR", tracking.StatusDelivered},
	{"EX", "RETURN_TO_SENDER", tracking.StatusReturnToSender},
	{"EX", "CANCELLED", tracking.StatusCancelled},
	{"IT", "SOME_FUTURE_DETAIL_CODE", tracking.StatusInTransit},
	{"UN", "", tracking.StatusUnknown},
	{"", "", tracking.StatusUnknown},
	{"ZZ", "TELEPORTED", tracking.StatusUnknown},
}

// mapBenchStatuses maps every benchStatuses pair as decode.go does and
// counts the results that differ from the expected status.
func mapBenchStatuses() (wrong int) {
	for _, tt := range benchStatuses {
		if mapStatus(tt.code, tt.detail) != tt.want {
			wrong++
		}
	}
	return wrong
}

func BenchmarkMapStatus(b *testing.B) { carriertest.BenchMapStatus(b, mapBenchStatuses) }

// TestMapStatusAllocs: mapping runs for every shipment and event, so it
// must not allocate. Allocation counts are deterministic.
func TestMapStatusAllocs(t *testing.T) {
	for _, tt := range benchStatuses {
		if got := mapStatus(tt.code, tt.detail); got != tt.want {
			t.Errorf("mapStatus(%q, %q) = %q, want %q", tt.code, tt.detail, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d status pairs", len(benchStatuses)), mapBenchStatuses)
}
