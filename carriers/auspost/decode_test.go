package auspost

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
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

// ev builds an expected event from its local timestamp text.
func ev(local string, status tracking.Status, description string, loc tracking.Location) tracking.Event {
	at, err := time.Parse(time.RFC3339, local)
	if err != nil {
		panic(err)
	}
	return tracking.Event{Time: at.UTC(), LocalTime: local, Status: status, Description: description, Location: loc}
}

func au(city, state string) tracking.Location {
	return tracking.Location{City: city, State: state, Country: "AU"}
}

func utc(local string) *time.Time {
	at, err := time.Parse(time.RFC3339, local)
	if err != nil {
		panic(err)
	}
	at = at.UTC()
	return &at
}

// details decodes a fixture with the default mapping, by tracking id.
func details(t *testing.T, carrier, name string, m mapper) map[string]*Detail {
	t.Helper()
	resp, err := decodeTrack(carrier, fixture(t, name))
	require.NoError(t, err)
	out := map[string]*Detail{}
	for i := range resp.TrackingResults {
		r := &resp.TrackingResults[i]
		if r.hasData() {
			out[string(r.TrackingID)] = m.detail(carrier, r, "")
		}
	}
	return out
}

func TestDecodeDelivered(t *testing.T) {
	d := details(t, ID, "track-delivered-and-invalid.json", mapper{fromText: true})
	require.Len(t, d, 1, "the ESB-10001 result carries no data")
	events := []tracking.Event{
		ev("2026-02-27T14:43:09+11:00", tracking.StatusDelivered, "Delivered", au("ALEXANDRIA", "NSW")),
		ev("2026-02-27T06:08:51+11:00", tracking.StatusOutForDelivery, "With Australia Post for delivery today", au("ALEXANDRIA", "NSW")),
		ev("2026-02-26T21:30:02+11:00", tracking.StatusUnknown, "Item processed at facility", au("CHULLORA", "NSW")),
		ev("2026-02-25T17:12:40+11:00", tracking.StatusUnknown, "Received and ready for processing", au("SUNSHINE WEST", "VIC")),
		ev("2026-02-24T14:27:15+11:00", tracking.StatusInfoReceived, "Shipping information approved by Australia Post", tracking.Location{}),
	}
	want := &Detail{
		Shipment: &tracking.Shipment{
			TrackingNumber: "7XX1000000000001",
			Carrier:        ID,
			Courier:        ID,
			Status:         tracking.StatusDelivered,
			Summary:        "Delivered",
			Raw:            tracking.RawStatus{Text: "Delivered"},
			Events:         events,
			DeliveredAt:    utc("2026-02-27T14:43:09+11:00"),
			UpdatedAt:      *utc("2026-02-27T14:43:09+11:00"),
		},
		ResultStatus: "Delivered",
		Items: []Item{{
			ArticleID: "7XX1000000000001", ProductType: "eParcel",
			Status: tracking.StatusDelivered, RawStatus: "Delivered", Events: events,
		}},
	}
	if diff := cmp.Diff(want, d["7XX1000000000001"]); diff != "" {
		t.Errorf("detail (-want +got):\n%s", diff)
	}
}

