package tracktry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carriertest"
	"github.com/parcelkit/tracking/transport"
)

const mockRoot = "https://api.tracktry.test"

var mockCred = credentials.Credential{
	Code: "main", Carrier: ID, Organization: "acme", Active: true, Default: true,
	Fields: map[string]credentials.Secret{FieldAPIKey: "k-123456789", FieldEmail: "ops@example.com"},
}

// sent is one request the mock received.
type sent struct {
	Method      string
	Path        string
	EscapedPath string // as it went on the wire
	Query       url.Values
	Header      http.Header
	Body        []byte
}

// reply is one canned answer.
type reply struct {
	status int
	body   string
	header http.Header
}

// mock answers requests from a queue (the last answer repeats) and
// records them.
type mock struct {
	rec     carriertest.Recorder
	mu      sync.Mutex
	replies []reply
	answer  func(sent) reply // used instead of replies when set
}

func toSent(r carriertest.Request) sent {
	u := r.ParsedURL()
	return sent{Method: r.Method, Path: u.Path, EscapedPath: u.EscapedPath(), Query: u.Query(), Header: r.Header, Body: r.Body}
}

func (m *mock) requests() []sent {
	var out []sent
	for _, r := range m.rec.Requests() {
		out = append(out, toSent(r))
	}
	return out
}

// next picks the reply for s.
func (m *mock) next(s sent) reply {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rp reply
	switch {
	case m.answer != nil:
		rp = m.answer(s)
	case len(m.replies) > 1:
		rp, m.replies = m.replies[0], m.replies[1:]
	case len(m.replies) == 1:
		rp = m.replies[0]
	default:
		rp = reply{status: 200, body: `{"meta":{"code":200},"data":[]}`}
	}
	if rp.status == 0 {
		rp.status = 200
	}
	return rp
}

// newMock returns a carrier whose requests go to an httpmock transport.
func newMock(t *testing.T, replies []reply, opts ...Option) (*mock, *Carrier) {
	t.Helper()
	m := &mock{replies: replies}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(m.rec.ResponderFunc(func(r carriertest.Request) carriertest.Reply {
		rp := m.next(toSent(r))
		return carriertest.Reply{Status: rp.status, Body: []byte(rp.body), Header: rp.header}
	}))
	all := append([]Option{WithHTTPClient(&http.Client{Transport: mt})}, testOptions(mockRoot, opts...)...)
	return m, New(all...)
}

func ok(data string) reply {
	return reply{body: `{"meta":{"code":200,"type":"Success","message":"Success"},"data":` + data + `}`}
}

func metaReply(code int, msg string) reply {
	return reply{body: fmt.Sprintf(`{"meta":{"code":%d,"type":"x","message":%q},"data":[]}`, code, msg)}
}

func fileReply(t *testing.T, name string) reply { return reply{body: string(fixture(t, name))} }

// assertAuth checks the headers every request carries.
func assertAuth(t *testing.T, s sent, withBody bool) {
	t.Helper()
	assert.Equal(t, "k-123456789", s.Header.Get("Tracktry-Api-Key"))
	assert.Equal(t, "application/json", s.Header.Get("Accept"))
	if withBody {
		assert.Equal(t, "application/json", s.Header.Get("Content-Type"))
	} else {
		assert.Empty(t, s.Header.Get("Content-Type"))
		assert.Empty(t, s.Body)
	}
}

func TestRequestGet(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "get-tracking-delivered.json")})
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " 300400000001 ", Courier: "4PX"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	reqs := m.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/4px/300400000001", reqs[0].Path)
	assert.Empty(t, reqs[0].Query)
	assertAuth(t, reqs[0], false)
}

func TestRequestGetEscapesPath(t *testing.T) {
	m, c := newMock(t, []reply{metaReply(4017, "Tracking does not exist.")}, WithAutoRegister(false))
	_, err := c.get(context.Background(), "dhl", "AB/12 3", mockCred)
	require.ErrorIs(t, err, tracking.ErrNotFound)
	require.Len(t, m.requests(), 1)
	// The decoded Path cannot tell an escaped "/" from a separator: check
	// what went on the wire.
	assert.Equal(t, "/v1/trackings/dhl/AB%2F12%203", m.requests()[0].EscapedPath)
}

func TestRequestCreate(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "create-response.json")})
	req := tracking.Request{
		TrackingNumber: "RB000000001CN", Courier: "china-post", DestinationCountry: "us", Language: "en",
		Metadata: map[string]string{
			MetaTitle: "Order 1001", MetaLogisticsChannel: "China Post Registered Air Mail",
			MetaCustomerName: "Alex Example", MetaCustomerEmail: "buyer@example.com",
			MetaCustomerPhone: "+15555550100", MetaOrderID: "#1001", MetaOrderCreateTime: "2026-02-18 09:15",
			MetaComment: "fragile", "unknown_key": "ignored",
		},
	}
	s, err := c.create(context.Background(), req, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	reqs := m.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/post", reqs[0].Path)
	assertAuth(t, reqs[0], true)
	assert.JSONEq(t, string(fixture(t, "create-request.json")), string(reqs[0].Body))
}

