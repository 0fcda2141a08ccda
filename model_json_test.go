package tracking_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func fullShipment() tracking.Shipment {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return v.UTC()
	}
	ptr := func(t time.Time) *time.Time { return &t }
	lat, lon := -33.8688, 151.2093
	return tracking.Shipment{
		TrackingNumber: "1Z999AA10123456784", Carrier: "shipengine", Courier: "ups",
		Status: tracking.StatusDelivered, Summary: "Delivered, front door",
		Raw: tracking.RawStatus{Code: "DE", SubCode: "01", Text: "Delivered"},
		Events: []tracking.Event{
			{Time: at("2026-11-30T14:05:06.123Z"), LocalTime: "2026-12-01 01:05:06", Status: tracking.StatusDelivered,
				Code: "DE", Description: "Delivered", Location: tracking.Location{City: "Sydney", State: "NSW",
					PostalCode: "2000", Country: "AU", Latitude: &lat, Longitude: &lon}},
			{Time: at("2026-11-29T08:00:00Z"), Status: tracking.StatusInTransit, Location: tracking.Location{Country: "US"}},
			{Status: tracking.StatusException, Description: "no time given"},
		},
		ShippedAt:         ptr(at("2026-11-27T10:00:00Z")),
		EstimatedDelivery: ptr(at("2026-11-30T00:00:00Z")),
		DeliveredAt:       ptr(at("2026-11-30T14:05:06.123Z")),
		SignedBy:          "J. SMITH", TrackingURL: "https://example.com/t/1Z", Origin: "US", Destination: "AU",
		UpdatedAt: at("2026-11-30T14:06:00Z"),
	}
}

// TestShipmentJSONRoundTrip: the model reads back from its JSON as it was.
func TestShipmentJSONRoundTrip(t *testing.T) {
	for name, s := range map[string]tracking.Shipment{
		"full":    fullShipment(),
		"minimal": {TrackingNumber: "N", Carrier: "acme", Status: tracking.StatusPending},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(s)
			require.NoError(t, err)
			var got tracking.Shipment
			require.NoError(t, json.Unmarshal(b, &got))
			if diff := cmp.Diff(s, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
			}
		})
	}
}

// TestShipmentJSONNames: snake_case keys, the status by name, empty values
// left out.
func TestShipmentJSONNames(t *testing.T) {
	b, err := json.Marshal(fullShipment())
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"tracking_number": "1Z999AA10123456784", "carrier": "shipengine", "courier": "ups",
		"status": "delivered", "summary": "Delivered, front door",
		"raw": {"code": "DE", "sub_code": "01", "text": "Delivered"},
		"events": [
			{"time": "2026-11-30T14:05:06.123Z", "local_time": "2026-12-01 01:05:06", "status": "delivered",
			 "code": "DE", "description": "Delivered", "location": {"city": "Sydney", "state": "NSW",
			 "postal_code": "2000", "country": "AU", "latitude": -33.8688, "longitude": 151.2093}},
			{"time": "2026-11-29T08:00:00Z", "status": "in_transit", "location": {"country": "US"}},
			{"status": "exception", "description": "no time given"}
		],
		"shipped_at": "2026-11-27T10:00:00Z", "estimated_delivery": "2026-11-30T00:00:00Z",
		"delivered_at": "2026-11-30T14:05:06.123Z",
		"signed_by": "J. SMITH", "tracking_url": "https://example.com/t/1Z", "origin": "US", "destination": "AU",
		"updated_at": "2026-11-30T14:06:00Z"
	}`, string(b))

	b, err = json.Marshal(tracking.Shipment{TrackingNumber: "N", Carrier: "acme"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"tracking_number": "N", "carrier": "acme", "status": "unknown"}`, string(b),
		"the zero status is written as unknown, which is what it means")
}
