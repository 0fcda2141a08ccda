package decode

import (
	"testing"
	"time"
)

func TestZonedTime(t *testing.T) {
	for s, want := range map[string]string{
		"2026-03-02T10:15:00+11:00": "2026-03-01T23:15:00Z",
		"2026-03-02 10:15:00 +0800": "2026-03-02T02:15:00Z",
		"2026-03-02T10:15:00Z":      "2026-03-02T10:15:00Z",
		"1772042712":                "2026-02-25T18:05:12Z",
		"2026-03-02 10:15:00":       "", // no zone: not usable
		"2026-03-02":                "",
		"soon":                      "",
	} {
		got, ok := ZonedTime(s)
		switch {
		case want == "" && ok:
			t.Errorf("ZonedTime(%q) = %s, want no usable time", s, got)
		case want != "" && (!ok || got.Format("2006-01-02T15:04:05Z07:00") != want):
			t.Errorf("ZonedTime(%q) = %s, %v; want %s", s, got, ok, want)
		}
	}
}

// daysIn counts what time.Date knows, for every month of every year a
// four-digit timestamp can name.
func TestDaysIn(t *testing.T) {
	for y := 0; y <= 9999; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysIn(m, y), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%v, %d) = %d, want %d", m, y, got, want)
			}
		}
	}
}