func TestRequestCreateShipDateAndPostalCode(t *testing.T) {
	m, c := newMock(t, []reply{metaReply(4016, "Tracking already exists.")})
	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z", Courier: "ups", PostalCode: "90210",
		ShipDate: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), Metadata: map[string]string{MetaAccountNumber: "A1"}}, mockCred)
	require.NoError(t, err, "4016 is a success for create")
	assert.JSONEq(t, `{"tracking_number":"1Z","carrier_code":"ups","tracking_ship_date":"20260304",
		"tracking_postal_code":"90210","tracking_account_number":"A1"}`, string(m.requests()[0].Body))
}

func TestRequestRegisterBatch(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "batch-create-response-partial.json")})
	reqs := []tracking.Request{
		{TrackingNumber: "RB000000001CN", Courier: "china-post", Metadata: map[string]string{MetaOrderID: "#1001"}},
		{TrackingNumber: "300400000001", Courier: "4px", Metadata: map[string]string{MetaOrderID: "#1002"}},
		{TrackingNumber: "XX0000000000", Courier: "not-a-carrier", DestinationCountry: "US", Metadata: map[string]string{MetaOrderID: "#1003"}},
	}
	results, err := c.RegisterBatch(context.Background(), reqs, mockCred)
	require.NoError(t, err)
	sentReqs := m.requests()
	require.Len(t, sentReqs, 1)
	assert.Equal(t, http.MethodPost, sentReqs[0].Method)
	assert.Equal(t, "/v1/trackings/batch", sentReqs[0].Path)
	assertAuth(t, sentReqs[0], true)
	assert.JSONEq(t, string(fixture(t, "batch-create-request.json")), string(sentReqs[0].Body))

	require.Len(t, results, 3)
	// Added.
	require.NoError(t, results[0].Err)
	assert.Equal(t, tracking.StatusPending, results[0].Shipment.Status)
	assert.Equal(t, "RB000000001CN", results[0].Shipment.TrackingNumber)
	// 4016 as an object: already exists, a success.
	require.NoError(t, results[1].Err)
	assert.Equal(t, tracking.StatusPending, results[1].Shipment.Status)
	// 4015 as a JSON string.
	require.Error(t, results[2].Err)
	assert.Nil(t, results[2].Shipment)
	assert.ErrorIs(t, results[2].Err, tracking.ErrInvalidRequest)
	var e *tracking.APIError
	require.ErrorAs(t, results[2].Err, &e)
	assert.Equal(t, "4015", e.Code)
	assert.Contains(t, e.Message, "carrier_code")
	for i, r := range results {
		assert.Equal(t, reqs[i], r.Request)
	}
}

// One object error and one JSON-string error both become per-item errors.
func TestRegisterBatchPartialErrors(t *testing.T) {
	body := `{"meta":{"code":201},"data":{"submitted":3,"added":1,"trackings":[{"tracking_number":"A1","carrier_code":"usps"}],
	  "errors":[{"tracking_number":"B2","code":4014,"message":"The value of tracking_number is invalid."},
	  "{\"meta\":{\"code\":4019,\"type\":\"Bad Request\",\"message\":\"Balance too low.\"},\"tracking_number\":\"C3\"}"]}}`
	_, c := newMock(t, []reply{{body: body}})
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "A1", Courier: "usps"}, {TrackingNumber: "B2", Courier: "usps"}, {TrackingNumber: "C3", Courier: "usps"},
		{TrackingNumber: "", Courier: "usps"}, {TrackingNumber: "D4"},
	}, mockCred)
	require.NoError(t, err)
	require.Len(t, results, 5)
	assert.NoError(t, results[0].Err)
	assert.ErrorIs(t, results[1].Err, tracking.ErrInvalidRequest)
	assert.True(t, isCode(results[1].Err, 4014))
	assert.ErrorIs(t, results[2].Err, tracking.ErrQuotaExceeded)
	assert.True(t, isCode(results[2].Err, 4019))
	// Refused before sending: no number, no courier.
	assert.ErrorIs(t, results[3].Err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, results[4].Err, tracking.ErrInvalidRequest)
}

func TestRegisterBatchBadErrorsEntry(t *testing.T) {
	body := `{"meta":{"code":201},"data":{"errors":["{not json", 7]}}`
	_, c := newMock(t, []reply{{body: body}})
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{{TrackingNumber: "A1", Courier: "usps"}}, mockCred)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err, tracking.ErrInvalidResponse)
}

