package techtrack

import (
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

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func ptr(t time.Time) *time.Time { return &t }

func defaultDecoder(categories map[string]tracking.Status) decoder {
	return decoder{fields: DefaultWire().Events, categories: newCategoryMap(categories)}
}

func fixtureEvents(unknown tracking.Status) []tracking.Event {
	return []tracking.Event{
		{Time: utc("2026-03-05T20:21:00Z"), LocalTime: "2026-03-05T14:21:00", Status: unknown, Code: "Delivered/Delivered",
			Description: "Delivered, left at front door", Location: tracking.Location{City: "Austin", State: "TX"}},
		{Time: utc("2026-03-05T13:05:00Z"), LocalTime: "2026-03-05T07:05:00", Status: unknown, Code: "InTransit/OutForDelivery",
			Description: "On vehicle for delivery", Location: tracking.Location{City: "Austin", State: "TX"}},
		{Time: utc("2026-03-03T09:12:00Z"), LocalTime: "2026-03-03T03:12:00", Status: unknown, Code: "InTransit/Departed",
			Description: "Departed carrier facility", Location: tracking.Location{City: "Memphis", State: "TN"}},
		{Time: utc("2026-03-02T15:02:11Z"), LocalTime: "2026-03-02T09:02:11", Status: unknown, Code: "InfoReceived/LabelCreated",
			Description: "Shipment information sent to carrier"},
	}
}

func TestDecodeEventsFixture(t *testing.T) {
	events, err := defaultDecoder(nil).events(fixture(t, "get-events-by-tracking-numbers.json"))
	require.NoError(t, err)
	if diff := cmp.Diff(fixtureEvents(tracking.StatusUnknown), events); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	s := shipment("1Z9", "UPS", events)
	want := &tracking.Shipment{
		TrackingNumber: "1Z9", Carrier: ID, Courier: "ups", // carrier code UPS, in canonical form
		Status:    tracking.StatusUnknown,
		Summary:   "Delivered, left at front door",
		Raw:       tracking.RawStatus{Code: "Delivered", SubCode: "Delivered", Text: "Delivered, left at front door"},
		Events:    events,
		UpdatedAt: utc("2026-03-05T20:21:00Z"),
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeEventsWithCategoryMap(t *testing.T) {
	d := defaultDecoder(map[string]tracking.Status{
		"delivered": tracking.StatusDelivered, "InTransit": tracking.StatusInTransit, "InfoReceived": tracking.StatusInfoReceived,
	})
	events, err := d.events(fixture(t, "get-events-by-tracking-numbers.json"))
	require.NoError(t, err)
	s := shipment("1Z9", "UPS", events)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	assert.Equal(t, ptr(utc("2026-03-05T20:21:00Z")), s.DeliveredAt)
	assert.Equal(t, ptr(utc("2026-03-03T09:12:00Z")), s.ShippedAt, "the oldest moving event")
	assert.Equal(t, tracking.StatusInTransit, s.Events[1].Status)
	assert.Equal(t, tracking.StatusInfoReceived, s.Events[3].Status)
}

// TestDecodeEventsOrderAndTimes: any order in, newest first out; a
// zone-less utc is UTC; a missing one leaves Time zero and the event last.
func TestDecodeEventsOrderAndTimes(t *testing.T) {
	body := `{"events":[
	  {"name":"A","dateTime":{"local":"2026-03-01T08:00:00","utc":"2026-03-01T13:00:00"}},
	  {"name":"NoTime","dateTime":null},
	  {"name":"C","dateTime":{"utc":"2026-03-03T01:00:00+02:00"}},
	  {"name":"B","dateTime":{"utc":"2026-03-02T00:00:00Z"},"location":null},
	  null
	]}`
	events, err := defaultDecoder(nil).events([]byte(body))
	require.NoError(t, err)
	var names []string
	for _, e := range events {
		names = append(names, e.Code)
		assert.True(t, e.Time.IsZero() || e.Time.Location() == time.UTC)
	}
	assert.Equal(t, []string{"/C", "/B", "/A", "/NoTime"}, names)
	assert.Equal(t, utc("2026-03-02T23:00:00Z"), events[0].Time)
	assert.Equal(t, "2026-03-03T01:00:00+02:00", events[0].LocalTime, "utc text when there is no local")
	assert.Equal(t, utc("2026-03-01T13:00:00Z"), events[2].Time, "zone-less utc read as UTC")
	assert.Equal(t, "NoTime", events[3].Description, "the name when there is no description")
}

func TestDecodeNoEventsIsPending(t *testing.T) {
	events, err := defaultDecoder(nil).events([]byte(`{"events":[]}`))
	require.NoError(t, err)
	s := shipment("1Z9", "UPS", events)
	assert.Equal(t, tracking.StatusPending, s.Status)
	assert.Equal(t, summaryPending, s.Summary)
}

func TestDecodeAccessLevels(t *testing.T) {
	d := defaultDecoder(nil)
	d.levels = map[string]bool{"public": true}
	events, err := d.events(fixture(t, "get-events-by-tracking-numbers.json"))
	require.NoError(t, err)
	assert.Len(t, events, 3, "the Internal event is hidden")
}

// TestDecodeCustomWire reads an answer whose field names differ.
func TestDecodeCustomWire(t *testing.T) {
	w := Wire{Events: EventFields{List: "items", Category: "type", DateTime: "when", UTC: "instant"}}.withDefaults()
	assert.Equal(t, "name", w.Events.Name, "unset fields keep the defaults")
	d := decoder{fields: w.Events, categories: newCategoryMap(map[string]tracking.Status{"done": tracking.StatusDelivered})}
	events, err := d.events([]byte(`{"items":[{"type":"Done","name":"x","when":{"instant":"2026-03-05T20:21:00Z"}}]}`))
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, tracking.StatusDelivered, events[0].Status)
	assert.Equal(t, utc("2026-03-05T20:21:00Z"), events[0].Time)
}

// TestBadInput: typed errors, never a panic.
func TestBadInput(t *testing.T) {
	tests := map[string]struct{ body, field string }{
		"html page":         {"<html><body>Bad Gateway</body></html>", ""},
		"empty":             {"", ""},
		"truncated":         {string(fixture(t, "get-events-by-tracking-numbers.json")[:200]), ""},
		"no events":         {`{"message":"ok"}`, "events"},
		"null events":       {`{"events":null}`, "events"},
		"events an object":  {`{"events":{}}`, "events"},
		"array at top":      {`[]`, ""},
		"null":              {`null`, "events"},
		"name an object":    {`{"events":[{"name":{}}]}`, "events[0].name"},
		"dateTime a string": {`{"events":[{"dateTime":"2026"}]}`, "events[0].dateTime"},
		"location an array": {`{"events":[{"location":[]}]}`, "events[0].location"},
		"city an array":     {`{"events":[{"location":{"city":[1]}}]}`, "events[0].city"},
		"event not object":  {`{"events":[1]}`, "events"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := defaultDecoder(nil).events([]byte(tt.body))
			require.ErrorIs(t, err, tracking.ErrInvalidResponse)
			var de *tracking.DecodeError
			require.ErrorAs(t, err, &de)
			if tt.field != "" {
				assert.Equal(t, tt.field, de.Field)
			}
		})
	}
}

func TestDecodeUnknownCategory(t *testing.T) {
	events, err := defaultDecoder(map[string]tracking.Status{"Delivered": tracking.StatusDelivered}).
		events([]byte(`{"events":[{"category":"Teleported","name":"Beam","dateTime":{"utc":"2026-03-05T20:21:00Z"}}]}`))
	require.NoError(t, err)
	s := shipment("1", "", events)
	assert.Equal(t, tracking.StatusUnknown, s.Status, "never in_transit")
	assert.Equal(t, tracking.RawStatus{Code: "Teleported", SubCode: "Beam", Text: "Beam"}, s.Raw)
}

func TestDecodeErrorBodies(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		inMsg  string
		reqID  string
	}{
		{"401 problem", 401, string(fixture(t, "error-unauthorized-assumed-problem-details.json")), tracking.ErrUnauthorized,
			"Unauthorized", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"},
		{"403 text", 403, "Forbidden", tracking.ErrUnauthorized, "Forbidden", ""},
		{"404 empty", 404, "", tracking.ErrNotFound, "", ""},
		{"400 no default", 400, string(fixture(t, "assumed-error-no-default-credential.json")), tracking.ErrInvalidRequest,
			"carrierCredentialsCode: No default carrier credential is set for carrier UPS", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"},
		{"429", 429, "{}", tracking.ErrRateLimited, "", ""},
		{"500 html", 500, "<html>error</html>", tracking.ErrUnavailable, "not JSON", ""},
		{"409", 409, `{"title":"Conflict"}`, tracking.ErrInvalidRequest, "Conflict", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := transport.CheckResponse(ID, &transport.Response{StatusCode: tt.status, Header: http.Header{}, Body: []byte(tt.body)}, decodeError)
			require.ErrorIs(t, err, tt.want)
			var e *tracking.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.reqID, e.RequestID)
			assert.True(t, strings.Contains(e.Error(), tt.inMsg), e.Error())
		})
	}
}

func TestClassify(t *testing.T) {
	assert.Equal(t, transport.Retryable, classify(&http.Response{StatusCode: 500}, nil))
	assert.Equal(t, transport.Final, classify(&http.Response{StatusCode: 200}, nil))
	assert.Equal(t, transport.Final, classify(&http.Response{StatusCode: 404}, nil))
}
