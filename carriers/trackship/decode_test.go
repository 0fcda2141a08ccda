package trackship

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// at reads a TrackShip timestamp as UTC.
func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func ok(body []byte) *transport.Response {
	return &transport.Response{StatusCode: http.StatusOK, Body: body}
}

func usps(city, state, zip string) tracking.Location {
	return tracking.Location{City: city, State: state, PostalCode: zip}
}

func TestDecodeGetDelivered(t *testing.T) {
	d, err := decodeGet(ok(fixture(t, "get-shipment-delivered.json")), time.UTC)
	require.NoError(t, err)
	want := &Detail{
		Shipment: &tracking.Shipment{
			TrackingNumber: "9200000000000000000045",
			Carrier:        ID,
			Courier:        "usps",
			Status:         tracking.StatusDelivered,
			Summary:        "Delivered, In/At Mailbox - SEATTLE, WA",
			Raw:            tracking.RawStatus{Code: "delivered"},
			Events: []tracking.Event{
				{Time: at("2026-02-12 14:03:00"), LocalTime: "2026-02-12 14:03:00", Status: tracking.StatusDelivered, Code: "delivered",
					Description: "Delivered, In/At Mailbox - SEATTLE, WA", Location: usps("SEATTLE", "WA", "98101")},
				{Time: at("2026-02-12 07:55:00"), LocalTime: "2026-02-12 07:55:00", Status: tracking.StatusOutForDelivery, Code: "out_for_delivery",
					Description: "Out for Delivery - SEATTLE, WA", Location: usps("SEATTLE", "WA", "98101")},
				{Time: at("2026-02-10 03:22:00"), LocalTime: "2026-02-10 03:22:00", Status: tracking.StatusInTransit, Code: "in_transit",
					Description: "Departed USPS Regional Facility - SANTA CLARITA CA DISTRIBUTION CENTER", Location: usps("SANTA CLARITA", "CA", "")},
				{Time: at("2026-02-09 17:40:00"), LocalTime: "2026-02-09 17:40:00", Status: tracking.StatusInTransit, Code: "in_transit",
					Description: "USPS in possession of item - LOS ANGELES, CA", Location: usps("LOS ANGELES", "CA", "90045")},
				{Time: at("2026-02-09 09:13:00"), LocalTime: "2026-02-09 09:13:00", Status: tracking.StatusInfoReceived, Code: "pre_transit",
					Description: "Shipping Label Created, USPS Awaiting Item - LOS ANGELES, CA", Location: usps("LOS ANGELES", "CA", "90045")},
			},
			ShippedAt:         ptr(at("2026-02-09 17:40:00")),
			EstimatedDelivery: ptr(at("2026-02-12 00:00:00")),
			DeliveredAt:       ptr(at("2026-02-12 14:03:00")),
			Destination:       "US",
			UpdatedAt:         at("2026-02-12 14:03:00"),
		},
		OrderID:             "1043",
		ShippingService:     "Priority Mail<SUP>&reg;</SUP>",
		ShippingServiceText: "Priority Mail®",
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("decodeGet mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeGetInTransit(t *testing.T) {
	d, err := decodeGet(ok(fixture(t, "get-shipment-in-transit.json")), time.UTC)
	require.NoError(t, err)
	s := d.Shipment
	assert.Equal(t, tracking.StatusInTransit, s.Status)
	assert.Nil(t, s.EstimatedDelivery, "null ETA")
	assert.Nil(t, s.DeliveredAt)
	assert.Empty(t, s.Destination, `"" destination`)
	assert.Empty(t, s.Origin, "null origin")
	require.Len(t, s.Events, 2)
	assert.Equal(t, at("2026-03-02 10:38:00"), s.Events[0].Time, "newest first")
	assert.Equal(t, "Ground Advantage™", d.ShippingServiceText)
	assert.Equal(t, "24", d.OrderID)
}

// TestDecodeGetLocation reads the zone-less times in a caller's zone.
func TestDecodeGetLocation(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	d, err := decodeGet(ok(fixture(t, "get-shipment-delivered.json")), la)
	require.NoError(t, err)
	first := d.Shipment.Events[0]
	assert.Equal(t, at("2026-02-12 22:03:00"), first.Time, "14:03 PST is 22:03 UTC")
	assert.Equal(t, time.UTC, first.Time.Location())
	assert.Equal(t, "2026-02-12 14:03:00", first.LocalTime)
}

func TestParseWebhook(t *testing.T) {
	body := fixture(t, "webhook-track.json")
	got, err := ParseWebhook(body)
	require.NoError(t, err)
	require.Len(t, got, 1)
	s := got[0]
	assert.Equal(t, "9405500000000000000069", s.TrackingNumber)
	assert.Equal(t, tracking.StatusOutForDelivery, s.Status)
	assert.Equal(t, at("2026-03-04 07:49:12"), s.UpdatedAt, "updated_at wins over last_event_time")
	require.Len(t, s.Events, 3)
	assert.Equal(t, "Out for Delivery - MAGNA, UT", s.Events[0].Description)
	assert.Equal(t, tracking.StatusInfoReceived, s.Events[2].Status)
	assert.Equal(t, "US", s.Destination)
	assert.NotContains(t, fmt.Sprintf("%+v %#v", s, s), "5f2b0c0e0d0a4e7b9c1d2e3f40516273", "user_key is never kept")
}

// TestDestinationEvents accepts both names of the destination list.
func TestDestinationEvents(t *testing.T) {
	dest := `[{"message":"Arrived in destination country","status":"in_transit","datetime":"2026-03-03 05:00:00"}]`
	for _, key := range []string{"destination_events", "tracking_destination_events"} {
		t.Run(key, func(t *testing.T) {
			body := strings.Replace(string(fixture(t, "webhook-track.json")), `"tracking_destination_events": null`, `"`+key+`": `+dest, 1)
			got, err := ParseWebhook([]byte(body))
			require.NoError(t, err)
			evs := got[0].Events
			require.Len(t, evs, 4)
			assert.Equal(t, "Arrived in destination country", evs[1].Description, "merged in time order")
			for i := 1; i < len(evs); i++ {
				assert.False(t, evs[i].Time.After(evs[i-1].Time), "newest first")
			}
		})
	}
}

// TestParseWebhookBlankNumber: a delivery whose tracking_number is blank
// names no shipment, so it is refused rather than answered with an empty
// number.
func TestParseWebhookBlankNumber(t *testing.T) {
	for _, number := range []string{`""`, `"  "`, `null`} {
		got, err := ParseWebhook([]byte(`{"tracking_number":` + number + `,"tracking_event_status":"delivered"}`))
		assert.Nil(t, got, number)
		assert.ErrorIs(t, err, tracking.ErrInvalidResponse, number)
	}
}

func TestParseWebhookErrorStatus(t *testing.T) {
	body := strings.Replace(string(fixture(t, "webhook-track.json")), `"out_for_delivery",
  "tracking_est_delivery_date"`, `"carrier_unsupported",
  "tracking_est_delivery_date"`, 1)
	require.NotEqual(t, string(fixture(t, "webhook-track.json")), body)
	_, err := ParseWebhook([]byte(body))
	assert.ErrorIs(t, err, tracking.ErrUnsupported)
	assert.NotContains(t, err.Error(), "5f2b0c0e0d0a4e7b9c1d2e3f40516273")
}

func TestDecodeDeleted(t *testing.T) {
	d, err := decodeGet(ok([]byte(`{"status":"success","data":{"tracking_number":"X1","tracking_event_status":"deleted","events":null}}`)), nil)
	require.NoError(t, err)
	assert.True(t, d.Deleted)
	assert.Equal(t, tracking.StatusUnknown, d.Shipment.Status)
	assert.Equal(t, RawDeleted, d.Shipment.Raw.Code)
	assert.Equal(t, summaryDeleted, d.Shipment.Summary)
}

func TestDecodeUnknownStatus(t *testing.T) {
	body := strings.ReplaceAll(string(fixture(t, "get-shipment-in-transit.json")), `"in_transit"`, `"teleported"`)
	d, err := decodeGet(ok([]byte(body)), nil)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusUnknown, d.Shipment.Status, "never in_transit")
	assert.Equal(t, "teleported", d.Shipment.Raw.Code)
	assert.Equal(t, tracking.StatusUnknown, d.Shipment.Events[0].Status)
	assert.Equal(t, "teleported", d.Shipment.Events[0].Code)
}

// TestDecodeFixtureErrors reads every error fixture the way it arrives.
func TestDecodeFixtureErrors(t *testing.T) {
	tests := []struct {
		file     string
		status   int
		want     error
		code     string
		inMsg    string
		viaCheck bool // an HTTP error status, read by the ErrorDecoder
	}{
		{"error-carrier-unsupported.json", 200, tracking.ErrUnsupported, "carrier_unsupported", "Couriers", false},
		{"error-insufficient-balance.json", 200, tracking.ErrQuotaExceeded, "insufficient_balance", "credits", false},
		{"error-get-not-found.json", 200, tracking.ErrNotFound, "", "tracking information is not available", false},
		{"error-order-id-not-found-400.json", 400, tracking.ErrInvalidRequest, "", "Order id not found", true},
		{"error-unauthorized-401.json", 401, tracking.ErrUnauthorized, "unauthorized", "api_key", true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := &transport.Response{StatusCode: tt.status, Body: fixture(t, tt.file)}
			var err error
			if tt.viaCheck {
				err = transport.CheckResponse(ID, r, decodeError)
			} else {
				_, err = decodeGet(r, nil)
			}
			require.ErrorIs(t, err, tt.want)
			var e *tracking.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.code, e.Code)
			assert.Contains(t, e.Error(), tt.inMsg)
			assert.Equal(t, tt.status, e.StatusCode)
		})
	}
}