func TestRegisterBatch202OverLimit(t *testing.T) {
	body := `{"meta":{"code":202,"type":"Bad Request","message":"Over the limit"},"data":{"trackings":[{"tracking_number":"A1","carrier_code":"usps"}],"errors":[]}}`
	_, c := newMock(t, []reply{{body: body}})
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{
		{TrackingNumber: "A1", Courier: "usps"}, {TrackingNumber: "B2", Courier: "usps"}}, mockCred)
	require.NoError(t, err)
	assert.NoError(t, results[0].Err)
	assert.ErrorIs(t, results[1].Err, tracking.ErrQuotaExceeded)
}

func TestRegisterBatchChunks(t *testing.T) {
	m, c := newMock(t, []reply{{body: `{"meta":{"code":201},"data":{"errors":[]}}`}})
	reqs := make([]tracking.Request, 100)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: fmt.Sprintf("N%03d", i), Courier: "usps"}
	}
	results, err := c.RegisterBatch(context.Background(), reqs, mockCred)
	require.NoError(t, err)
	var sizes []int
	next := 0
	for _, s := range m.requests() {
		var items []map[string]any
		require.NoError(t, json.Unmarshal(s.Body, &items))
		sizes = append(sizes, len(items))
		for _, it := range items { // in input order, none lost
			assert.Equal(t, fmt.Sprintf("N%03d", next), it["tracking_number"])
			next++
		}
	}
	assert.Equal(t, []int{40, 40, 20}, sizes)
	for _, r := range results {
		require.NoError(t, r.Err)
		assert.Equal(t, tracking.StatusPending, r.Shipment.Status)
	}
}

// 4020 splits the chunk in halves until the provider accepts it.
func TestRegisterBatchSplitsOn4020(t *testing.T) {
	m, c := newMock(t, nil)
	m.answer = func(s sent) reply {
		var items []any
		_ = json.Unmarshal(s.Body, &items)
		if len(items) > 15 {
			return metaReply(4020, "Too many items in one call (200)")
		}
		return reply{body: `{"meta":{"code":201},"data":{"errors":[]}}`}
	}
	reqs := make([]tracking.Request, 40)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: fmt.Sprintf("N%02d", i), Courier: "usps"}
	}
	results, err := c.RegisterBatch(context.Background(), reqs, mockCred)
	require.NoError(t, err)
	var sizes []int
	for _, s := range m.requests() {
		var items []any
		_ = json.Unmarshal(s.Body, &items)
		sizes = append(sizes, len(items))
	}
	assert.Equal(t, []int{40, 20, 10, 10, 20, 10, 10}, sizes)
	for _, r := range results {
		assert.NoError(t, r.Err)
	}

	// A single item refused with 4020 gets that error.
	m.answer = func(sent) reply { return metaReply(4020, "Too many") }
	results, err = c.RegisterBatch(context.Background(), reqs[:2], mockCred)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, results[1].Err, tracking.ErrInvalidRequest)
}

func TestRegisterBatchCallFailure(t *testing.T) {
	m, c := newMock(t, []reply{metaReply(4001, "Invalid API key.")})
	reqs := make([]tracking.Request, 50)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: fmt.Sprintf("N%02d", i), Courier: "usps"}
	}
	_, err := c.RegisterBatch(context.Background(), reqs, mockCred)
	require.ErrorIs(t, err, tracking.ErrUnauthorized)
	assert.Len(t, m.requests(), 1, "no second chunk after the first failed as a whole")

	// A later chunk's failure becomes its items' error.
	m2, c2 := newMock(t, []reply{{body: `{"meta":{"code":201},"data":{}}`}, metaReply(4021, "balance")})
	results, err := c2.RegisterBatch(context.Background(), reqs, mockCred)
	require.NoError(t, err)
	assert.Len(t, m2.requests(), 2)
	assert.NoError(t, results[39].Err)
	assert.ErrorIs(t, results[40].Err, tracking.ErrQuotaExceeded)
	assert.ErrorIs(t, results[49].Err, tracking.ErrQuotaExceeded)
}

func TestRequestUpdate(t *testing.T) {
	m, c := newMock(t, []reply{ok(`{}`)})
	err := c.Update(context.Background(), "china-post", "RB000000001CN", Update{
		Title: "Order 1001 (re-sent)", CustomerName: "Alex Example", CustomerEmail: "buyer@example.com",
		CustomerPhone: "+15555550100", OrderID: "#1001", DestinationCode: "us", Archived: ptr(false), Status: MarkException,
	}, mockCred)
	require.NoError(t, err)
	reqs := m.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/china-post/RB000000001CN", reqs[0].Path)
	assertAuth(t, reqs[0], true)
	assert.JSONEq(t, string(fixture(t, "update-request.json")), string(reqs[0].Body))

	err = c.Update(context.Background(), "china-post", "RB000000001CN", Update{Status: 5}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Len(t, m.requests(), 1, "a bad status is refused before sending")
}

func TestRequestDelete(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "delete-response.json"), metaReply(4017, "Tracking does not exist.")})
	require.NoError(t, c.remove(context.Background(), "china-post", "RB000000001CN", mockCred))
	reqs := m.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodDelete, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/china-post/RB000000001CN", reqs[0].Path)
	assertAuth(t, reqs[0], false)

	err := c.remove(context.Background(), "china-post", "RB000000001CN", mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	// Unregister treats "does not exist" as done.
	assert.NoError(t, c.Unregister(context.Background(), tracking.Request{TrackingNumber: "RB000000001CN", Courier: "china-post"}, mockCred))
	assert.ErrorIs(t, c.Unregister(context.Background(), tracking.Request{TrackingNumber: "RB000000001CN"}, mockCred), tracking.ErrInvalidRequest)
}

