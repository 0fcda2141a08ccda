package track123

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func ptr(t time.Time) *time.Time { return &t }

// decodePage decodes a query answer fixture.
func decodePage(t *testing.T, name string) *queryData {
	t.Helper()
	env, err := decodeEnvelope(readFixture(t, name))
	require.NoError(t, err)
	require.Equal(t, codeSuccess, string(env.Code))
	var data queryData
	require.NoError(t, decodeData(env.Data, &data))
	return &data
}

func TestDecodeDelivered(t *testing.T) {
	data := decodePage(t, "query-response-delivered.json")
	require.Len(t, data.Accepted.Content, 1)
	got := decodeTracking(&data.Accepted.Content[0], time.UTC)

	columbus := tracking.Location{City: "COLUMBUS, OH 43215"}
	want := &Tracking{
		Shipment: &tracking.Shipment{
			TrackingNumber: "9261290000000000000017",
			Carrier:        ID,
			Courier:        "usps",
			Status:         tracking.StatusDelivered,
			Summary:        "Delivered, Left with Individual / neighbor",
			Raw:            tracking.RawStatus{Code: "DELIVERED", SubCode: "DELIVERED_04", Text: "Delivered, Left with Individual / neighbor"},
			Events: []tracking.Event{
				{Time: at("2026-02-25T18:02:44Z"), LocalTime: "2026-02-25 13:02:44", Status: tracking.StatusDelivered, Code: "DELIVERED_04",
					Description: "Delivered, Left with Individual / neighbor", Location: columbus},
				{Time: at("2026-02-25T11:10:00Z"), LocalTime: "2026-02-25 06:10:00", Status: tracking.StatusOutForDelivery, Code: "WAITING_DELIVERY_01",
					Description: "Out for Delivery", Location: columbus},
				{Time: at("2026-02-25T03:45:00Z"), LocalTime: "2026-02-24 22:45:00", Status: tracking.StatusInTransit, Code: "IN_TRANSIT_07",
					Description: "Arrived at Post Office", Location: tracking.Location{City: "COLUMBUS, OH 43207"}},
				{Time: at("2026-02-23T09:12:00Z"), LocalTime: "2026-02-23 04:12:00", Status: tracking.StatusInTransit, Code: "IN_TRANSIT_01",
					Description: "Departed USPS Regional Facility", Location: tracking.Location{City: "INDIANAPOLIS IN NETWORK DISTRIBUTION CENTER"}},
				{Time: at("2026-02-21T21:40:00Z"), LocalTime: "2026-02-21 16:40:00", Status: tracking.StatusInTransit, Code: "IN_TRANSIT_01",
					Description: "USPS in possession of item", Location: tracking.Location{City: "BROOKLYN, NY 11201"}},
				{Time: at("2026-02-21T00:03:00Z"), LocalTime: "2026-02-20 19:03:00", Status: tracking.StatusInfoReceived, Code: "INFO_RECEIVED_01",
					Description: "Shipping Label Created, USPS Awaiting Item"},
			},
			ShippedAt:         ptr(at("2026-02-21T08:00:00Z")), // zone-less, read in UTC
			EstimatedDelivery: ptr(at("2026-02-26T01:00:00Z")), // end 20:00 at -05:00
			DeliveredAt:       ptr(at("2026-02-25T18:02:44Z")), // the matching event's instant
			TrackingURL:       "https://tools.usps.com/go/TrackConfirmAction?tLabels=9261290000000000000017",
			Origin:            "US",
			Destination:       "US",
			UpdatedAt:         at("2026-02-25T18:02:44Z"),
		},
		ID:             "229255084490768384", // 18 digits, exact
		OrderNumber:    "ORD-10003",
		TrackingStatus: "001",
		CreateTime:     "2026-02-21 10:15:02",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded tracking (-want +got):\n%s", diff)
	}

	require.Len(t, data.Rejected, 1)
	assert.Equal(t, "620300000000", string(data.Rejected[0].TrackNo))
}

