package auspost

import (
	"testing"

	"github.com/parcelkit/tracking"
)

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

// A known code's hint follows the provider's text after "; ", or stands
// alone when the provider gave no text.
func TestErrorHintJoined(t *testing.T) {
	hint := errorCodes[CodeMixedAPAndST].hint
	for _, tc := range []struct {
		item errorItem
		want string
	}{
		{errorItem{Code: CodeMixedAPAndST, Name: "MIXED"}, "MIXED; " + hint},
		{errorItem{Code: CodeMixedAPAndST}, hint},
	} {
		var e tracking.APIError
		fill(&e, tc.item)
		if e.Message != tc.want {
			t.Errorf("fill(%+v): Message = %q, want %q", tc.item, e.Message, tc.want)
		}
	}
}
