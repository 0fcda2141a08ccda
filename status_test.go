package tracking_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func TestStatusesOrderAndCount(t *testing.T) {
	want := []tracking.Status{
		"unknown", "pending", "info_received", "in_transit", "out_for_delivery",
		"available_for_pickup", "attempt_failed", "delivered", "exception",
		"return_to_sender", "cancelled", "expired",
	}
	got := tracking.Statuses()
	require.Len(t, got, 12)
	assert.Equal(t, want, got)

	got[0] = "changed"
	assert.Equal(t, tracking.StatusUnknown, tracking.Statuses()[0], "Statuses returns a copy")
}

func TestParseStatusEveryValue(t *testing.T) {
	for _, s := range tracking.Statuses() {
		got, err := tracking.ParseStatus(string(s))
		require.NoError(t, err, s)
		assert.Equal(t, s, got)
		assert.True(t, s.Valid(), s)
		assert.Equal(t, string(s), s.String())
	}
}

func TestParseStatusRefusesOthers(t *testing.T) {
	for _, text := range []string{"", " ", "IN_TRANSIT", "Delivered", "delivered ", " pending", "transit", "in-transit", "InTransit", "unknown\x00"} {
		got, err := tracking.ParseStatus(text)
		require.ErrorIs(t, err, tracking.ErrInvalidRequest, "%q", text)
		assert.Contains(t, err.Error(), "tracking.Statuses()", "the message says what to use instead")
		assert.Equal(t, tracking.StatusUnknown, got, "%q", text)
		assert.False(t, tracking.Status(text).Valid(), "%q", text)
	}
}

func TestStatusFinal(t *testing.T) {
	final := map[tracking.Status]bool{
		tracking.StatusDelivered: true,
		tracking.StatusCancelled: true,
		tracking.StatusExpired:   true,
	}
	for _, s := range tracking.Statuses() {
		assert.Equal(t, final[s], s.Final(), s)
	}
	assert.False(t, tracking.Status("bogus").Final())
}

func TestStatusJSONRoundTrip(t *testing.T) {
	type doc struct {
		S tracking.Status  `json:"s"`
		P *tracking.Status `json:"p"`
	}
	for _, s := range tracking.Statuses() {
		b, err := json.Marshal(doc{S: s, P: &s})
		require.NoError(t, err)
		assert.JSONEq(t, `{"s":"`+string(s)+`","p":"`+string(s)+`"}`, string(b))

		var back doc
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, s, back.S)
		require.NotNil(t, back.P)
		assert.Equal(t, s, *back.P)
	}
	var withNull doc
	require.NoError(t, json.Unmarshal([]byte(`{"s":"pending","p":null}`), &withNull))
	assert.Nil(t, withNull.P)
}

func TestStatusJSONRefusesInvalid(t *testing.T) {
	_, err := json.Marshal(tracking.Status("transit"))
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	b, err := json.Marshal(struct{ S tracking.Status }{})
	require.NoError(t, err, "the zero Status marshals")
	assert.JSONEq(t, `{"S":"unknown"}`, string(b))
	_, err = json.Marshal(tracking.Shipment{Events: []tracking.Event{{}}})
	assert.NoError(t, err, "a zero Shipment with a zero Event marshals")

	for _, body := range []string{`"transit"`, `""`, `"DELIVERED"`, `42`, `true`, `{}`, `["delivered"]`, `"delivered`} {
		var s tracking.Status
		err := json.Unmarshal([]byte(body), &s)
		assert.Error(t, err, body)
		assert.Empty(t, s, "%s leaves the status unchanged", body)
	}
	var s tracking.Status
	assert.ErrorIs(t, json.Unmarshal([]byte(`"transit"`), &s), tracking.ErrInvalidRequest)
}

func TestStatusUnmarshalNull(t *testing.T) {
	v := struct{ S tracking.Status }{S: tracking.StatusDelivered}
	if err := json.Unmarshal([]byte(`{"S":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.S != tracking.StatusDelivered {
		t.Errorf("null changed the status to %q", v.S)
	}
}