func TestRequestList(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "list-trackings-page.json")})
	since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	q := Query{Status: " Transit ", CreatedAtMin: since, CreatedAtMax: until, Numbers: []string{"A1", " B2 ", ""},
		Orders: []string{"#1"}, Limit: 50, Page: 2, Extra: url.Values{"lang": {"en"}}}
	var got []*tracking.Shipment
	for s, err := range c.ListMatching(context.Background(), q, mockCred) {
		require.NoError(t, err)
		got = append(got, s)
	}
	assert.Len(t, got, 2)
	reqs := m.requests()
	require.Len(t, reqs, 1, "page*limit >= total ends the listing")
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/get", reqs[0].Path)
	assertAuth(t, reqs[0], false)
	assert.Equal(t, url.Values{
		"page": {"2"}, "limit": {"50"}, "status": {"transit"},
		"created_at_min": {"1767225600"}, "created_at_max": {"1772323200"},
		"numbers": {"A1,B2"}, "orders": {"#1"}, "lang": {"en"},
	}, reqs[0].Query)
}

func TestListDefaultsAndBadQuery(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "list-empty-4031.json")})
	n := 0
	for _, err := range c.ListMatching(context.Background(), Query{Limit: 5000}, mockCred) {
		require.NoError(t, err)
		n++
	}
	assert.Zero(t, n, "4031 is an empty success")
	assert.Equal(t, url.Values{"page": {"1"}, "limit": {"2000"}}, m.requests()[0].Query)

	for name, q := range map[string]Query{
		"status": {Status: "lost"}, "comma": {Numbers: []string{"A,B"}}, "negative": {Page: -1},
	} {
		var errs []error
		for _, err := range c.ListMatching(context.Background(), q, mockCred) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, name)
		assert.ErrorIs(t, errs[0], tracking.ErrInvalidRequest, name)
	}
	assert.Len(t, m.requests(), 1, "bad queries are refused before sending")
}

// Pages follow each other until page*limit reaches total; breaking out of
// the loop sends nothing more.
func TestListPagination(t *testing.T) {
	page := func(n, total int, numbers ...string) reply {
		var items []string
		for _, num := range numbers {
			items = append(items, fmt.Sprintf(`{"id":"%s","tracking_number":"%s","carrier_code":"usps","status":"transit"}`, num, num))
		}
		return ok(fmt.Sprintf(`{"page":%d,"limit":2,"total":"%d","items":[%s]}`, n, total, strings.Join(items, ",")))
	}
	replies := []reply{page(1, 5, "A", "B"), page(2, 5, "C", "D"), page(3, 5, "E")}
	m, c := newMock(t, replies)
	var got []string
	for s, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		require.NoError(t, err)
		got = append(got, s.TrackingNumber)
	}
	assert.Equal(t, []string{"A", "B", "C", "D", "E"}, got)
	reqs := m.requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		assert.Equal(t, fmt.Sprint(i+1), r.Query.Get("page"))
	}

	m, c = newMock(t, []reply{page(1, 5, "A", "B"), page(2, 5, "C", "D"), page(3, 5, "E")})
	got = got[:0]
	for s, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		require.NoError(t, err)
		got = append(got, s.TrackingNumber)
		if len(got) == 3 {
			break
		}
	}
	assert.Equal(t, []string{"A", "B", "C"}, got)
	assert.Len(t, m.requests(), 2, "no page after the break")

	// Without a total, a short page is the last.
	m, c = newMock(t, []reply{ok(`[{"tracking_number":"A","status":"transit"},{"tracking_number":"B"}]`), ok(`[{"tracking_number":"C"}]`)})
	got = got[:0]
	for s, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		require.NoError(t, err)
		got = append(got, s.TrackingNumber)
	}
	assert.Equal(t, []string{"A", "B", "C"}, got)
	assert.Len(t, m.requests(), 2)

	// A provider that ignores page is caught rather than looped on.
	m, c = newMock(t, []reply{ok(`[{"id":"1","tracking_number":"A"},{"id":"2","tracking_number":"B"}]`)})
	var lastErr error
	count := 0
	for _, err := range c.ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
		count++
		lastErr = err
	}
	assert.ErrorIs(t, lastErr, tracking.ErrInvalidResponse)
	assert.Equal(t, 3, count)
	assert.Len(t, m.requests(), 2)
}