func TestDecodePages(t *testing.T) {
	p1 := decodePage(t, "query-response-page-1-of-2.json")
	require.Len(t, p1.Accepted.Content, 2)
	assert.Equal(t, "MjI5MjU1MDg0NDkwNzY4MzkyfDIwMjYtMDItMjAgMTM6MzA6NDU=", string(p1.Accepted.Cursor))
	assert.EqualValues(t, 2, p1.Accepted.TotalPages)

	nl := decodeTracking(&p1.Accepted.Content[0], time.UTC)
	assert.Equal(t, tracking.StatusAvailableForPickup, nl.Status)
	assert.Equal(t, "postnl-3s", nl.Courier)
	assert.Equal(t, "CN", nl.Origin)
	assert.Equal(t, "NL", nl.Destination)
	assert.Nil(t, nl.ShippedAt)
	assert.Nil(t, nl.DeliveredAt)
	assert.Equal(t, at("2026-03-04T10:20:00Z"), nl.UpdatedAt)

	yt := decodeTracking(&p1.Accepted.Content[1], time.UTC)
	assert.Equal(t, tracking.StatusReturnToSender, yt.Status)
	assert.Equal(t, tracking.RawStatus{Code: "ABNORMAL", SubCode: "ABNORMAL_07", Text: "Returned to sender: addressee unknown"}, yt.Raw)
	assert.Equal(t, tracking.StatusAttemptFailed, yt.Events[1].Status)

	p2 := decodePage(t, "query-response-page-2-of-2.json")
	require.Len(t, p2.Accepted.Content, 1)
	assert.Empty(t, string(p2.Accepted.Cursor))
	lx := decodeTracking(&p2.Accepted.Content[0], time.UTC)
	assert.Equal(t, tracking.StatusExpired, lx.Status)
	assert.Equal(t, tracking.RawStatus{Code: "EXPIRED"}, lx.Raw)
	assert.Empty(t, lx.Events)
	assert.True(t, lx.UpdatedAt.IsZero())
	assert.Equal(t, "002", lx.TrackingStatus)
	assert.False(t, lx.Stale)
	assert.NotEmpty(t, lx.Summary)
}

func TestDecodeRealtime(t *testing.T) {
	env, err := decodeEnvelope(readFixture(t, "query-realtime-response-available-for-pickup.json"))
	require.NoError(t, err)
	var data realtimeData
	require.NoError(t, decodeData(env.Data, &data))
	got := decodeTracking(data.Accepted, time.UTC)
	assert.Equal(t, tracking.StatusAvailableForPickup, got.Status)
	assert.Equal(t, "229255084490768391", got.ID)
	require.Len(t, got.Events, 5)
	for i, e := range got.Events {
		assert.Equal(t, time.UTC, e.Time.Location())
		if i > 0 {
			assert.False(t, e.Time.After(got.Events[i-1].Time), "newest first")
		}
	}
}

func TestEventTimeFallsBackToLocalTimeAndOffset(t *testing.T) {
	e := decodeEvent(&wireEvent{EventTime: "2026-02-25 13:02:44", Timezone: "-05:00", TransitSubStatus: "DELIVERED_01"})
	assert.Equal(t, at("2026-02-25T18:02:44Z"), e.Time)
	assert.Equal(t, "2026-02-25 13:02:44", e.LocalTime)

	e = decodeEvent(&wireEvent{EventTime: "2026-02-25 13:02:44", Timezone: "+08:00"})
	assert.Equal(t, at("2026-02-25T05:02:44Z"), e.Time)

	// No offset: civil time, read as UTC.
	e = decodeEvent(&wireEvent{EventTime: "2026-02-25 13:02:44"})
	assert.Equal(t, at("2026-02-25T13:02:44Z"), e.Time)

	// eventTimeZeroUTC wins over the local time.
	e = decodeEvent(&wireEvent{EventTime: "2026-02-25 13:02:44", Timezone: "+08:00", EventTimeZeroUTC: "2026-02-25T18:02:44Z"})
	assert.Equal(t, at("2026-02-25T18:02:44Z"), e.Time)

	// Garbage: no time rather than a wrong one.
	e = decodeEvent(&wireEvent{EventTime: "yesterday", Timezone: "nowhere"})
	assert.True(t, e.Time.IsZero())
}

func TestStaleTrackingStatus(t *testing.T) {
	got := decodeTracking(&wireTracking{TrackNo: "X1", TransitStatus: "IN_TRANSIT", TrackingStatus: "005"}, nil)
	assert.True(t, got.Stale)
	assert.Equal(t, tracking.StatusInTransit, got.Status)
}

func TestLocationOption(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	got := decodeTracking(&wireTracking{TrackNo: "X1", ShipTime: "2026-02-21 09:00:00"}, tokyo)
	assert.Equal(t, at("2026-02-21T00:00:00Z"), *got.ShippedAt)
}

func TestDecodeBadData(t *testing.T) {
	var data queryData
	for _, raw := range []string{"", "null", `"text"`, `{"accepted":{"content":"nope"}}`, `{"accepted":{"content":[{"id":{}}]}}`} {
		err := decodeData([]byte(raw), &data)
		require.Error(t, err, raw)
		assert.ErrorIs(t, err, tracking.ErrInvalidResponse, raw)
		var de *tracking.DecodeError
		assert.True(t, errors.As(err, &de), raw)
	}
	for _, body := range []string{"", "<html></html>", "[]", `{"msg":"no code"}`, `{"code":{}}`, `{"code":"00000"`} {
		_, err := decodeEnvelope([]byte(body))
		assert.ErrorIs(t, err, tracking.ErrInvalidResponse, body)
	}
}
