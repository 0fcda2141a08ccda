package shipengine

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/parcelkit/tracking"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func ptr[T any](v T) *T { return &v }

func TestDecodeDelivered(t *testing.T) {
	got, err := decodeShipment(fixture(t, "get-tracking-delivered.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := &tracking.Shipment{
		TrackingNumber: "794600000012",
		Carrier:        ID,
		Courier:        "fedex",
		Status:         tracking.StatusDelivered,
		Summary:        "Your parcel has been successfully delivered.",
		Raw:            tracking.RawStatus{Code: "DE", SubCode: "DELIVERED", Text: "Delivered"},
		Events: []tracking.Event{
			{
				Time: at("2026-03-05T20:21:00Z"), LocalTime: "2026-03-05T14:21:00",
				Status: tracking.StatusDelivered, Code: "DL", Description: "Delivered",
				Location: tracking.Location{City: "AUSTIN", State: "TX", PostalCode: "78701", Country: "US",
					Latitude: ptr(30.2672), Longitude: ptr(-97.7431)},
			},
			{
				Time: at("2026-03-05T13:05:00Z"), LocalTime: "2026-03-05T07:05:00",
				Status: tracking.StatusOutForDelivery, Code: "OD", Description: "On FedEx vehicle for delivery",
				Location: tracking.Location{City: "AUSTIN", State: "TX", PostalCode: "78744", Country: "US"},
			},
			{
				Time: at("2026-03-04T22:40:00Z"), LocalTime: "2026-03-04T16:40:00",
				Status: tracking.StatusInTransit, Code: "AR", Description: "At local FedEx facility",
				Location: tracking.Location{City: "AUSTIN", State: "TX", PostalCode: "78744", Country: "US"},
			},
			{
				Time: at("2026-03-03T09:12:00Z"), LocalTime: "2026-03-03T03:12:00",
				Status: tracking.StatusInTransit, Code: "DP", Description: "Departed FedEx hub",
				Location: tracking.Location{City: "MEMPHIS", State: "TN", PostalCode: "38118", Country: "US"},
			},
			{
				Time: at("2026-03-02T23:30:00Z"), LocalTime: "2026-03-02T17:30:00",
				Status: tracking.StatusInTransit, Code: "PU", Description: "Picked up",
				Location: tracking.Location{City: "MEMPHIS", State: "TN", PostalCode: "38116", Country: "US"},
			},
			{
				// Empty status_code: the detail code says more.
				Time: at("2026-03-02T15:02:11Z"), LocalTime: "2026-03-02T09:02:11",
				Status: tracking.StatusInfoReceived, Code: "OC", Description: "Shipment information sent to FedEx",
			},
		},
		ShippedAt:         ptr(at("2026-03-02T00:00:00Z")),
		EstimatedDelivery: ptr(at("2026-03-05T00:00:00Z")),
		DeliveredAt:       ptr(at("2026-03-05T20:21:00Z")),
		TrackingURL:       "https://www.fedex.com/fedextrack/?trknbr=794600000012",
		UpdatedAt:         at("2026-03-05T20:21:00Z"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delivered fixture (-want +got):\n%s", diff)
	}
	checkNormalized(t, got)
}

// TestDecodeSortsEvents feeds the delivered events oldest first: the
// result is the same, newest first.
func TestDecodeSortsEvents(t *testing.T) {
	body := fixture(t, "get-tracking-delivered.json")
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	events := raw["events"].([]any)
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	reversed, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeShipment(body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeShipment(reversed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events given oldest first (-want +got):\n%s", diff)
	}
}

func TestDecodeEqualTimesKeepProviderOrder(t *testing.T) {
	body := []byte(`{"tracking_number":"1","status_code":"IT","events":[
		{"occurred_at":"2026-03-01T10:00:00Z","event_code":"A"},
		{"occurred_at":"2026-03-02T10:00:00Z","event_code":"NEWEST"},
		{"occurred_at":"2026-03-01T10:00:00Z","event_code":"B"},
		{"occurred_at":"","event_code":"UNDATED"}]}`)
	s, err := decodeShipment(body)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, e := range s.Events {
		codes = append(codes, e.Code)
	}
	if diff := cmp.Diff([]string{"NEWEST", "A", "B", "UNDATED"}, codes); diff != "" {
		t.Errorf("event order (-want +got):\n%s", diff)
	}
}

func TestDecodeFixtures(t *testing.T) {
	for _, tc := range []struct {
		file        string
		number      string
		courier     string
		status      tracking.Status
		raw         tracking.RawStatus
		summary     string
		events      []tracking.Status
		shipped     *time.Time
		estimated   *time.Time
		delivered   *time.Time
		trackingURL bool
	}{
		{
			file: "get-tracking-unknown-nulls.json", number: "1026000000000001", courier: "fedex",
			status:  tracking.StatusUnknown,
			raw:     tracking.RawStatus{Code: "UN", Text: "Unknown"},
			summary: "Electronic information submitted by shipper",
			events:  []tracking.Status{tracking.StatusUnknown}, // status_code "" and no detail
			shipped: ptr(at("2026-02-27T07:00:00Z")), estimated: ptr(at("2026-03-09T07:00:00Z")),
		},
		{
			file: "get-tracking-quirks.json", number: "9400100000000000000019", courier: "usps", // stamps_com, in canonical form
			status:      tracking.StatusInTransit, // the unknown detail code falls back to IT
			raw:         tracking.RawStatus{Code: "IT", SubCode: "SOME_FUTURE_DETAIL_CODE", Text: "In Transit"},
			summary:     "Arrived at USPS Regional Facility",
			events:      []tracking.Status{tracking.StatusUnknown, tracking.StatusInfoReceived},
			shipped:     ptr(at("2026-03-01T00:00:00Z")),
			trackingURL: true,
		},
		{
			file: "get-tracking-sp-awaiting-collection.json", number: "1Z999AA10000000019", courier: "ups",
			status:  tracking.StatusAvailableForPickup,
			raw:     tracking.RawStatus{Code: "SP", SubCode: "AWAITING_COLLECTION_FROM_PICKUP_POINT", Text: "Delivered To Collection Location"},
			summary: "Your parcel is ready for collection at the selected pickup point.",
			events: []tracking.Status{tracking.StatusAvailableForPickup, tracking.StatusOutForDelivery,
				tracking.StatusInTransit, tracking.StatusInfoReceived},
			shipped: ptr(at("2026-03-09T16:00:00Z")), estimated: ptr(at("2026-03-11T00:00:00Z")),
			trackingURL: true,
		},
		{
			file: "get-tracking-from-label-return-to-sender.json", number: "9405500000000000000027",
			status:  tracking.StatusReturnToSender,
			raw:     tracking.RawStatus{Code: "EX", SubCode: "RETURN_TO_SENDER", Text: "Exception"},
			summary: "Your parcel is being returned to the sender due to delivery issues.",
			events: []tracking.Status{tracking.StatusReturnToSender, tracking.StatusAttemptFailed,
				tracking.StatusOutForDelivery, tracking.StatusInTransit},
			shipped: ptr(at("2026-02-16T00:00:00Z")),
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s, err := decodeShipment(fixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			checkNormalized(t, s)
			got := struct {
				Number, Courier               string
				Status                        tracking.Status
				Raw                           tracking.RawStatus
				Summary                       string
				Events                        []tracking.Status
				Shipped, Estimated, Delivered *time.Time
				HasURL                        bool
			}{s.TrackingNumber, s.Courier, s.Status, s.Raw, s.Summary, nil, s.ShippedAt, s.EstimatedDelivery, s.DeliveredAt, s.TrackingURL != ""}
			for _, e := range s.Events {
				got.Events = append(got.Events, e.Status)
			}
			want := got
			want.Number, want.Courier, want.Status, want.Raw, want.Summary = tc.number, tc.courier, tc.status, tc.raw, tc.summary
			want.Events, want.Shipped, want.Estimated, want.Delivered, want.HasURL = tc.events, tc.shipped, tc.estimated, tc.delivered, tc.trackingURL
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeQuirks(t *testing.T) {
	s, err := decodeShipment(fixture(t, "get-tracking-quirks.json"))
	if err != nil {
		t.Fatal(err)
	}
	// carrier_id "se-1234567" instead of a number, numeric
	// carrier_status_code and postal_code, "" for actual_delivery_date, a
	// zone-less occurred_at and an unknown top-level field all decode.
	want := []tracking.Event{
		{
			Time: at("2026-03-03T04:10:00Z"), LocalTime: "2026-03-02T23:10:00",
			Status: tracking.StatusUnknown, Code: "10", Description: "Arrived at USPS Regional Facility",
			Location: tracking.Location{City: "DALLAS", State: "TX", PostalCode: "75260", Country: "US"},
		},
		{
			Time:   at("2026-03-02T01:00:00Z"), // zone-less: read as UTC
			Status: tracking.StatusInfoReceived, Code: "GX", Description: "Shipping Label Created, USPS Awaiting Item",
			Location: tracking.Location{City: "PLANO", State: "TX", PostalCode: "75024", Country: "US"},
		},
	}
	if diff := cmp.Diff(want, s.Events); diff != "" {
		t.Errorf("quirks events (-want +got):\n%s", diff)
	}
	if s.DeliveredAt != nil {
		t.Errorf(`DeliveredAt = %v for actual_delivery_date "", want nil`, s.DeliveredAt)
	}
}

func TestDecodeNumericCodes(t *testing.T) {
	s, err := decodeShipment([]byte(`{"tracking_number": 12345, "status_code": "DE", "carrier_id": 3,
		"events": [{"occurred_at": "2026-03-05T20:21:00Z", "carrier_status_code": 1, "postal_code": 78756,
		"latitude": "30.5", "longitude": null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e := s.Events[0]
	if s.TrackingNumber != "12345" || e.Code != "1" || e.Location.PostalCode != "78756" ||
		e.Location.Latitude == nil || *e.Location.Latitude != 30.5 || e.Location.Longitude != nil {
		t.Errorf("numbers where strings are documented: got number %q, event %+v", s.TrackingNumber, e)
	}
}

func TestDecodeBadBodies(t *testing.T) {
	delivered := fixture(t, "get-tracking-delivered.json")
	for name, body := range map[string][]byte{
		"empty":           nil,
		"blank":           []byte("  \n"),
		"null":            []byte("null"),
		"array":           []byte("[]"),
		"empty object":    []byte("{}"),
		"html":            []byte("<html><body><h1>502 Bad Gateway</h1></body></html>"),
		"truncated":       delivered[:len(delivered)/2],
		"object number":   []byte(`{"tracking_number": {"a": 1}}`),
		"events object":   []byte(`{"tracking_number": "1", "events": {}}`),
		"latitude text":   []byte(`{"tracking_number": "1", "events": [{"latitude": "north"}]}`),
		"error envelope":  fixture(t, "error-not-found-404.json"),
		"carriers answer": fixture(t, "list-carriers-207-partial.json"),
	} {
		t.Run(name, func(t *testing.T) {
			s, err := decodeShipment(body)
			var de *tracking.DecodeError
			if s != nil || !errors.Is(err, tracking.ErrInvalidResponse) || !errors.As(err, &de) {
				t.Fatalf("got %v, %v; want a *tracking.DecodeError matching ErrInvalidResponse", s, err)
			}
			if de.Carrier != ID {
				t.Errorf("DecodeError.Carrier = %q, want %q", de.Carrier, ID)
			}
		})
	}
}

func TestParseWebhook(t *testing.T) {
	for _, tc := range []struct {
		file      string
		status    tracking.Status
		events    int
		signedBy  string
		delivered *time.Time
	}{
		{"webhook-track.json", tracking.StatusInTransit, 3, "", nil},
		{"webhook-track-v2-shipstation.json", tracking.StatusDelivered, 2, "NEIGHBOR", ptr(at("2026-03-09T18:02:00Z"))},
	} {
		t.Run(tc.file, func(t *testing.T) {
			body := fixture(t, tc.file)
			got, err := ParseWebhook(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d shipments, want 1", len(got))
			}
			s := got[0]
			checkNormalized(t, s)
			if s.Status != tc.status || len(s.Events) != tc.events || s.SignedBy != tc.signedBy ||
				!cmp.Equal(s.DeliveredAt, tc.delivered) {
				t.Errorf("got status %s, %d events, signed by %q, delivered %v; want %s, %d, %q, %v",
					s.Status, len(s.Events), s.SignedBy, s.DeliveredAt, tc.status, tc.events, tc.signedBy, tc.delivered)
			}
			// The webhook's data normalizes exactly as a GET answer would.
			var w struct{ Data json.RawMessage }
			if err := json.Unmarshal(body, &w); err != nil {
				t.Fatal(err)
			}
			viaGet, err := decodeShipment(w.Data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(viaGet, s); diff != "" {
				t.Errorf("webhook vs GET decoding (-get +webhook):\n%s", diff)
			}
		})
	}
}

func TestParseWebhookRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want error
	}{
		"other resource type": {`{"resource_type": "API_RATE", "data": {"tracking_number": "1"}}`, tracking.ErrUnsupported},
		"no resource type":    {`{"data": {"tracking_number": "1"}}`, tracking.ErrUnsupported},
		"no data":             {`{"resource_type": "API_TRACK"}`, tracking.ErrInvalidResponse},
		"no number":           {`{"resource_type": "API_TRACK", "data": {"status_code": "DE"}}`, tracking.ErrInvalidResponse},
		"data array":          {`{"resource_type": "API_TRACK", "data": []}`, tracking.ErrInvalidResponse},
		"not json":            {`resource_type=API_TRACK`, tracking.ErrInvalidResponse},
		"empty":               {``, tracking.ErrInvalidResponse},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ParseWebhook([]byte(tc.body))
			if got != nil || !errors.Is(err, tc.want) {
				t.Errorf("ParseWebhook(%s) = %v, %v; want an error matching %v", tc.body, got, err, tc.want)
			}
		})
	}
}

// checkNormalized checks what every decoded shipment promises.
func checkNormalized(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	if s.Carrier != ID || !s.Status.Valid() {
		t.Errorf("Carrier %q, Status %q", s.Carrier, s.Status)
	}
	for _, tm := range []*time.Time{s.ShippedAt, s.EstimatedDelivery, s.DeliveredAt, &s.UpdatedAt} {
		if tm != nil && !tm.IsZero() && tm.Location() != time.UTC {
			t.Errorf("time %v is not UTC", tm)
		}
	}
	for i, e := range s.Events {
		if !e.Status.Valid() || (!e.Time.IsZero() && e.Time.Location() != time.UTC) {
			t.Errorf("event %d: status %q, time %v", i, e.Status, e.Time)
		}
		if i > 0 && e.Time.After(s.Events[i-1].Time) {
			t.Errorf("event %d is newer than event %d", i, i-1)
		}
	}
}
