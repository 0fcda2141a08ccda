package auspost

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// seedFixtures adds every testdata file to the corpus.
func seedFixtures(f *testing.F, add func(body []byte)) {
	f.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		add(b)
	}
}

// FuzzDecodeTrack feeds the /track decoder anything: it must not panic,
// must fail only with a *tracking.DecodeError, and must produce shipments
// with valid statuses and UTC times, events newest first.
func FuzzDecodeTrack(f *testing.F) {
	seedFixtures(f, func(b []byte) { f.Add(b) })
	f.Add([]byte(`{"tracking_results":[{"tracking_id":"A","status":"  IN   transit ","trackable_items":[{"consignment_id":"A","number_of_items":"2","items":[{"article_id":"A1","status":"Delivered","events":[{"date":"2026-01-01T10:00:00","description":"x"}]}]}]}]}`))
	f.Add([]byte(`{"tracking_results":[{"tracking_id":7,"errors":["x",{"error":1}]}],"warnings":[{"code":"W"}]}`))
	f.Add([]byte(``))
	f.Add([]byte(`null`))
	m := mapper{fromText: true}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := decodeTrack(ID, body)
		if err != nil {
			var de *tracking.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("error %T %v is not a *tracking.DecodeError", err, err)
			}
			return
		}
		for i := range resp.TrackingResults {
			r := &resp.TrackingResults[i]
			if len(r.Errors) > 0 {
				if err := itemError(ID, &transport.Response{StatusCode: 200, Header: http.Header{}}, r.Errors); err == nil {
					t.Fatal("itemError returned nil")
				}
			}
			d := m.detail(ID, r, "REQ")
			checkShipment(t, d.Shipment)
			for _, it := range d.Items {
				if !it.Status.Valid() {
					t.Fatalf("item status %q", it.Status)
				}
			}
		}
	})
}

func checkShipment(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	if s.TrackingNumber == "" || s.Carrier != ID || !s.Status.Valid() {
		t.Fatalf("bad shipment %+v", s)
	}
	var prev time.Time
	for _, e := range s.Events {
		if !e.Status.Valid() {
			t.Fatalf("event status %q", e.Status)
		}
		if !e.Time.IsZero() && e.Time.Location() != time.UTC {
			t.Fatalf("event time %v not UTC", e.Time)
		}
		if !e.Time.IsZero() && !prev.IsZero() && e.Time.After(prev) {
			t.Fatalf("events not newest first")
		}
		if !e.Time.IsZero() {
			prev = e.Time
		}
	}
	if s.DeliveredAt != nil && s.DeliveredAt.Location() != time.UTC {
		t.Fatal("DeliveredAt not UTC")
	}
}

// FuzzDecodeError feeds the error decoder and the classifier any status
// and body: they must not panic, and the error must match a category.
func FuzzDecodeError(f *testing.F) {
	seedFixtures(f, func(b []byte) {
		for _, status := range []int{200, 400, 401, 429, 500} {
			f.Add(status, b)
		}
	})
	f.Add(403, []byte(`<html>Forbidden</html>`))
	f.Add(400, []byte(`{"errors":[{"code":{"a":1}}]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		r := &transport.Response{StatusCode: status, Header: http.Header{}, Body: body, Attempts: 1}
		_ = classify(&http.Response{StatusCode: status}, body)
		err := transport.CheckResponse(ID, r, decodeError)
		if status < 400 {
			if err != nil {
				t.Fatalf("HTTP %d gave %v", status, err)
			}
			return
		}
		var e *tracking.APIError
		if !errors.As(err, &e) || e.Category() == nil {
			t.Fatalf("HTTP %d: %T %v is not a categorised *tracking.APIError", status, err, err)
		}
		if len(e.Message) > 300 {
			t.Fatalf("message of %d bytes", len(e.Message))
		}
		_ = e.Error()
	})
}

// FuzzMapStatus checks that any text maps to a valid status and that
// matching ignores case and spacing.
func FuzzMapStatus(f *testing.F) {
	for k := range statuses {
		f.Add(k)
	}
	f.Add("  On   BOARD for delivery")
	f.Add("Delivered - Left in a safe place")
	f.Fuzz(func(t *testing.T, text string) {
		s := MapStatus(text)
		if !s.Valid() {
			t.Fatalf("MapStatus(%q) = %q", text, s)
		}
		if n := normalize(text); normalize(n) != n || MapStatus(n) != s {
			t.Fatalf("normalize(%q) = %q is not stable", text, n)
		}
		if e := (mapper{fromText: true}).eventStatus(text); !e.Valid() {
			t.Fatalf("eventStatus(%q) = %q", text, e)
		}
	})
}
