package trackship

import (
	"fmt"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchStatuses are values as decode.go maps them: a shipment's
// tracking_event_status alone, and an event's status refined by its
// status_detail, with unknown values.
var benchStatuses = []struct {
	value, detail string
	want          tracking.Status
}{
	{"pending_trackship", "", tracking.StatusPending},
	{"pre_transit", "", tracking.StatusInfoReceived},
	{"in_transit", "", tracking.StatusInTransit},
	{"in_transit", "out_for_delivery", tracking.StatusOutForDelivery},
	{"in_transit", "arrived_at_hub", tracking.StatusInTransit},
	{"in_transit", "unknown", tracking.StatusInTransit},
	{"available_for_pickup", "", tracking.StatusAvailableForPickup},
	{"failure", "", tracking.StatusAttemptFailed},
	{"return_to_sender", "", tracking.StatusReturnToSender},
	{"delivered", "", tracking.StatusDelivered},
	{"label_cancelled", "", tracking.StatusCancelled},
	{RawDeleted, "", tracking.StatusUnknown},
	{"", "", tracking.StatusUnknown},
	{"teleported", "beamed", tracking.StatusUnknown},
}

// mapBenchStatuses maps every benchStatuses value as decode.go does and
// counts the results that differ from the expected status.
func mapBenchStatuses() (wrong int) {
	for _, tt := range benchStatuses {
		if mapStatus(tt.value, tt.detail) != tt.want {
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
		if got := mapStatus(tt.value, tt.detail); got != tt.want {
			t.Errorf("mapStatus(%q, %q) = %q, want %q", tt.value, tt.detail, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d values", len(benchStatuses)), mapBenchStatuses)
}