func TestDecodeCreate(t *testing.T) {
	require.NoError(t, decodeCreate(ok(fixture(t, "create-shipment-response.json"))))
	require.NoError(t, decodeCreate(ok([]byte(`{"status":"success"}`))))
	assert.ErrorIs(t, decodeCreate(ok([]byte(`{"status":"error","status_msg":"something new"}`))), tracking.ErrInvalidRequest)
	assert.ErrorIs(t, decodeCreate(ok([]byte(`{}`))), tracking.ErrInvalidResponse, "no verdict at all")
}

// TestBadInput: proxies' pages, empty and truncated bodies, wrong types
// give typed errors, never a panic.
func TestBadInput(t *testing.T) {
	bodies := map[string]string{
		"html page":       "<html><body>502 Bad Gateway</body></html>",
		"empty":           "",
		"spaces":          "  \n",
		"truncated":       string(fixture(t, "get-shipment-delivered.json")[:300]),
		"events a string": `{"status":"success","data":{"tracking_number":"1","events":"none"}}`,
		"data an array":   `{"status":"success","data":[]}`,
		"no data":         `{"status":"success"}`,
		"null":            `null`,
		"a number":        `42`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			_, err := decodeGet(ok([]byte(body)), nil)
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
			var de *tracking.DecodeError
			assert.ErrorAs(t, err, &de)
			if name != "no data" { // create's answer has no data
				assert.ErrorIs(t, decodeCreate(ok([]byte(body))), tracking.ErrInvalidResponse)
			}
			_, err = ParseWebhook([]byte(body))
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
		})
	}
	t.Run("html with an error status", func(t *testing.T) {
		r := &transport.Response{StatusCode: http.StatusBadGateway, Body: []byte("<html><body>nginx</body></html>")}
		err := transport.CheckResponse(ID, r, decodeError)
		assert.ErrorIs(t, err, tracking.ErrUnavailable)
		assert.Contains(t, err.Error(), "not JSON")
	})
	t.Run("404 route", func(t *testing.T) {
		r := &transport.Response{StatusCode: http.StatusNotFound, Body: []byte(`{"code":"rest_no_route"}`)}
		assert.ErrorIs(t, transport.CheckResponse(ID, r, decodeError), tracking.ErrUnsupported)
	})
}

func TestDecodeCouriers(t *testing.T) {
	got, err := decodeCouriers(fixture(t, "supported-carriers.json"))
	require.NoError(t, err)
	want := []Courier{{"ups", "UPS"}, {"usps", "USPS"}, {"fedex", "FedEx"}, {"australia-post", "Australia Post"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = decodeCouriers([]byte(`{"message":"x"}`))
	assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
}

func TestStripHTML(t *testing.T) {
	for in, want := range map[string]string{
		"Priority Mail<SUP>&reg;</SUP>":      "Priority Mail®",
		"Ground Advantage<sup>&trade;</sup>": "Ground Advantage™",
		"plain":                              "plain",
		"a <b>bold</b>  &amp; <br/>more":     "a bold & more",
		"unclosed <tag":                      "unclosed",
		"":                                   "",
	} {
		assert.Equal(t, want, stripHTML(in), in)
	}
}
