package shipengine

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
)

var trackingFixtures = []string{
	"get-tracking-delivered.json",
	"get-tracking-unknown-nulls.json",
	"get-tracking-quirks.json",
	"get-tracking-sp-awaiting-collection.json",
	"get-tracking-from-label-return-to-sender.json",
}

var errorFixtures = []string{
	"error-invalid-tracking-number-400.json",
	"error-not-found-404.json",
	"error-rate-limited-429.json",
	"error-tracking-not-supported-400.json",
	"error-unauthorized-401.json",
	"error-webhook-conflict-409.json",
}

func FuzzDecodeShipment(f *testing.F) {
	for _, name := range trackingFixtures {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"tracking_number": 1, "events": [{"occurred_at": "2026-03-02T01:00:00", "latitude": "1"}]}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := decodeShipment(body)
		if err != nil {
			if s != nil || !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("got %v, %v; want only an error matching ErrInvalidResponse", s, err)
			}
			return
		}
		checkFuzzedShipment(t, s)
	})
}

func FuzzParseWebhook(f *testing.F) {
	f.Add(fixture(f, "webhook-track.json"))
	f.Add(fixture(f, "webhook-track-v2-shipstation.json"))
	f.Add([]byte(`{"resource_type": "API_TRACK", "data": null}`))
	f.Add([]byte(`{"resource_type": "BATCH", "data": {}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := ParseWebhook(body)
		if err != nil {
			if got != nil || !(errors.Is(err, tracking.ErrInvalidResponse) || errors.Is(err, tracking.ErrUnsupported)) {
				t.Fatalf("got %v, %v; want only an error matching ErrInvalidResponse or ErrUnsupported", got, err)
			}
			return
		}
		if len(got) != 1 || got[0] == nil {
			t.Fatalf("got %v, want one shipment", got)
		}
		checkFuzzedShipment(t, got[0])
	})
}

func FuzzDecodeError(f *testing.F) {
	statuses := []int{400, 404, 429, 401, 409, 400}
	for i, name := range errorFixtures {
		f.Add(statuses[i], fixture(f, name))
	}
	f.Add(500, []byte(`<html><body>oops</body></html>`))
	f.Add(207, fixture(f, "list-carriers-207-partial.json"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			status = 400 + (status%200+200)%200
		}
		e := decoded(status, http.Header{}, body)
		known := false
		for _, kind := range []error{tracking.ErrNotFound, tracking.ErrUnauthorized, tracking.ErrRateLimited,
			tracking.ErrInvalidRequest, tracking.ErrQuotaExceeded, tracking.ErrUnavailable, tracking.ErrUnsupported} {
			known = known || errors.Is(e, kind)
		}
		if !known {
			t.Fatalf("HTTP %d gave category %v", status, e.Category())
		}
		if len(e.Message) > 256+len("…") {
			t.Fatalf("message of %d bytes", len(e.Message))
		}
		_ = e.Error()
		_ = classify(&http.Response{StatusCode: status}, body)
	})
}

func FuzzDecodeCarriers(f *testing.F) {
	f.Add(fixture(f, "list-carriers-207-partial.json"))
	f.Add([]byte(`{"carriers": []}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := decodeCarriers(body, http.StatusMultiStatus)
		var partial *PartialError
		if err != nil && !errors.Is(err, tracking.ErrInvalidResponse) && !errors.As(err, &partial) {
			t.Fatalf("got %v; want a *PartialError or an error matching ErrInvalidResponse", err)
		}
	})
}

func checkFuzzedShipment(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	if s.TrackingNumber == "" || s.Carrier != ID || !s.Status.Valid() {
		t.Fatalf("shipment %+v", s)
	}
	for _, tm := range []*time.Time{s.ShippedAt, s.EstimatedDelivery, s.DeliveredAt, &s.UpdatedAt} {
		if tm != nil && !tm.IsZero() && tm.Location() != time.UTC {
			t.Fatalf("time %v not in UTC", tm)
		}
	}
	for i, e := range s.Events {
		if !e.Status.Valid() || (!e.Time.IsZero() && e.Time.Location() != time.UTC) {
			t.Fatalf("event %d: %+v", i, e)
		}
		if i > 0 && !e.Time.IsZero() && (s.Events[i-1].Time.IsZero() || e.Time.After(s.Events[i-1].Time)) {
			t.Fatalf("events not newest first at %d", i)
		}
	}
}
