package trackship

// Tests for behaviour that mutation testing (scripts/mutation.sh) found
// unasserted: each pins one decision a changed line would get wrong.

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// An answer that does not echo the tracking number gets the one asked
// for; one that does keeps its own.
func TestDetailNumberWhenNotEchoed(t *testing.T) {
	delivered := fixture(t, "get-shipment-delivered.json")
	notEchoed := bytes.Replace(delivered, []byte(`"tracking_number": "9200000000000000000045"`), []byte(`"tracking_number": ""`), 1)
	require.NotEqual(t, delivered, notEchoed, "the fixture holds the number where the test removes it")
	for _, tc := range []struct {
		name string
		body []byte
		want string
	}{
		{"echoed", delivered, "9200000000000000000045"},
		{"not echoed", notEchoed, "9200000000000000000099"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := mocked(t)
			mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", httpmock.NewBytesResponder(200, tc.body))
			s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "9200000000000000000099", Courier: "usps"}, mockCred)
			require.NoError(t, err)
			assert.Equal(t, tc.want, s.TrackingNumber)
		})
	}
}

// WithLocation reaches the decoder: TrackShip's zone-less times are read
// in the given zone (UTC without it).
func TestWithLocationApplied(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	for _, tc := range []struct {
		opts []Option
		want time.Time
	}{
		{nil, at("2026-02-12 14:03:00")},
		{[]Option{WithLocation(la)}, at("2026-02-12 22:03:00")},
	} {
		c, mt := mocked(t, tc.opts...)
		mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/get/", httpmock.NewBytesResponder(200, fixture(t, "get-shipment-delivered.json")))
		s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "9200000000000000000045", Courier: "usps"}, mockCred)
		require.NoError(t, err)
		assert.Equal(t, tc.want, s.Events[0].Time)
	}
}

// The courier list is fetched again once CouriersTTL has passed.
func TestCouriersExpire(t *testing.T) {
	c, mt := mocked(t)
	const listed = "GET " + mockRoot + "/v1/shipping_carriers/supported"
	mt.RegisterResponder(http.MethodGet, mockRoot+"/v1/shipping_carriers/supported", httpmock.NewBytesResponder(200, fixture(t, "supported-carriers.json")))
	for range 2 {
		_, err := c.Couriers(context.Background())
		require.NoError(t, err)
	}
	require.Equal(t, 1, mt.GetCallCountInfo()[listed], "cached")
	c.mu.Lock()
	c.couriersAt = time.Now().Add(-CouriersTTL - time.Minute)
	c.mu.Unlock()
	_, err := c.Couriers(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, mt.GetCallCountInfo()[listed], "fetched again after the TTL")
}

// ShippedAt is the oldest moving event's time, the newest event included.
func TestShippedAtNewestOnlyMoving(t *testing.T) {
	body := []byte(`{"status":"success","data":{"tracking_number":"1","tracking_provider":"usps","tracking_event_status":"in_transit",
		"events":[{"status":"in_transit","datetime":"2026-02-10 03:22:00","message":"Departed"},
		          {"status":"pre_transit","datetime":"2026-02-09 09:13:00","message":"Label created"}]}}`)
	d, err := decodeGet(ok(body), time.UTC)
	require.NoError(t, err)
	require.NotNil(t, d.Shipment.ShippedAt)
	assert.Equal(t, at("2026-02-10 03:22:00"), *d.Shipment.ShippedAt)
}

// DeliveredAt is the newest delivered event that has a time; without one,
// the answer's last event time.
func TestDeliveredAtChoice(t *testing.T) {
	data := func(events string) []byte {
		return []byte(`{"status":"success","data":{"tracking_number":"1","tracking_provider":"usps","tracking_event_status":"delivered",
			"last_event_time":"2026-02-12 09:00:00","events":[` + events + `]}}`)
	}
	for _, tc := range []struct {
		name, events, want string
	}{
		{"the newest delivered with a time", `{"status":"delivered","datetime":"2026-02-12 14:03:00"},{"status":"delivered","datetime":"2026-02-11 10:00:00"}`, "2026-02-12 14:03:00"},
		{"a newer event that is no delivery is passed over", `{"status":"in_transit","datetime":"2026-02-12 18:00:00"},{"status":"delivered","datetime":"2026-02-11 10:00:00"}`, "2026-02-11 10:00:00"},
		{"no delivered event: the last event time", ``, "2026-02-12 09:00:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := decodeGet(ok(data(tc.events)), time.UTC)
			require.NoError(t, err)
			require.NotNil(t, d.Shipment.DeliveredAt)
			assert.Equal(t, at(tc.want), *d.Shipment.DeliveredAt)
		})
	}
}

// An event's code keeps its detail when it adds something.
func TestEventCodeDetail(t *testing.T) {
	body := []byte(`{"status":"success","data":{"tracking_number":"1","tracking_provider":"usps","tracking_event_status":"in_transit","events":[
		{"status":"in_transit","status_detail":"arrived_at_facility","datetime":"2026-02-10 03:00:00"},
		{"status":"in_transit","status_detail":"in_transit","datetime":"2026-02-10 02:00:00"},
		{"status":"in_transit","datetime":"2026-02-10 01:00:00"}]}}`)
	d, err := decodeGet(ok(body), time.UTC)
	require.NoError(t, err)
	var codes []string
	for _, e := range d.Shipment.Events {
		codes = append(codes, e.Code)
	}
	assert.Equal(t, []string{"in_transit/arrived_at_facility", "in_transit", "in_transit"}, codes)
}

// A free-text error keeps its text, followed by the hint when there is one;
// a snake_case value is the code.
func TestErrorTextAndHint(t *testing.T) {
	var e tracking.APIError
	fill(&e, "Insufficient balance", "top up")
	assert.Equal(t, "Insufficient balance; top up", e.Message)
	e = tracking.APIError{}
	fill(&e, "Something odd happened", "")
	assert.Equal(t, "Something odd happened", e.Message)

	for body, want := range map[string][2]string{
		`{"status":"error","status_msg":"Something odd happened"}`: {"", "Something odd happened"},
		`{"status":"error","message":"odd_code"}`:                  {"odd_code", ""},
	} {
		e := tracking.APIError{Message: "kept"}
		decodeError(&transport.Response{StatusCode: 400, Body: []byte(body)}, &e)
		assert.Equal(t, want, [2]string{e.Code, e.Message}, body)
	}
	e = tracking.APIError{Message: "kept"}
	decodeError(&transport.Response{StatusCode: 400, Body: []byte(`{"status":"error"}`)}, &e)
	assert.Equal(t, "kept", e.Message, "an answer without text leaves the message CheckResponse made")
}

// Unregister is idempotent only for a shipment TrackShip does not hold:
// a call refused at the HTTP level, and a refusal in the body, are errors.
func TestUnregisterReportsRefusals(t *testing.T) {
	req := tracking.Request{TrackingNumber: "9200000000000000000045", Courier: "usps"}
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{"unauthorized", 401, `{"status":"error","status_msg":"Unauthorized"}`, tracking.ErrUnauthorized},
		{"refused in the body", 200, `{"status":"error","status_msg":"insufficient_balance"}`, tracking.ErrQuotaExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := mocked(t)
			mt.RegisterResponder(http.MethodPost, mockRoot+"/v1/shipment/delete", httpmock.NewStringResponder(tc.status, tc.body))
			assert.ErrorIs(t, c.Unregister(context.Background(), req, mockCred), tc.want)
		})
	}
}
