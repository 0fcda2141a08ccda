package soak

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// TestRetryAfterCheckCanFail shows that the gap check catches a retry
// that came too soon, and accepts one that waited.
func TestRetryAfterCheckCanFail(t *testing.T) {
	t0 := time.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	attempts := []attempt{
		// A waited out its Retry-After of 1 s.
		{number: "A", start: at(0), end: at(5), status: 429, retryAfter: time.Second, hasRetryAfter: true},
		{number: "A", start: at(1005), end: at(1010), status: 200},
		// B came back after 500 ms.
		{number: "B", start: at(0), end: at(5), status: 429, retryAfter: time.Second, hasRetryAfter: true},
		{number: "B", start: at(505), end: at(510), status: 200},
		// C came back 1 ms early: within the slack.
		{number: "C", start: at(0), end: at(5), status: 429, retryAfter: time.Second, hasRetryAfter: true},
		{number: "C", start: at(1004), end: at(1010), status: 200},
		// D's last answer was a 429: nothing follows it.
		{number: "D", start: at(0), end: at(5), status: 429, retryAfter: time.Second, hasRetryAfter: true},
		// E retried a 503 at once: no Retry-After, nothing to check.
		{number: "E", start: at(0), end: at(5), status: 503},
		{number: "E", start: at(6), end: at(9), status: 200},
	}
	checked, bad := checkRetryAfterGaps(attempts)
	if checked != 3 {
		t.Errorf("checked %d gaps, want 3", checked)
	}
	if len(bad) != 1 || bad[0].number != "B" || bad[0].gap != 500*time.Millisecond {
		t.Errorf("violations = %+v, want B's gap of 500ms", bad)
	}
}

// TestMaxInWindow checks the peak-rate count on hits recorded out of
// arrival order, and that skipped faults are left out.
func TestMaxInWindow(t *testing.T) {
	t0 := time.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	hits := []fakeprovider.Hit{
		{Time: at(900)}, {Time: at(0)}, {Time: at(999)}, {Time: at(1000)}, {Time: at(100), Fault: "drop"}, {Time: at(2500)},
	}
	if got := maxInWindow(hits, time.Second); got != 4 { // 0, 100, 900, 999
		t.Errorf("maxInWindow = %d, want 4", got)
	}
	if got := maxInWindow(hits, time.Second, "drop"); got != 3 {
		t.Errorf("maxInWindow without drops = %d, want 3", got)
	}
}

// TestRecorder checks that the recorder logs the number, status and
// Retry-After of every attempt, from a query and from a Track123 body.
func TestRecorder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	base := newBase()
	defer base.CloseIdleConnections()

	rec := newRecorder(base, numberFromQuery)
	resp, err := (&http.Client{Transport: rec}).Get(srv.URL + "/v1/tracking?carrier_code=fedex&tracking_number=N1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	rec2 := newRecorder(base, numberFromBody)
	for _, body := range []string{
		`{"trackNoInfos":[{"trackNo":"N2","courierCode":"usps"}]}`,
		`{"trackNos":["N3"]}`,
		`[{"trackNo":"N4"}]`,
	} {
		resp, err := (&http.Client{Transport: rec2}).Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	all := append(rec.all(), rec2.all()...)
	for i, want := range []string{"N1", "N2", "N3", "N4"} {
		a := all[i]
		if a.number != want || a.status != http.StatusTooManyRequests || !a.hasRetryAfter || a.retryAfter != 2*time.Second ||
			a.end.Before(a.start) {
			t.Errorf("attempt %d = %+v, want %s, 429, Retry-After 2s", i, a, want)
		}
	}
}
