package trackship

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// typed reports whether err is nil or matches one of the category
// sentinels, as every decoder's error must.
func typed(err error) bool {
	if err == nil {
		return true
	}
	for _, s := range []error{tracking.ErrInvalidResponse, tracking.ErrNotFound, tracking.ErrInvalidRequest,
		tracking.ErrUnauthorized, tracking.ErrQuotaExceeded, tracking.ErrUnsupported, tracking.ErrUnavailable} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func seedAll(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(fixture(f, n))
	}
	f.Add([]byte(""))
	f.Add([]byte("<html>502</html>"))
	f.Add([]byte(`{"status":"success","data":{"tracking_number":1,"events":[{"datetime":7,"tracking_location":null}]}}`))
}

var allFixtures = []string{
	"get-shipment-delivered.json", "get-shipment-in-transit.json", "error-get-not-found.json",
	"create-shipment-response.json", "error-carrier-unsupported.json", "error-insufficient-balance.json",
	"error-order-id-not-found-400.json", "error-unauthorized-401.json", "webhook-track.json",
}

func FuzzDecodeGet(f *testing.F) {
	seedAll(f, allFixtures...)
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := decodeGet(&transport.Response{StatusCode: http.StatusOK, Body: body}, nil)
		if !typed(err) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if err == nil {
			checkShipment(t, d.Shipment)
		}
	})
}

func FuzzDecodeCreate(f *testing.F) {
	seedAll(f, allFixtures...)
	f.Fuzz(func(t *testing.T, body []byte) {
		if err := decodeCreate(&transport.Response{StatusCode: http.StatusOK, Body: body}); !typed(err) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	seedAll(f, allFixtures...)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{400, 401, 404, 500} {
			err := transport.CheckResponse(ID, &transport.Response{StatusCode: status, Body: body}, decodeError)
			var e *tracking.APIError
			if !errors.As(err, &e) || !typed(err) {
				t.Fatalf("HTTP %d: want a typed *tracking.APIError, got %T %v", status, err, err)
			}
		}
	})
}

func FuzzParseWebhook(f *testing.F) {
	seedAll(f, allFixtures...)
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := ParseWebhook(body)
		if !typed(err) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if err == nil {
			if len(got) != 1 {
				t.Fatalf("want one shipment, got %d", len(got))
			}
			checkShipment(t, got[0])
			if got[0].TrackingNumber == "" {
				t.Fatal("a webhook shipment without a tracking number")
			}
		}
	})
}

func FuzzDecodeCouriers(f *testing.F) {
	seedAll(f, "supported-carriers.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		if _, err := decodeCouriers(body); !typed(err) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}

// checkShipment asserts the model's promises on any decoded shipment.
func checkShipment(t *testing.T, s *tracking.Shipment) {
	t.Helper()
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
		if i > 0 && !e.Time.IsZero() && !s.Events[i-1].Time.IsZero() && e.Time.After(s.Events[i-1].Time) {
			t.Fatalf("event %d is newer than event %d", i, i-1)
		}
	}
}