func TestListErrorEndsSequence(t *testing.T) {
	_, c := newMock(t, []reply{ok(`{"page":1,"limit":1,"total":"3","items":[{"tracking_number":"A"}]}`), {status: 200, body: "<html>proxy</html>"}})
	var got []string
	var errs []error
	for s, err := range c.ListMatching(context.Background(), Query{Limit: 1}, mockCred) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, s.TrackingNumber)
	}
	assert.Equal(t, []string{"A"}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], tracking.ErrInvalidResponse)
}

func TestListerStatusFilter(t *testing.T) {
	m, c := newMock(t, nil)
	m.answer = func(s sent) reply {
		switch s.Query.Get("status") {
		case "notfound":
			return ok(`{"items":[{"tracking_number":"NF1","status":"notfound","substatus":"notfound002"},
			  {"tracking_number":"NF2","status":"notfound","substatus":"notfound001"}]}`)
		case "pending":
			return ok(`{"items":[{"tracking_number":"P1","status":"pending"}]}`)
		}
		return fileReply(t, "list-empty-4031.json")
	}
	var got []string
	for s, err := range c.List(context.Background(), tracking.ListOptions{Status: tracking.StatusPending, PageSize: 10}, mockCred) {
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusPending, s.Status)
		got = append(got, s.TrackingNumber)
	}
	assert.Equal(t, []string{"NF1", "P1"}, got)
	var statuses []string
	for _, r := range m.requests() {
		statuses = append(statuses, r.Query.Get("status"))
		assert.Equal(t, "10", r.Query.Get("limit"))
	}
	assert.Equal(t, []string{"notfound", "pending"}, statuses)

	n := len(m.requests())
	for range c.List(context.Background(), tracking.ListOptions{Status: tracking.StatusAvailableForPickup}, mockCred) {
		t.Fatal("Tracktry never yields available_for_pickup")
	}
	assert.Len(t, m.requests(), n, "no request for a status Tracktry cannot produce")

	var errs []error
	for _, err := range c.List(context.Background(), tracking.ListOptions{Status: "lost"}, mockCred) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], tracking.ErrInvalidRequest)
}

func TestRequestRealtime(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "realtime-response-in-transit.json")})
	s, err := c.Realtime(context.Background(), tracking.Request{TrackingNumber: "LX000000002CN", Courier: "china-ems"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
	reqs := m.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/v1/trackings/realtime", reqs[0].Path)
	assertAuth(t, reqs[0], true)
	assert.JSONEq(t, string(fixture(t, "realtime-request.json")), string(reqs[0].Body))
}

func TestRequestCarriersAndDetect(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "carriers.json"), fileReply(t, "detect-carrier-response.json"), metaReply(4032, "Unable to detect")})
	list, err := c.Couriers(context.Background(), mockCred)
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, Courier{Name: "China Post", Code: "china-post", Phone: "11183", Homepage: "http://www.chinapost.com.cn/",
		Type: "express", Picture: "//s.example.com/images/icons/china-post.png", NameCN: "中国邮政"}, list[0])

	cands, err := c.DetectCourier(context.Background(), "RB000000001CN", mockCred)
	require.NoError(t, err)
	assert.Equal(t, []Courier{{Name: "China Post", Code: "china-post"}, {Name: "China EMS", Code: "china-ems"}}, cands)

	_, err = c.DetectCourier(context.Background(), "???", mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.True(t, isCode(err, 4032))

	reqs := m.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/v1/carriers", reqs[0].Path)
	assertAuth(t, reqs[0], false)
	assert.Equal(t, http.MethodPost, reqs[1].Method)
	assert.Equal(t, "/v1/carriers/detect", reqs[1].Path)
	assertAuth(t, reqs[1], true)
	assert.JSONEq(t, string(fixture(t, "detect-carrier-request.json")), string(reqs[1].Body))
}

// Track asks once; with WithAutoRegister(true), only a 4017 makes it
// create the number.
func TestTrackRegistersOnlyOn4017(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "error-tracking-not-exist-4017.json"), fileReply(t, "create-response.json")}, WithAutoRegister(true))
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "RB000000001CN", Courier: "china-post"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	reqs := m.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "GET /v1/trackings/china-post/RB000000001CN", reqs[0].Method+" "+reqs[0].Path)
	assert.Equal(t, "POST /v1/trackings/post", reqs[1].Method+" "+reqs[1].Path)

	for _, code := range []string{"error-invalid-key-4001.json", "error-insufficient-balance-4021.json"} {
		m, c := newMock(t, []reply{fileReply(t, code)}, WithAutoRegister(true))
		_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X", Courier: "usps"}, mockCred)
		require.Error(t, err)
		assert.Len(t, m.requests(), 1, code)
	}

	m, c = newMock(t, []reply{fileReply(t, "error-tracking-not-exist-4017.json")}, WithAutoRegister(false))
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "X", Courier: "usps"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Len(t, m.requests(), 1)
}

