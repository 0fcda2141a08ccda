package track123

import (
	"fmt"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchShipments are transitStatus / transitSubStatus pairs as a tracking
// carries them: sub-statuses that refine (WAITING_DELIVERY_02 is at a
// pickup point) or are stale, the Shopify app's title case, null and
// unknown values.
var benchShipments = []struct {
	transit, sub string
	want         tracking.Status
}{
	{"INFO_RECEIVED", "INFO_RECEIVED_01", tracking.StatusInfoReceived},
	{"IN_TRANSIT", "IN_TRANSIT_03", tracking.StatusInTransit},
	{"WAITING_DELIVERY", "WAITING_DELIVERY_01", tracking.StatusOutForDelivery},
	{"WAITING_DELIVERY", "WAITING_DELIVERY_02", tracking.StatusAvailableForPickup},
	{"DELIVERED", "DELIVERED_01", tracking.StatusDelivered},
	{"ABNORMAL", "ABNORMAL_04", tracking.StatusCancelled},
	{"ABNORMAL", "ABNORMAL_06", tracking.StatusReturnToSender},
	{"INIT", "", tracking.StatusPending},
	{"EXPIRED", "null", tracking.StatusExpired},
	{"IN_TRANSIT", "DELIVERED_01", tracking.StatusInTransit},
	{"Delivered", "", tracking.StatusDelivered},
	{"In Transit", "", tracking.StatusInTransit},
	{"TELEPORTED", "TELEPORTED_01", tracking.StatusUnknown},
}

// benchEvents are event transitSubStatus values, an undocumented one
// falling back to its prefix, and unknown ones.
var benchEvents = []struct {
	sub  string
	want tracking.Status
}{
	{"IN_TRANSIT_01", tracking.StatusInTransit},
	{"WAITING_DELIVERY_01", tracking.StatusOutForDelivery},
	{"DELIVERY_FAILED_02", tracking.StatusAttemptFailed},
	{"DELIVERED_04", tracking.StatusDelivered},
	{"IN_TRANSIT_09", tracking.StatusInTransit},
	{"", tracking.StatusUnknown},
	{"NOPE_01", tracking.StatusUnknown},
}

// mapBenchStatuses maps every bench value as decode.go does and counts
// the results that differ from the expected status.
func mapBenchStatuses() (wrong int) {
	for _, tt := range benchShipments {
		if mapStatus(tt.transit, tt.sub) != tt.want {
			wrong++
		}
	}
	for _, tt := range benchEvents {
		if eventStatus(tt.sub) != tt.want {
			wrong++
		}
	}
	return wrong
}

func BenchmarkMapStatus(b *testing.B) { carriertest.BenchMapStatus(b, mapBenchStatuses) }

// TestMapStatusAllocs: mapping runs for every tracking and event, so it
// must not allocate. Allocation counts are deterministic.
func TestMapStatusAllocs(t *testing.T) {
	for _, tt := range benchShipments {
		if got := mapStatus(tt.transit, tt.sub); got != tt.want {
			t.Errorf("mapStatus(%q, %q) = %q, want %q", tt.transit, tt.sub, got, tt.want)
		}
	}
	for _, tt := range benchEvents {
		if got := eventStatus(tt.sub); got != tt.want {
			t.Errorf("eventStatus(%q) = %q, want %q", tt.sub, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d values", len(benchShipments)+len(benchEvents)), mapBenchStatuses)
}

// FuzzStatusKey: the allocation-free key the mappers look up is exactly
// normalize's, for any text.
func FuzzStatusKey(f *testing.F) {
	for _, tt := range benchShipments {
		f.Add(tt.transit)
		f.Add(tt.sub)
	}
	for _, s := range []string{" null ", "NuLl", "nu ll", "\tin\n\v transit\f\r", "_01", "IN_TRANSIT_", "ınıt", "délivré", "a\u00a0b", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendKey([]byte("x"), s)), "x"+normalize(s); got != want {
			t.Fatalf("appendKey(%q) = %q, want %q", s, got, want)
		}
	})
}