func TestDecodeAwaitingCollectionMixedCase(t *testing.T) {
	d := details(t, ID, "track-awaiting-collection-mixed-case.json", mapper{fromText: true})
	require.Len(t, d, 2)

	want := &tracking.Shipment{
		TrackingNumber: "7XX1000000000002",
		Carrier:        ID,
		Courier:        ID,
		Status:         tracking.StatusAvailableForPickup,
		Summary:        "Awaiting collection",
		Raw:            tracking.RawStatus{Text: "awaiting collection"}, // the item's text, as sent
		Events: []tracking.Event{
			ev("2026-07-08T12:51:22+10:00", tracking.StatusAvailableForPickup, "Awaiting collection", au("FITZROY", "VIC")),
			ev("2026-07-08T11:02:10+10:00", tracking.StatusAvailableForPickup, "Attempted delivery - Carded for collection", au("FITZROY", "VIC")),
			ev("2026-07-08T07:40:03+10:00", tracking.StatusOutForDelivery, "Onboard for delivery", au("FITZROY", "VIC")),
			ev("2026-07-07T19:03:44+10:00", tracking.StatusInTransit, "In transit", au("SUNSHINE WEST", "VIC")),
		},
		UpdatedAt: *utc("2026-07-08T12:51:22+10:00"),
	}
	if diff := cmp.Diff(want, d["7XX1000000000002"].Shipment); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}
	assert.Equal(t, "Awaiting collection", d["7XX1000000000002"].ResultStatus)

	// No result-level status; the item's decides. Events across zones
	// (+08:00 in WA, +10:00 in VIC) are ordered by their UTC time.
	want = &tracking.Shipment{
		TrackingNumber: "7XX1000000000003",
		Carrier:        ID,
		Courier:        ID,
		Status:         tracking.StatusException,
		Summary:        "Possible delay - weather",
		Raw:            tracking.RawStatus{Text: "Possible delay"},
		Events: []tracking.Event{
			ev("2026-07-08T09:15:00+08:00", tracking.StatusUnknown, "Possible delay - weather", au("PERTH AIRPORT", "WA")),
			ev("2026-07-07T23:01:00+10:00", tracking.StatusUnknown, "In transit to next facility", au("TULLAMARINE", "VIC")),
		},
		UpdatedAt: *utc("2026-07-08T09:15:00+08:00"),
	}
	if diff := cmp.Diff(want, d["7XX1000000000003"].Shipment); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}
}

func TestDecodeStarTrackConsignment(t *testing.T) {
	d := details(t, StarTrackID, "track-startrack-consignment.json", mapper{fromText: true})
	picked := ev("2026-08-08T15:20:41+10:00", tracking.StatusUnknown, "Picked up", au("NEWTOWN", "VIC"))
	want := &Detail{
		Shipment: &tracking.Shipment{
			TrackingNumber: "5XXX00000001",
			Carrier:        StarTrackID,
			Courier:        StarTrackID,
			// The items are more specific than the consignment's
			// "Awaiting Collection": they decide.
			Status:  tracking.StatusInTransit,
			Summary: "Picked up",
			Raw:     tracking.RawStatus{Text: "In Transit"},
			Events: []tracking.Event{ // consignment and item events merged
				picked,
				ev("2026-08-08T12:51:22+10:00", tracking.StatusAvailableForPickup, "Awaiting collection", au("NEWTOWN", "VIC")),
				ev("2026-08-08T09:03:10+10:00", tracking.StatusUnknown, "Consignment created", tracking.Location{}),
			},
			UpdatedAt: *utc("2026-08-08T15:20:41+10:00"),
		},
		ConsignmentStatus: "Awaiting Collection",
		Items: []Item{
			{ArticleID: "5XXX00000001FPP00001", ProductType: "FPP", Status: tracking.StatusInTransit, RawStatus: "In Transit"},
			{ArticleID: "5XXX00000001FPP00002", ProductType: "FPP", Status: tracking.StatusInTransit, RawStatus: "In Transit",
				Events: []tracking.Event{picked}},
		},
	}
	if diff := cmp.Diff(want, d["5XXX00000001"]); diff != "" {
		t.Errorf("detail (-want +got):\n%s", diff)
	}
}

