package tracktry

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

func ptr[T any](v T) *T { return &v }

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// decodeBody runs a body through the same path as the GET answer.
func decodeBody(t *testing.T, body []byte, loc *time.Location) []*tracking.Shipment {
	t.Helper()
	env, err := readEnvelope(body)
	require.NoError(t, err)
	ws, err := trackings(env.Data)
	require.NoError(t, err)
	out := make([]*tracking.Shipment, len(ws))
	for i := range ws {
		out[i] = toShipment(&ws[i], loc)
	}
	return out
}

// deliveredEvents are the events of the 4px fixture, destination first.
func deliveredEvents(withTimes bool) []tracking.Event {
	ev := func(date, desc, city string, st tracking.Status, code string) tracking.Event {
		e := tracking.Event{LocalTime: date, Status: st, Code: code, Description: desc, Location: tracking.Location{City: city}}
		if withTimes {
			if len(date) == 16 {
				date += ":00"
			}
			e.Time = utc(date)
		}
		return e
	}
	return []tracking.Event{
		ev("2026-02-18 17:07:00", "Delivered, Front Door/Porch", "PARAMOUNT, CA 90723", tracking.StatusDelivered, "delivered004"),
		ev("2026-02-18 08:02:00", "Out for Delivery", "PARAMOUNT, CA 90723", tracking.StatusOutForDelivery, "pickup"),
		ev("2026-02-17 05:31:00", "Arrived at Post Office", "PARAMOUNT, CA 90723", tracking.StatusInTransit, "transit003"),
		ev("2026-02-13 14:20:00", "Import customs clearance complete", "Los Angeles, US", tracking.StatusInTransit, "transit001"),
		ev("2026-02-08 03:40:00", "Departed from origin airport", "Shenzhen", tracking.StatusInTransit, "transit001"),
		ev("2026-02-07 21:18:37", "Left the 4PX sorting center", "Shenzhen", tracking.StatusInTransit, "transit001"),
		ev("2026-02-05 10:00", "Shipment information received", "", tracking.StatusInfoReceived, "notfound001"),
	}
}

func deliveredShipment(withTimes bool) *tracking.Shipment {
	s := &tracking.Shipment{
		TrackingNumber: "300400000001",
		Carrier:        ID,
		Courier:        "4px",
		Status:         tracking.StatusDelivered,
		Summary:        "Delivered, Front Door/Porch",
		Raw: tracking.RawStatus{Code: "delivered", SubCode: "delivered001",
			Text: "Delivered, Front Door/Porch,PARAMOUNT CA,2026-02-18 17:07:00"},
		Events:      deliveredEvents(withTimes),
		SignedBy:    "S EXAMPLE",
		Origin:      "CN",
		Destination: "US",
		UpdatedAt:   utc("2026-02-19 09:12:45"),
	}
	if withTimes {
		s.ShippedAt = ptr(utc("2026-02-05 10:00:00"))
		s.DeliveredAt = ptr(utc("2026-02-18 17:07:00"))
	}
	return s
}

func TestDecodeDeliveredItemsForm(t *testing.T) {
	got := decodeBody(t, fixture(t, "get-tracking-delivered.json"), nil)
	require.Len(t, got, 1)
	if diff := cmp.Diff(deliveredShipment(false), got[0]); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}
}

func TestDecodeDeliveredWithLocation(t *testing.T) {
	got := decodeBody(t, fixture(t, "get-tracking-delivered.json"), time.UTC)
	require.Len(t, got, 1)
	if diff := cmp.Diff(deliveredShipment(true), got[0]); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}

	// Another zone shifts every zone-less time, never the zoned ones.
	east := time.FixedZone("UTC+8", 8*3600)
	got = decodeBody(t, fixture(t, "get-tracking-delivered.json"), east)
	assert.Equal(t, utc("2026-02-18 09:07:00"), got[0].Events[0].Time)
	assert.Equal(t, time.UTC, got[0].Events[0].Time.Location())
	assert.Equal(t, utc("2026-02-19 09:12:45"), got[0].UpdatedAt)
}

func TestDecodeArrayFormPending(t *testing.T) {
	got := decodeBody(t, fixture(t, "get-tracking-data-array-pending.json"), nil)
	require.Len(t, got, 1)
	want := &tracking.Shipment{
		TrackingNumber: "RB000000001CN", Carrier: ID, Courier: "china_post", // china-post, in canonical form
		Status: tracking.StatusPending, Raw: tracking.RawStatus{Code: "pending"},
		Origin: "CN", Destination: "US", UpdatedAt: utc("2026-02-20 02:02:11"),
	}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}
}

