package auspost

import (
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
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

// An answer is retried as a system failure only when every id failed with
// a system error: one id refused for another reason makes it final.
func TestClassifySystemErrorsOnlyWhenAll(t *testing.T) {
	ok := &http.Response{StatusCode: http.StatusOK}
	system := `{"tracking_id":"B","errors":[{"code":"` + CodeSystemError + `","name":"SYSTEM"}]}`
	invalid := `{"tracking_id":"A","errors":[{"code":"ESB-10001","name":"Invalid tracking ID"}]}`
	for body, want := range map[string]transport.Verdict{
		`{"tracking_results":[` + system + `]}`:                 transport.Retryable,
		`{"tracking_results":[` + invalid + `,` + system + `]}`: transport.Final,
		`{"tracking_results":[` + system + `,` + invalid + `]}`: transport.Final,
	} {
		if got := classify(ok, []byte(body)); got != want {
			t.Errorf("classify(%s) = %v, want %v", body, got, want)
		}
	}
}

// Of equally advanced items the first decides, so the consignment's
// status text does not depend on how many items follow.
func TestCombineFirstOfEquals(t *testing.T) {
	if got := combine([]tracking.Status{tracking.StatusInTransit, tracking.StatusInTransit, tracking.StatusDelivered}); got != 0 {
		t.Errorf("combine = %d, want 0", got)
	}
}

// DeliveredAt is the newest delivered event's time; a delivered event
// without a time gives way to the newest event that has one.
func TestDeliveredAtNeedsATime(t *testing.T) {
	t1 := time.Date(2026, 2, 27, 14, 43, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	for _, tc := range []struct {
		events []tracking.Event
		want   time.Time
	}{
		{[]tracking.Event{{Status: tracking.StatusInTransit, Time: t2}, {Status: tracking.StatusDelivered, Time: t1}}, t1},
		{[]tracking.Event{{Status: tracking.StatusDelivered}, {Status: tracking.StatusInTransit, Time: t2}}, t2},
	} {
		if got := deliveredAt(tc.events); got == nil || !got.Equal(tc.want) {
			t.Errorf("deliveredAt(%v) = %v, want %v", tc.events, got, tc.want)
		}
	}
}