func TestDecodeAPConsignmentItems(t *testing.T) {
	d := details(t, ID, "track-ap-consignment-items.json", mapper{fromText: true})
	events := []tracking.Event{
		ev("2026-02-03T08:08:00+11:00", tracking.StatusUnknown, "Processed by air carrier", au("SYDNEY", "NSW")),
		ev("2026-02-02T16:44:00+11:00", tracking.StatusUnknown, "Received by Australia Post", au("SYDNEY", "NSW")),
		ev("2026-02-02T09:12:00+11:00", tracking.StatusInfoReceived, "Shipping information received by Australia Post", tracking.Location{}),
	}
	want := &Detail{
		Shipment: &tracking.Shipment{
			TrackingNumber: "ET000000001AU",
			Carrier:        ID,
			Courier:        ID,
			// The item says "Unknown": the provider does not know, and no
			// event is used to guess.
			Status:    tracking.StatusUnknown,
			Summary:   "Processed by air carrier",
			Raw:       tracking.RawStatus{Text: "Unknown"},
			Events:    events,
			UpdatedAt: *utc("2026-02-03T08:08:00+11:00"),
		},
		Items: []Item{{
			ArticleID: "ET000000001AU", ProductType: "International Express", ConsignmentID: "ET000000001AU",
			Status: tracking.StatusUnknown, RawStatus: "Unknown", Events: events,
		}},
	}
	if diff := cmp.Diff(want, d["ET000000001AU"]); diff != "" {
		t.Errorf("detail (-want +got):\n%s", diff)
	}
}

func TestDecodeStatusOverride(t *testing.T) {
	m := mapper{overrides: map[string]tracking.Status{"awaiting collection": tracking.StatusInfoReceived}, fromText: true}
	d := details(t, StarTrackID, "track-startrack-consignment.json", m)["5XXX00000001"]
	assert.Equal(t, tracking.StatusInTransit, d.Shipment.Status, "items still decide")
	assert.Equal(t, tracking.StatusInfoReceived, d.Shipment.Events[1].Status)
}

// decodeOne normalizes a single result written inline.
func decodeOne(t *testing.T, body string, m mapper) *Detail {
	t.Helper()
	resp, err := decodeTrack(ID, []byte(body))
	require.NoError(t, err)
	require.Len(t, resp.TrackingResults, 1)
	return m.detail(ID, &resp.TrackingResults[0], "REQUESTED")
}

func TestDecodeLevels(t *testing.T) {
	on := mapper{fromText: true}
	for _, tc := range []struct {
		name     string
		body     string
		m        mapper
		want     tracking.Status
		wantText string
	}{
		{"result level only", `{"tracking_results":[{"tracking_id":"A","status":"In Transit"}]}`, on, tracking.StatusInTransit, "In Transit"},
		{"consignment over result", `{"tracking_results":[{"tracking_id":"A","status":"Delivered","consignment":{"status":"in transit"}}]}`, on, tracking.StatusInTransit, "in transit"},
		{"AP consignment item status over its own", `{"tracking_results":[{"tracking_id":"A","trackable_items":[{"consignment_id":"A","status":"Delivered","items":[{"article_id":"A1","status":"Held by courier"}]}]}]}`, on, tracking.StatusException, "Held by courier"},
		{"unrecognised specific text is unknown, not the result's", `{"tracking_results":[{"tracking_id":"A","status":"Delivered","trackable_items":[{"article_id":"A","status":"Sorted"}]}]}`, on, tracking.StatusUnknown, "Sorted"},
		{"items without text fall back to the result", `{"tracking_results":[{"tracking_id":"A","status":"Cancelled","trackable_items":[{"article_id":"A","events":[]}]}]}`, on, tracking.StatusCancelled, "Cancelled"},
		{"one item not delivered", `{"tracking_results":[{"tracking_id":"A","consignment":{"status":"Delivered in Full"},"trackable_items":[{"article_id":"A1","status":"Delivered"},{"article_id":"A2","status":"On board for delivery"}]}]}`, on, tracking.StatusOutForDelivery, "On board for delivery"},
		{"no text anywhere: the newest event", `{"tracking_results":[{"tracking_id":"A","trackable_items":[{"article_id":"A","events":[{"description":"Delivered","date":"2026-01-02T10:00:00+10:00"},{"description":"Onboard for delivery","date":"2026-01-02T07:00:00+10:00"}]}]}]}`, on, tracking.StatusDelivered, ""},
		{"no text anywhere, event statuses off", `{"tracking_results":[{"tracking_id":"A","trackable_items":[{"article_id":"A","events":[{"description":"Delivered","date":"2026-01-02T10:00:00+10:00"}]}]}]}`, mapper{}, tracking.StatusUnknown, ""},
		{"nothing at all", `{"tracking_results":[{"tracking_id":"A"}]}`, on, tracking.StatusUnknown, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := decodeOne(t, tc.body, tc.m)
			assert.Equal(t, tc.want, d.Shipment.Status)
			assert.Equal(t, tc.wantText, d.Shipment.Raw.Text)
			assert.Equal(t, "A", d.Shipment.TrackingNumber)
		})
	}
}