func TestDecodeObjectFormCreate(t *testing.T) {
	got := decodeBody(t, fixture(t, "create-response.json"), nil)
	require.Len(t, got, 1)
	assert.Equal(t, "RB000000001CN", got[0].TrackingNumber)
	assert.Equal(t, tracking.StatusPending, got[0].Status)
	assert.Equal(t, "US", got[0].Destination)
}

func TestDecodeRealtimeMixedLayouts(t *testing.T) {
	got := decodeBody(t, fixture(t, "realtime-response-in-transit.json"), time.UTC)
	require.Len(t, got, 1)
	s := got[0]
	assert.Equal(t, tracking.StatusInTransit, s.Status)
	assert.Equal(t, "DE", s.Destination)
	require.Len(t, s.Events, 3)
	assert.Equal(t, utc("2026-03-02 22:10:00"), s.Events[0].Time)
	assert.Equal(t, utc("2026-03-01 16:45:00"), s.Events[1].Time) // HH:mm layout
	assert.Equal(t, "2026-03-01 16:45", s.Events[1].LocalTime)
	assert.Equal(t, tracking.StatusInfoReceived, s.Events[2].Status)
	assert.Equal(t, "Arrived at the sorting center", s.Summary)
	assert.Nil(t, s.DeliveredAt)
}

func TestDecodeListPage(t *testing.T) {
	got := decodeBody(t, fixture(t, "list-trackings-page.json"), nil)
	require.Len(t, got, 2)
	assert.Equal(t, tracking.StatusDelivered, got[0].Status)
	assert.Equal(t, tracking.StatusException, got[1].Status)
	assert.Equal(t, "exception004", got[1].Raw.SubCode)
	require.Len(t, got[1].Events, 2)
	assert.Equal(t, tracking.StatusException, got[1].Events[0].Status)
	assert.Equal(t, tracking.StatusAttemptFailed, got[1].Events[1].Status)
	assert.Empty(t, got[1].Destination) // destination_country absent
}

func TestDecodeWebhook(t *testing.T) {
	got, err := ParseWebhook(fixture(t, "webhook-track-tm-v2-assumed.json"))
	require.NoError(t, err)
	require.Len(t, got, 1)
	if diff := cmp.Diff(deliveredShipment(false), got[0]); diff != "" {
		t.Errorf("shipment (-want +got):\n%s", diff)
	}
	withLoc, err := WebhookScheme(WithWebhookLocation(time.UTC)).Parse(fixture(t, "webhook-track-tm-v2-assumed.json"))
	require.NoError(t, err)
	if diff := cmp.Diff(deliveredShipment(true), withLoc[0]); diff != "" {
		t.Errorf("shipment with location (-want +got):\n%s", diff)
	}
}

