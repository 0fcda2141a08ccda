package track123

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// The header-signed variant (Track123's Shopify app; help-centre article
// "Track123 Webhook for developer") sends the tracking at the top level,
// without the data wrapper, with title-case statuses and trackInfo events.
func TestParseWebhookAppVariant(t *testing.T) {
	got, err := ParseWebhook(readFixture(t, "webhook-app-track.json"))
	require.NoError(t, err)
	require.Len(t, got, 1)
	s := got[0]
	assert.Equal(t, "RM000000001GB", s.TrackingNumber)
	assert.Equal(t, ID, s.Carrier)
	assert.Equal(t, "royal_mail", s.Courier, "canonical courier ID")
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	assert.Equal(t, tracking.RawStatus{Code: "Delivered", SubCode: "Delivered", Text: "Your item has been delivered"}, s.Raw)
	assert.Equal(t, "https://www.royalmail.com/track-your-item#RM000000001GB", s.TrackingURL)
	assert.Equal(t, "GB", s.Destination)
	assert.Equal(t, "Your item has been delivered", s.Summary)

	utc := func(v string) time.Time {
		tm, err := time.Parse(time.DateTime, v)
		require.NoError(t, err)
		return tm
	}
	require.Len(t, s.Events, 3)
	assert.Equal(t, []time.Time{utc("2026-02-27 11:20:00"), utc("2026-02-25 07:40:00"), utc("2026-02-24 09:05:13")},
		[]time.Time{s.Events[0].Time, s.Events[1].Time, s.Events[2].Time}, "newest first, zone-less times read as UTC")
	assert.Equal(t, "2026-02-27 11:20:00", s.Events[0].LocalTime)
	assert.Equal(t, "GB,West Yorkshire,Leeds", s.Events[0].Location.City)
	require.NotNil(t, s.DeliveredAt)
	assert.Equal(t, utc("2026-02-27 11:20:00"), *s.DeliveredAt)
	require.NotNil(t, s.ShippedAt)
	assert.Equal(t, utc("2026-02-24 09:05:13"), *s.ShippedAt)
	assert.Equal(t, utc("2026-02-27 11:20:00"), s.UpdatedAt)
}

// Both shapes of the same tracking give the same normalized status.
func TestParseWebhookShapesAgree(t *testing.T) {
	for _, tc := range []struct{ api, app string }{
		{`{"data":{"trackNo":"X1","transitStatus":"IN_TRANSIT"}}`, `{"trackingNumber":"X1","transitStatus":"In Transit"}`},
		{`{"data":{"trackNo":"X1","transitStatus":"DELIVERY_FAILED"}}`, `{"trackingNumber":"X1","transitStatus":"Delivery Failed"}`},
		{`{"data":{"trackNo":"X1","transitStatus":"WAITING_DELIVERY"}}`, `{"trackingNumber":"X1","transitStatus":"Waiting Delivery","transitSubStatus":null}`},
	} {
		api, err := ParseWebhook([]byte(tc.api))
		require.NoError(t, err)
		app, err := ParseWebhook([]byte(tc.app))
		require.NoError(t, err, tc.app)
		assert.Equal(t, api[0].TrackingNumber, app[0].TrackingNumber)
		assert.Equal(t, api[0].Status, app[0].Status, tc.app)
		assert.NotEqual(t, tracking.StatusUnknown, app[0].Status)
	}
}
