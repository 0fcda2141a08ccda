package techtrack

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func seedAll(f *testing.F) {
	for _, n := range []string{"get-events-by-tracking-numbers.json", "assumed-error-no-default-credential.json",
		"error-unauthorized-assumed-problem-details.json", "assumed-create-tracking-request.json"} {
		f.Add(fixture(f, n))
	}
	f.Add([]byte(""))
	f.Add([]byte("<html>502</html>"))
	f.Add([]byte(`{"events":[null,{"dateTime":{"utc":12},"location":{"city":5}},{"name":"x","dateTime":{"utc":"2026-13-45T99:00:00Z"}}]}`))
}

func FuzzDecodeEvents(f *testing.F) {
	seedAll(f)
	d := defaultDecoder(map[string]tracking.Status{"Delivered": tracking.StatusDelivered, "InTransit": tracking.StatusInTransit})
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := d.events(body)
		if err != nil {
			if !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("want an error matching ErrInvalidResponse, got %T %v", err, err)
			}
			return
		}
		s := shipment("N1", "UPS", events)
		if !s.Status.Valid() {
			t.Fatalf("invalid status %q", s.Status)
		}
		for i, e := range s.Events {
			if !e.Status.Valid() {
				t.Fatalf("event %d: invalid status %q", i, e.Status)
			}
			if !e.Time.IsZero() && e.Time.Location() != time.UTC {
				t.Fatalf("event %d: time not in UTC", i)
			}
			if i > 0 && !e.Time.IsZero() && e.Time.After(s.Events[i-1].Time) {
				t.Fatalf("event %d is newer than event %d", i, i-1)
			}
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	seedAll(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{400, 401, 403, 404, 422, 429, 500} {
			err := transport.CheckResponse(ID, &transport.Response{StatusCode: status, Header: http.Header{}, Body: body}, decodeError)
			var e *tracking.APIError
			if !errors.As(err, &e) {
				t.Fatalf("HTTP %d: want a *tracking.APIError, got %T %v", status, err, err)
			}
			if !errors.Is(err, tracking.CategoryForStatus(status)) {
				t.Fatalf("HTTP %d: classified as %v", status, e.Category())
			}
		}
	})
}