func TestTrackWithoutCourierUsesNumbersFilter(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "list-trackings-page.json")})
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "UB000000003CN"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusException, s.Status)
	assert.Equal(t, "UB000000003CN", m.requests()[0].Query.Get("numbers"))

	_, c = newMock(t, []reply{fileReply(t, "list-empty-4031.json")})
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "ZZ1"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Contains(t, err.Error(), "Request.Courier")
}

func TestTrackBatchUsesNumbersFilter(t *testing.T) {
	m, c := newMock(t, nil, WithAutoRegister(true))
	m.answer = func(s sent) reply {
		if s.Path == "/v1/trackings/batch" {
			return reply{body: `{"meta":{"code":201},"data":{"trackings":[{"tracking_number":"NEW1","carrier_code":"usps"}],"errors":[]}}`}
		}
		return fileReply(t, "list-trackings-page.json")
	}
	reqs := []tracking.Request{
		{TrackingNumber: "300400000001"},
		{TrackingNumber: "UB000000003CN", Courier: "china-post"},
		{TrackingNumber: "NEW1", Courier: "usps"},
		{TrackingNumber: "NEW2"},
		{TrackingNumber: " "},
		{TrackingNumber: "300400000001", Courier: "usps"}, // known number, other courier: registered
	}
	results, err := c.TrackBatch(context.Background(), reqs, mockCred)
	require.NoError(t, err)
	require.Len(t, results, len(reqs))
	assert.Equal(t, tracking.StatusDelivered, results[0].Shipment.Status)
	assert.Equal(t, tracking.StatusException, results[1].Shipment.Status)
	assert.Equal(t, tracking.StatusPending, results[2].Shipment.Status)
	assert.ErrorIs(t, results[3].Err, tracking.ErrNotFound)
	assert.ErrorIs(t, results[4].Err, tracking.ErrInvalidRequest)
	assert.Equal(t, tracking.StatusPending, results[5].Shipment.Status)
	sentReqs := m.requests()
	require.Len(t, sentReqs, 2)
	assert.Equal(t, "300400000001,UB000000003CN,NEW1,NEW2,300400000001", sentReqs[0].Query.Get("numbers"))
	var created []map[string]any
	require.NoError(t, json.Unmarshal(sentReqs[1].Body, &created))
	assert.Len(t, created, 2)
	assert.Equal(t, MaxBatch, c.BatchLimit())
}

func TestMetaCodesToSentinels(t *testing.T) {
	tests := []struct {
		code int
		want error
	}{
		{202, tracking.ErrQuotaExceeded}, {401, tracking.ErrUnauthorized}, {4001, tracking.ErrUnauthorized},
		{4002, tracking.ErrUnauthorized}, {4012, tracking.ErrInvalidRequest}, {4013, tracking.ErrInvalidRequest},
		{4014, tracking.ErrInvalidRequest}, {4015, tracking.ErrInvalidRequest}, {4016, tracking.ErrInvalidRequest},
		{4017, tracking.ErrNotFound}, {4018, tracking.ErrUnsupported}, {4019, tracking.ErrQuotaExceeded},
		{4020, tracking.ErrInvalidRequest}, {4021, tracking.ErrQuotaExceeded}, {4032, tracking.ErrInvalidRequest},
		{4033, tracking.ErrInvalidRequest}, {402, tracking.ErrQuotaExceeded}, {403, tracking.ErrUnauthorized},
		{404, tracking.ErrNotFound}, {405, tracking.ErrInvalidRequest}, {409, tracking.ErrInvalidRequest},
		{429, tracking.ErrRateLimited}, {500, tracking.ErrUnavailable}, {503, tracking.ErrUnavailable},
		// Undocumented codes keep the code.
		{4099, tracking.ErrInvalidRequest}, {418, tracking.ErrInvalidRequest}, {7, tracking.ErrInvalidResponse},
		{0, tracking.ErrInvalidResponse},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			_, c := newMock(t, []reply{metaReply(tt.code, "msg")}, WithRetry(transport.RetryPolicy{MaxRetries: -1}), WithAutoRegister(false))
			_, err := c.get(context.Background(), "usps", "X1", mockCred)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var e *tracking.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, fmt.Sprint(tt.code), e.Code)
			assert.Equal(t, ID, e.Carrier)
		})
	}
	for _, code := range []int{200, 201, 4031} {
		assert.Nil(t, codes[code].kind, "%d is a success", code)
	}
}