func TestDecodeEvents(t *testing.T) {
	d := decodeOne(t, `{"tracking_results":[{"tracking_id":"","status":"In transit",
		"consignment":{"status":"In transit","events":[
			{"location":"SYDNEY NSW","description":"Processed","date":"2026-01-02T10:00:00+11:00"},
			{"description":"Zone-less","date":"2026-01-03T10:00:00"},
			{"description":"No date"}]},
		"trackable_items":[{"article_id":"A1","status":"In transit","number_of_items":"2","events":[
			{"location":"SYDNEY  NSW","description":"processed","date":"2026-01-01T23:00:00Z"},
			{"location":"LOS ANGELES","description":"Departed","date":"2026-01-04T08:00:00-08:00"}]}]}]}`,
		mapper{fromText: true})
	s := d.Shipment
	assert.Equal(t, "REQUESTED", s.TrackingNumber, "an answer that does not echo the id keeps the requested one")
	require.Len(t, s.Events, 4, "the same event at two levels is kept once")
	assert.Equal(t, "Departed", s.Events[0].Description)
	assert.Equal(t, tracking.Location{City: "LOS ANGELES"}, s.Events[0].Location)
	assert.Equal(t, "Processed", s.Events[1].Description)
	assert.Equal(t, au("SYDNEY", "NSW"), s.Events[1].Location)
	// Zone-less and missing dates get no guessed time; the text is kept.
	assert.True(t, s.Events[2].Time.IsZero())
	assert.Equal(t, "2026-01-03T10:00:00", s.Events[2].LocalTime)
	assert.True(t, s.Events[3].Time.IsZero())
	for _, e := range s.Events {
		assert.Equal(t, time.UTC, e.Time.Location())
	}
	assert.Nil(t, s.DeliveredAt)
}

func TestDeliveredAtWithoutDeliveredEvent(t *testing.T) {
	d := decodeOne(t, `{"tracking_results":[{"tracking_id":"A","status":"Delivered","trackable_items":[{"article_id":"A","events":[
		{"description":"Left at front door","date":"2026-01-02T10:00:00+10:00"}]}]}]}`, mapper{fromText: true})
	assert.Equal(t, utc("2026-01-02T10:00:00+10:00"), d.Shipment.DeliveredAt, "the newest event's time")
}

func TestEventTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2026-02-27T14:43:09+11:00": *utc("2026-02-27T14:43:09+11:00"),
		"2026-07-08T09:15:00+08:00": *utc("2026-07-08T09:15:00+08:00"),
		"2026-07-08T09:15:00Z":      *utc("2026-07-08T09:15:00Z"),
		"2026-07-08T09:15:00":       {}, // no offset: no guessed zone
		"2026-07-08":                {},
		"1000-01-01T00:00:00+00:00": {}, // out of any parcel's range
		"3000-01-01T00:00:00+00:00": {},
		"":                          {},
		"yesterday":                 {},
	} {
		assert.Equal(t, want, eventTime(in), "eventTime(%q)", in)
	}
}

