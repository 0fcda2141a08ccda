package tracktry

import (
	"fmt"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchStatuses are status / substatus pairs as trackings and their
// checkpoints carry them: substatuses that refine their status
// (exception008 is cancelled), the spaced spelling the docs print, and
// unknown values.
var benchStatuses = []struct {
	status, substatus string
	want              tracking.Status
}{
	{"notfound", "notfound001", tracking.StatusInfoReceived},
	{"notfound", "notfound002", tracking.StatusPending},
	{"transit", "transit002", tracking.StatusInTransit},
	{"transit", "", tracking.StatusInTransit},
	{"pickup", "", tracking.StatusOutForDelivery},
	{"undelivered", "undelivered003", tracking.StatusAttemptFailed},
	{"delivered", "delivered001", tracking.StatusDelivered},
	{"exception", "exception005", tracking.StatusReturnToSender},
	{"exception", "exception008", tracking.StatusCancelled},
	{"expired", "expired001", tracking.StatusExpired},
	{"not found", "not found001", tracking.StatusInfoReceived},
	{"transit", "exception008", tracking.StatusInTransit},
	{"exception", "exception099", tracking.StatusException},
	{"", "", tracking.StatusUnknown},
	{"something-new", "something-new001", tracking.StatusUnknown},
}

// mapBenchStatuses maps every benchStatuses pair as decode.go does and
// counts the results that differ from the expected status.
func mapBenchStatuses() (wrong int) {
	for _, tt := range benchStatuses {
		if mapStatus(tt.status, tt.substatus) != tt.want {
			wrong++
		}
	}
	return wrong
}

func BenchmarkMapStatus(b *testing.B) { carriertest.BenchMapStatus(b, mapBenchStatuses) }

// TestMapStatusAllocs: mapping runs for every tracking and checkpoint, so
// it must not allocate. Allocation counts are deterministic.
func TestMapStatusAllocs(t *testing.T) {
	for _, tt := range benchStatuses {
		if got := mapStatus(tt.status, tt.substatus); got != tt.want {
			t.Errorf("mapStatus(%q, %q) = %q, want %q", tt.status, tt.substatus, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d status pairs", len(benchStatuses)), mapBenchStatuses)
}

// FuzzStatusKey: the allocation-free key mapStatus looks up is exactly
// normalize's, for any text.
func FuzzStatusKey(f *testing.F) {
	for _, tt := range benchStatuses {
		f.Add(tt.status)
		f.Add(tt.substatus)
	}
	for _, s := range []string{" Not\tFound 001\n", "\v\f\r", "DELIVERED", "TRANSİT", "délivré", "a\u00a0b\u0085c", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendKey([]byte("x"), s)), "x"+normalize(s); got != want {
			t.Fatalf("appendKey(%q) = %q, want %q", s, got, want)
		}
	})
}