func TestParseWebhookBadInput(t *testing.T) {
	for name, body := range map[string]string{
		"empty":        "",
		"not json":     "<html>oops</html>",
		"no data":      `{"meta":{"code":200},"verifyInfo":{}}`,
		"empty data":   `{"meta":{"code":200},"data":[]}`,
		"string data":  `{"meta":{"code":200},"data":"x"}`,
		"wrong type":   `{"data":{"tracking_number":"1","origin_info":{"trackinfo":"x"}}}`,
		"array body":   `[1,2]`,
		"id only":      `{"data":{"id":"0f3c","status":"delivered"}}`,
		"blank number": `{"data":[{"tracking_number":"  ","status":"delivered"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseWebhook([]byte(body))
			require.Error(t, err)
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
		})
	}
	_, err := ParseWebhook([]byte(`{"meta":{"code":4001,"message":"Invalid API key."},"data":[]}`))
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
}

// The same tracking decodes identically in each data form.
func TestDataForms(t *testing.T) {
	obj := `{"tracking_number":"X1","carrier_code":"usps","status":"transit","substatus":"transit002"}`
	forms := map[string]string{
		"object": obj,
		"array":  "[" + obj + "]",
		"items":  `{"items":[` + obj + `]}`,
		"list":   `{"page":1,"limit":100,"total":"1","items":[` + obj + `]}`,
	}
	var first []wireTracking
	for name, data := range forms {
		ws, err := trackings([]byte(data))
		require.NoError(t, err, name)
		require.Len(t, ws, 1, name)
		if first == nil {
			first = ws
		}
		assert.Equal(t, first, ws, name)
	}
	for _, empty := range []string{"", "null", "[]", `{"items":[]}`, `{}`, `""`} {
		ws, err := trackings([]byte(empty))
		require.NoError(t, err, empty)
		assert.Empty(t, ws, empty)
	}
	for _, bad := range []string{`"text"`, `42`, `true`, `{"items":"x"}`, `[1]`, `{"tracking_number":{}}`} {
		_, err := trackings([]byte(bad))
		assert.ErrorIs(t, err, tracking.ErrInvalidResponse, bad)
		var de *tracking.DecodeError
		assert.True(t, errors.As(err, &de), bad)
		assert.True(t, strings.HasPrefix(de.Field, "data"), de.Field)
	}
}

func TestEventsDeduplicatedAndMerged(t *testing.T) {
	body := `{"meta":{"code":200},"data":{"tracking_number":"X1","status":"transit",
	 "origin_info":{"trackinfo":[
	   {"Date":"2026-01-02 10:00","StatusDescription":"Arrived","Details":"Hub","checkpoint_status":"transit"},
	   {"Date":"2026-01-01 10:00","StatusDescription":"Posted","Details":"Origin","checkpoint_status":"transit"}]},
	 "destination_info":{"track_info":[
	   {"Date":"2026-01-03 09:00","StatusDescription":"Out","Details":"City","checkpoint_status":"pickup"},
	   {"Date":"2026-01-02 10:00","StatusDescription":"Arrived","Details":"Hub","checkpoint_status":"transit"}]}}}`
	got := decodeBody(t, []byte(body), nil)
	require.Len(t, got, 1)
	var descs []string
	for _, e := range got[0].Events {
		descs = append(descs, e.Description)
		assert.True(t, e.Time.IsZero())
	}
	assert.Equal(t, []string{"Out", "Arrived", "Posted"}, descs)

	// With a zone hint the merged events are sorted by time.
	body = strings.Replace(body, `"2026-01-03 09:00"`, `"2025-12-31 09:00"`, 1)
	got = decodeBody(t, []byte(body), time.UTC)
	descs = descs[:0]
	for _, e := range got[0].Events {
		descs = append(descs, e.Description)
	}
	assert.Equal(t, []string{"Arrived", "Posted", "Out"}, descs)
}

func TestDecodeTolerance(t *testing.T) {
	body := `{"meta":{"code":"200"},"data":{"tracking_number":12345,"carrier_code":"usps","status":"Not Found",
	  "substatus":"not found001","customer_email":"a@example.com","itemTimeLength":"4","stayTimeLength":null,
	  "signed_by":"J DOE","updated_at":"","destination_info":null,"origin_info":{"trackinfo":null}}}`
	got := decodeBody(t, []byte(body), nil)
	require.Len(t, got, 1)
	assert.Equal(t, "12345", got[0].TrackingNumber)
	assert.Equal(t, tracking.StatusInfoReceived, got[0].Status)
	assert.Equal(t, "J DOE", got[0].SignedBy)
	assert.True(t, got[0].UpdatedAt.IsZero())
	assert.Empty(t, got[0].Events)

	var l stringList
	require.NoError(t, l.UnmarshalJSON([]byte(`["a@example.com","",null]`)))
	assert.Equal(t, stringList{"a@example.com"}, l)
	require.NoError(t, l.UnmarshalJSON([]byte(`""`)))
	assert.Nil(t, l)
	assert.Error(t, l.UnmarshalJSON([]byte(`{}`)))
}

func TestReadEnvelopeBadInput(t *testing.T) {
	for name, body := range map[string]string{
		"empty":     "",
		"spaces":    "   ",
		"html":      "<!doctype html><p>502 Bad Gateway</p>",
		"truncated": `{"meta":{"code":200},"data":{"tracking_`,
		"no meta":   `{"data":[]}`,
		"null":      `null`,
		"array":     `[]`,
		"meta type": `{"meta":"ok"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readEnvelope([]byte(body))
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
			var de *tracking.DecodeError
			assert.ErrorAs(t, err, &de)
			assert.Equal(t, ID, de.Carrier)
		})
	}
}

func TestParseTimeWithoutHint(t *testing.T) {
	_, ok := parseTime("2026-02-18 17:07:00", nil)
	assert.False(t, ok, "a zone-less time needs a hint")
	got, ok := parseTime("2026-02-20T10:02:11+08:00", nil)
	require.True(t, ok)
	assert.Equal(t, utc("2026-02-20 02:02:11"), got)
	_, ok = parseTime("", time.UTC)
	assert.False(t, ok)
}

func BenchmarkParseWebhook(b *testing.B) {
	body := fixture(b, "webhook-track-tm-v2-assumed.json")
	b.ReportAllocs()
	for range b.N {
		if _, err := ParseWebhook(body); err != nil {
			b.Fatal(err)
		}
	}
}
