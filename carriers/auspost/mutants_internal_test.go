package auspost

import "testing"

// Dates from 1970 to 2200, both years included, are read; outside them
// a date is a misread one and its Time stays zero.
func TestEventTimeYearBounds(t *testing.T) {
	for date, kept := range map[string]bool{
		"1969-12-31T23:59:59+00:00": false,
		"1970-06-01T10:00:00+10:00": true,
		"2200-06-01T10:00:00+10:00": true,
		"2201-01-01T10:00:00+10:00": false,
	} {
		if got := !eventTime(date).IsZero(); got != kept {
			t.Errorf("eventTime(%q) kept = %v, want %v", date, got, kept)
		}
	}
}
