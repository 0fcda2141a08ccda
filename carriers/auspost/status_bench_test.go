package auspost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// benchTexts are item and consignment status texts as the provider sends
// them: its own capitalisations, odd case and spacing, and unknown text.
var benchTexts = []struct {
	text string
	want tracking.Status
}{
	{"Delivered", tracking.StatusDelivered},
	{"Delivered in Full", tracking.StatusDelivered},
	{"In Transit", tracking.StatusInTransit},
	{"Awaiting Collection", tracking.StatusAvailableForPickup},
	{"awaiting collection", tracking.StatusAvailableForPickup},
	{"  On   BOARD\tfor Delivery ", tracking.StatusOutForDelivery},
	{"To be Re-Delivered", tracking.StatusAttemptFailed},
	{"Possible delay", tracking.StatusException},
	{"Unknown", tracking.StatusUnknown},
	{"Teleported", tracking.StatusUnknown},
}

// benchEvents are event descriptions (trimmed, as decode.go passes them):
// a whole status text, hint phrases, negations and unknown text.
var benchEvents = []struct {
	description string
	want        tracking.Status
}{
	{"Shipping information received by Australia Post", tracking.StatusInfoReceived},
	{"Received by Australia Post", tracking.StatusUnknown},
	{"Item processed at facility", tracking.StatusUnknown},
	{"In transit to next facility", tracking.StatusUnknown},
	{"In transit", tracking.StatusInTransit},
	{"With Australia Post for delivery today", tracking.StatusOutForDelivery},
	{"Onboard for delivery", tracking.StatusOutForDelivery},
	{"Attempted delivery - Carded for collection", tracking.StatusAvailableForPickup},
	{"Could not be delivered", tracking.StatusUnknown},
	{"Delivered - Left in a safe place", tracking.StatusDelivered},
}

// mapBenchStatuses maps every bench text with m as decode.go does, and
// counts the results that differ from the expected status.
func mapBenchStatuses(m mapper) (wrong int) {
	for _, tt := range benchTexts {
		if m.status(tt.text) != tt.want {
			wrong++
		}
	}
	for _, tt := range benchEvents {
		if m.eventStatus(tt.description) != tt.want {
			wrong++
		}
	}
	return wrong
}

func BenchmarkMapStatus(b *testing.B) {
	m := New().m
	carriertest.BenchMapStatus(b, func() int { return mapBenchStatuses(m) })
}

// TestMapStatusAllocs: mapping runs for every item and event, so it must
// not allocate, even for text that needs normalizing. Allocation counts
// are deterministic.
func TestMapStatusAllocs(t *testing.T) {
	m := New(WithStatusMapping(map[string]tracking.Status{"Picked up": tracking.StatusInTransit})).m
	for _, tt := range benchTexts {
		if got := m.status(tt.text); got != tt.want {
			t.Errorf("status(%q) = %q, want %q", tt.text, got, tt.want)
		}
		if got := MapStatus(tt.text); got != tt.want {
			t.Errorf("MapStatus(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	for _, tt := range benchEvents {
		if got := m.eventStatus(tt.description); got != tt.want {
			t.Errorf("eventStatus(%q) = %q, want %q", tt.description, got, tt.want)
		}
	}
	carriertest.AssertNoAllocs(t, fmt.Sprintf("mapping %d texts", len(benchTexts)+len(benchEvents)),
		func() int { return mapBenchStatuses(m) })
	carriertest.AssertNoAllocs(t, "MapStatus", func() (wrong int) {
		for _, tt := range benchTexts {
			if MapStatus(tt.text) != tt.want {
				wrong++
			}
		}
		return wrong
	})
}

// FuzzStatusKey: the allocation-free key the mappers look up is exactly
// normalize's, and contains agrees with strings.Contains on it, for any
// text.
func FuzzStatusKey(f *testing.F) {
	for _, tt := range benchTexts {
		f.Add(tt.text, "delivered")
	}
	for _, tt := range benchEvents {
		f.Add(tt.description, "for delivery")
	}
	for _, s := range []string{"\t On \n\v\f\rBoard ", "DELİVERED", "Délivré", "a\u00a0b\u0085c", "\x00\xff", ""} {
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, s, sub string) {
		key := appendKey([]byte("x"), s)
		if got, want := string(key), "x"+normalize(s); got != want {
			t.Fatalf("appendKey(%q) = %q, want %q", s, got, want)
		}
		if got, want := contains(key, sub), strings.Contains(string(key), sub); got != want {
			t.Fatalf("contains(%q, %q) = %v, want %v", key, sub, got, want)
		}
	})
}
