package techtrack

// Tests for behaviour that mutation testing (scripts/mutation.sh) found
// unasserted: each pins one decision a changed line would get wrong.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// A null entry in the event list is skipped, wherever it stands: the
// events after it are read.
func TestDecodeNullEventSkipped(t *testing.T) {
	events, err := defaultDecoder(nil).events([]byte(`{"events":[null,{"name":"A","dateTime":{"utc":"2026-03-01T13:00:00Z"}},null,{"name":"B"}]}`))
	require.NoError(t, err)
	var names []string
	for _, e := range events {
		names = append(names, e.Description)
	}
	assert.Equal(t, []string{"A", "B"}, names)
}

// An event hidden by the access levels is skipped, wherever it stands:
// the events after it are read.
func TestDecodeHiddenLevelSkipped(t *testing.T) {
	d := defaultDecoder(nil)
	d.levels = map[string]bool{"public": true}
	events, err := d.events([]byte(`{"events":[{"name":"HIDDEN","accessLevel":"Internal"},{"name":"A","accessLevel":"Public"}]}`))
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, "A", events[0].Description)
}

// Code keeps whichever part an event has, and is empty only when both are.
func TestJoinCode(t *testing.T) {
	for _, tc := range []struct{ category, name, want string }{
		{"", "", ""},
		{"Delivered", "", "Delivered/"},
		{"", "Scanned", "/Scanned"},
		{"InTransit", "Departed", "InTransit/Departed"},
	} {
		assert.Equal(t, tc.want, joinCode(tc.category, tc.name), "joinCode(%q, %q)", tc.category, tc.name)
	}
}

// ShippedAt is the oldest moving event's time, the newest event included:
// a shipment whose only moving event is its newest has shipped then.
func TestShippedAtNewestOnlyMoving(t *testing.T) {
	at := utc("2026-03-03T09:12:00Z")
	s := shipment("1Z9", "UPS", []tracking.Event{
		{Status: tracking.StatusInTransit, Time: at},
		{Status: tracking.StatusInfoReceived, Time: at.Add(-time.Hour)},
	})
	require.NotNil(t, s.ShippedAt)
	assert.Equal(t, at, *s.ShippedAt)
}

// DeliveredAt is the newest delivered event that has a time.
func TestDeliveredAtNewestWithTime(t *testing.T) {
	t1 := utc("2026-03-05T20:21:00Z")
	t2 := t1.Add(time.Hour)
	for _, tc := range []struct {
		events []tracking.Event
		want   time.Time
	}{
		{[]tracking.Event{{Status: tracking.StatusDelivered}, {Status: tracking.StatusDelivered, Time: t1}}, t1},
		{[]tracking.Event{{Status: tracking.StatusDelivered, Time: t2}, {Status: tracking.StatusDelivered, Time: t1}}, t2},
	} {
		s := shipment("1Z9", "UPS", tc.events)
		require.NotNil(t, s.DeliveredAt)
		assert.Equal(t, tc.want, *s.DeliveredAt)
	}
}

// A problem document's message joins the parts it has, and only those.
func TestDecodeErrorMessageParts(t *testing.T) {
	for body, want := range map[string]string{
		`{"title":"Bad Request","detail":"the number is malformed"}`: "Bad Request; the number is malformed",
		`{"detail":"the number is malformed"}`:                       "the number is malformed",
		`{"title":"Bad Request","errors":{"b":["x","y"],"a":["z"]}}`: "Bad Request; a: z; b: x y",
		`{"errors":{"trackingNumbers":["The field is required."]}}`:  "trackingNumbers: The field is required.",
	} {
		var e tracking.APIError
		decodeError(&transport.Response{StatusCode: 400, Body: []byte(body)}, &e)
		assert.Equal(t, want, e.Message, body)
	}
}