func TestLocation(t *testing.T) {
	for in, want := range map[string]tracking.Location{
		"ALEXANDRIA NSW":    au("ALEXANDRIA", "NSW"),
		" perth airport wa": au("perth airport", "WA"),
		"CANBERRA ACT":      au("CANBERRA", "ACT"),
		"NSW":               {City: "NSW"},
		"LOS ANGELES":       {City: "LOS ANGELES"},
		"":                  {},
	} {
		assert.Equal(t, want, location(in), "location(%q)", in)
	}
}

func TestDecodeBadBodies(t *testing.T) {
	delivered := fixture(t, "track-delivered-and-invalid.json")
	for name, body := range map[string][]byte{
		"empty":            nil,
		"white space":      []byte(" \n\t"),
		"HTML":             []byte("<html><body>502 Bad Gateway</body></html>"),
		"truncated":        delivered[:len(delivered)/2],
		"null":             []byte("null"),
		"array":            []byte(`[{"tracking_id":"A"}]`),
		"object, no keys":  []byte(`{}`),
		"results a string": []byte(`{"tracking_results":"none"}`),
		"events an object": []byte(`{"tracking_results":[{"tracking_id":"A","trackable_items":[{"events":{"a":1}}]}]}`),
		"id an object":     []byte(`{"tracking_results":[{"tracking_id":{"x":1}}]}`),
		"errors a number":  []byte(`{"errors":5}`),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := decodeTrack(ID, body)
			require.Error(t, err)
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
			var de *tracking.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, ID, de.Carrier)
		})
	}
}

func TestErrorItemKeys(t *testing.T) {
	resp, err := decodeTrack(ID, []byte(`{"errors":[
		{"code":"51101","name":"TOO_MANY_AP_TRACKING_IDS","message":"m1"},
		{"error_code":"API_001","error_name":"Unauthorized","message":"m2"},
		{"error":"invalid_client","error_description":"m3"},
		{"code":51104,"name":"INVALID_TRACKING_ID"},
		"plain text",
		{"code":"X","messages":["a"],"field":"tracking_ids","context":{}}]}`))
	require.NoError(t, err)
	want := []errorItem{
		{Code: "51101", Name: "TOO_MANY_AP_TRACKING_IDS", Message: "m1"},
		{Code: "API_001", Name: "Unauthorized", Message: "m2"},
		{Code: "invalid_client", Message: "m3"},
		{Code: "51104", Name: "INVALID_TRACKING_ID"},
		{Message: "plain text"},
		{Code: "X"},
	}
	assert.Equal(t, want, resp.Errors)
}

func response(status int, body []byte, header http.Header) *transport.Response {
	if header == nil {
		header = http.Header{}
	}
	return &transport.Response{StatusCode: status, Header: header, Body: body, Attempts: 1}
}

func TestDecodeErrorFixtures(t *testing.T) {
	for _, tc := range []struct {
		file   string
		status int
		kind   error
		code   string
	}{
		{"error-too-many-ids-51101.json", 400, tracking.ErrInvalidRequest, "51101"},
		{"error-mixed-ap-st-51103.json", 400, tracking.ErrInvalidRequest, "51103"},
		{"error-auth-failed-api001.json", 401, tracking.ErrUnauthorized, "API_001"},
		{"error-rate-limited-api002.json", 429, tracking.ErrRateLimited, "API_002"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			err := transport.CheckResponse(ID, response(tc.status, fixture(t, tc.file), nil), decodeError)
			var e *tracking.APIError
			require.ErrorAs(t, err, &e)
			assert.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.status, e.StatusCode)
			assert.NotEmpty(t, e.Message)
		})
	}
}

func TestDecodeErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   error
	}{
		{400, `{"errors":[{"code":"51100","name":"TRACKING_IDS_MISSING"}]}`, tracking.ErrInvalidRequest},
		{400, `{"errors":[{"code":"51102","name":"TOO_MANY_ST_TRACKING_IDS"}]}`, tracking.ErrInvalidRequest},
		{400, `{"errors":[{"code":"51104","name":"INVALID_TRACKING_ID"}]}`, tracking.ErrNotFound},
		{400, `{"errors":[{"code":"ESB-10002","name":"Product Not Trackable"}]}`, tracking.ErrUnsupported},
		{500, `{"errors":[{"code":"ESB-20010","name":"System Error"}]}`, tracking.ErrUnavailable},
		{500, `{"errors":[{"code":"51101"}]}`, tracking.ErrUnavailable},  // 5xx stays unavailable
		{403, `{"errors":[{"code":"51101"}]}`, tracking.ErrUnauthorized}, // 403 stays unauthorized
		{403, `{"errors":[{"error_code":"API_001"}]}`, tracking.ErrUnauthorized},
		{400, `{"errors":[{"code":"SOMETHING_NEW"}]}`, tracking.ErrInvalidRequest}, // unknown code: the status decides
		{400, `{"errors":[]}`, tracking.ErrInvalidRequest},
		{502, `<html>Bad gateway</html>`, tracking.ErrUnavailable},
		{400, ``, tracking.ErrInvalidRequest},
		{404, `{"errors":[{"code":"404","name":"Not Found"}]}`, tracking.ErrUnsupported}, // a wrong path
		{404, `{"errors":[{"code":"51104"}]}`, tracking.ErrNotFound},
		{429, `{"errors":[{"code":"ESB-10001"}, {"error_code":"API_002"}]}`, tracking.ErrRateLimited}, // 429 stays rate limited
	} {
		err := transport.CheckResponse(ID, response(tc.status, []byte(tc.body), nil), decodeError)
		assert.ErrorIs(t, err, tc.kind, "HTTP %d %s: %v", tc.status, tc.body, err)
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   any
	}{
		{200, `{"tracking_results":[{"tracking_id":"A","status":"Delivered"}]}`, "final"},
		{200, `{"errors":[{"error_code":"API_002"}]}`, "ratelimited"},
		{400, `{"errors":[{"code":"51101"}]}`, "final"},
		{500, `{}`, "retryable"},
		{501, `not json`, "retryable"},
		{200, `{"errors":[{"code":"ESB-20050"}]}`, "retryable"},
		{200, `{"tracking_results":[{"tracking_id":"A","errors":[{"code":"ESB-20010"}]},{"tracking_id":"B","errors":[{"code":"ESB-20050"}]}]}`, "retryable"},
		{200, `{"tracking_results":[{"tracking_id":"A","errors":[{"code":"ESB-20010"}]},{"tracking_id":"B","status":"Delivered"}]}`, "final"},
		{200, `{"tracking_results":[{"tracking_id":"A","errors":[{"code":"ESB-10001"}]}]}`, "final"},
		{200, `{"tracking_results":[]}`, "final"},
		{200, `not json`, "final"},
	} {
		got := classify(&http.Response{StatusCode: tc.status}, []byte(tc.body))
		want := map[any]transport.Verdict{"final": transport.Final, "retryable": transport.Retryable, "ratelimited": transport.RateLimited}[tc.want]
		assert.Equal(t, want, got, "HTTP %d %s", tc.status, tc.body)
	}
}

func TestItemError(t *testing.T) {
	r := response(200, nil, http.Header{"Retry-After": {"30"}})
	for _, tc := range []struct {
		items []errorItem
		kind  error
	}{
		{[]errorItem{{Code: "ESB-10001", Name: "Invalid tracking ID"}}, tracking.ErrNotFound},
		{[]errorItem{{Code: "ESB-10002"}}, tracking.ErrUnsupported},
		{[]errorItem{{Code: "ESB-20010"}}, tracking.ErrUnavailable},
		{[]errorItem{{Code: "NEW-1"}}, tracking.ErrInvalidRequest},
	} {
		err := itemError(ID, r, tc.items)
		assert.ErrorIs(t, err, tc.kind)
		var e *tracking.APIError
		require.True(t, errors.As(err, &e))
		assert.Zero(t, e.RetryAfter, "a per-id error carries no Retry-After")
		assert.Equal(t, tc.items[0].Code, e.Code)
	}
}