// The HTTP status does not decide; meta.code does, then the status.
func TestHTTPErrorStatuses(t *testing.T) {
	noRetry := WithRetry(transport.RetryPolicy{MaxRetries: -1})
	_, c := newMock(t, []reply{{status: 401, body: string(fixture(t, "error-invalid-key-4001.json"))}}, noRetry)
	_, err := c.get(context.Background(), "usps", "X1", mockCred)
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
	assert.True(t, isCode(err, 4001))

	_, c = newMock(t, []reply{{status: 400, body: `{"meta":{"code":4017,"message":"Tracking does not exist."}}`}}, noRetry)
	_, err = c.get(context.Background(), "usps", "X1", mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	_, c = newMock(t, []reply{{status: 400, body: `{"meta":{"code":4999}}`}}, noRetry)
	_, err = c.get(context.Background(), "usps", "X1", mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "unknown meta.code keeps the HTTP category")
	assert.True(t, isCode(err, 4999))

	_, c = newMock(t, []reply{{status: 502, body: "<html>Bad Gateway</html>"}})
	_, err = c.get(context.Background(), "usps", "X1", mockCred)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)

	// A success envelope under an error status is a success.
	_, c = newMock(t, []reply{{status: 404, body: `{"meta":{"code":200},"data":{"tracking_number":"X1","status":"transit"}}`}}, noRetry)
	s, err := c.get(context.Background(), "usps", "X1", mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
}

func TestBadAnswersAreTypedErrors(t *testing.T) {
	for name, body := range map[string]string{
		"html":          "<!doctype html><title>proxy</title>",
		"empty":         "",
		"truncated":     `{"meta":{"code":200},"data":{"tracking_number":"X`,
		"no meta":       `{"data":{"tracking_number":"X1"}}`,
		"empty data":    `{"meta":{"code":200},"data":[]}`,
		"null data":     `{"meta":{"code":200},"data":null}`,
		"string data":   `{"meta":{"code":200},"data":"nothing"}`,
		"wrong types":   `{"meta":{"code":200},"data":{"tracking_number":"X1","origin_info":[1,2]}}`,
		"code as text":  `{"meta":{"code":"two hundred"},"data":{}}`,
		"empty object":  `{"meta":{"code":200},"data":{}}`,
		"items garbage": `{"meta":{"code":200},"data":{"items":{"a":1}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newMock(t, []reply{{body: body}})
			s, err := c.get(context.Background(), "usps", "X1", mockCred)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tracking.ErrInvalidResponse)
		})
	}
	_, c := newMock(t, []reply{fileReply(t, "list-empty-4031.json")})
	_, err := c.get(context.Background(), "usps", "X1", mockCred)
	assert.ErrorIs(t, err, tracking.ErrNotFound, "4031 where one tracking is expected")
}

// meta.code 429 with HTTP 200 is retried by the transport, then succeeds.
func TestRateLimitOnHTTP200Retried(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "error-rate-limited-429.json"), fileReply(t, "error-rate-limited-429.json"),
		fileReply(t, "get-tracking-delivered.json")})
	s, err := c.get(context.Background(), "4px", "300400000001", mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	assert.Len(t, m.requests(), 3)

	// A POST is retried too: a rate-limited request was not processed.
	m, c = newMock(t, []reply{fileReply(t, "error-rate-limited-429.json"), fileReply(t, "realtime-response-in-transit.json")})
	s, err = c.Realtime(context.Background(), tracking.Request{TrackingNumber: "LX000000002CN"}, mockCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
	assert.Len(t, m.requests(), 2)
}

// The two-minute hint: with a retry policy that will not wait that long,
// the call fails at once with RetryAfter set; when retries run out the
// error keeps the hint too.
func TestRateLimitWaitHint(t *testing.T) {
	m, c := newMock(t, []reply{fileReply(t, "error-rate-limited-429.json")},
		WithRateLimitWait(DefaultRateLimitWait), WithRetry(transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxRetryAfter: time.Second}))
	_, err := c.get(context.Background(), "usps", "X1", mockCred)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 120*time.Second, e.RetryAfter)
	assert.Len(t, m.requests(), 1, "no retry sooner than Tracktry asked")

	// A context deadline shorter than the hint fails at once as well.
	m, c = newMock(t, []reply{fileReply(t, "error-rate-limited-429.json")}, WithRateLimitWait(DefaultRateLimitWait))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.get(ctx, "usps", "X1", mockCred)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 120*time.Second, e.RetryAfter)
	assert.Len(t, m.requests(), 1)

	// Retries exhausted: the meta error carries the hint.
	m, c = newMock(t, []reply{fileReply(t, "error-rate-limited-429.json")},
		WithRateLimitWait(0), WithRetry(transport.RetryPolicy{MaxRetries: -1}))
	_, err = c.get(context.Background(), "usps", "X1", mockCred)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "429", e.Code)
	assert.Len(t, m.requests(), 1)

	// HTTP 429 with the meta body: the error keeps the default hint.
	_, c = newMock(t, []reply{{status: 429, body: string(fixture(t, "error-rate-limited-429.json"))}},
		WithRetry(transport.RetryPolicy{MaxRetries: -1}))
	c.rateLimitWait = DefaultRateLimitWait
	_, err = c.get(context.Background(), "usps", "X1", mockCred)
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 120*time.Second, e.RetryAfter)
}

func TestServerErrorsRetried(t *testing.T) {
	m, c := newMock(t, []reply{{status: 500, body: `{"meta":{"code":500}}`}, {body: `{"meta":{"code":503,"type":"Service Unavailable"}}`},
		fileReply(t, "get-tracking-delivered.json")})
	_, err := c.get(context.Background(), "4px", "300400000001", mockCred)
	require.NoError(t, err)
	assert.Len(t, m.requests(), 3)
}

func TestCredentialChecks(t *testing.T) {
	m, c := newMock(t, nil)
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X1", Courier: "usps"}, credentials.Credential{Code: "empty"})
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, err, credentials.ErrMissingField)
	assert.Contains(t, err.Error(), FieldAPIKey)
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "  ", Courier: "usps"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Empty(t, m.requests())
	assert.Equal(t, []string{FieldAPIKey}, c.CredentialFields())

	bad := New(WithBaseURL("ftp://nowhere"))
	_, err = bad.Track(context.Background(), tracking.Request{TrackingNumber: "X1", Courier: "usps"}, mockCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
}

// Tracktry echoing a key back never puts it in an error.
func TestNoSecretInErrors(t *testing.T) {
	echo := `{"meta":{"code":4001,"message":"Invalid API key k-123456789 for ops@example.com"},"data":[]}`
	_, c := newMock(t, []reply{{body: echo}})
	_, err := c.get(context.Background(), "usps", "X1", mockCred)
	require.Error(t, err)
	for _, secret := range []string{"k-123456789", "ops@example.com"} {
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
	}
}

// A per-item batch error is built from the answer's text, not by the
// transport: a key echoed there must not reach the error either.
func TestNoSecretInBatchItemErrors(t *testing.T) {
	body := `{"meta":{"code":201},"data":{"errors":[{"tracking_number":"B2","code":4001,` +
		`"message":"Invalid API key k-123456789 (ops@example.com)"}]}}`
	_, c := newMock(t, []reply{{body: body}})
	results, err := c.RegisterBatch(context.Background(), []tracking.Request{{TrackingNumber: "B2", Courier: "usps"}}, mockCred)
	require.NoError(t, err)
	require.Error(t, results[0].Err)
	assert.ErrorIs(t, results[0].Err, tracking.ErrUnauthorized)
	for _, secret := range []string{"k-123456789", "ops@example.com"} {
		assert.NotContains(t, results[0].Err.Error(), secret)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", results[0].Err, results[0].Err), secret)
	}
}

func TestLimiterKey(t *testing.T) {
	rec := &recordingLimiter{}
	_, c := newMock(t, []reply{fileReply(t, "get-tracking-delivered.json")}, WithLimiter(rec))
	_, err := c.get(context.Background(), "4px", "300400000001", mockCred)
	require.NoError(t, err)
	assert.Equal(t, []string{"tracktry/acme/main"}, rec.keys)
}

type recordingLimiter struct {
	mu   sync.Mutex
	keys []string
}

func (l *recordingLimiter) Wait(ctx context.Context, key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, key)
	return ctx.Err()
}

func TestClassifier(t *testing.T) {
	c := New(WithRateLimitWait(90 * time.Second))
	resp := &http.Response{StatusCode: 200, Header: http.Header{}}
	assert.Equal(t, transport.RateLimited, c.classify(resp, fixture(t, "error-rate-limited-429.json")))
	assert.Equal(t, "90", resp.Header.Get("Retry-After"))
	resp = &http.Response{StatusCode: 200, Header: http.Header{"Retry-After": {"5"}}}
	assert.Equal(t, transport.RateLimited, c.classify(resp, fixture(t, "error-rate-limited-429.json")))
	assert.Equal(t, "5", resp.Header.Get("Retry-After"), "a real Retry-After wins")
	for body, want := range map[string]transport.Verdict{
		`{"meta":{"code":503}}`:  transport.Retryable,
		`{"meta":{"code":500}}`:  transport.Retryable,
		`{"meta":{"code":200}}`:  transport.Final,
		`{"meta":{"code":4001}}`: transport.Final,
		`not json`:               transport.Final,
		``:                       transport.Final,
	} {
		assert.Equal(t, want, c.classify(&http.Response{StatusCode: 200, Header: http.Header{}}, []byte(body)), body)
	}
	assert.Equal(t, transport.Retryable, c.classify(&http.Response{StatusCode: 500, Header: http.Header{}}, nil))
	assert.Equal(t, 1, seconds(time.Millisecond))
	assert.True(t, errors.Is(kindFor(4017), tracking.ErrNotFound))
}
