package track123_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
)

// checkRequest asserts a request's method, path, headers and JSON body
// (nil: no body).
func checkRequest(t *testing.T, r recorded, method, path string, body []byte) {
	t.Helper()
	assert.Equal(t, method, r.Method)
	assert.Equal(t, path, r.Path)
	assert.Empty(t, r.Query, "no query string")
	assert.Equal(t, testSecret, r.Header.Get("Track123-Api-Secret"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	if body == nil {
		assert.Empty(t, r.Body)
		assert.Empty(t, r.Header.Get("Content-Type"))
		return
	}
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, string(body), string(r.Body))
}

var ok = envelope("00000", "Success", nil)

func TestRequestShapes(t *testing.T) {
	ctx := context.Background()
	for _, v := range []track123.APIVersion{track123.V21, track123.V2} {
		t.Run(string(v), func(t *testing.T) {
			c, m := newMockCarrier(t, track123.WithAPIVersion(v))
			p := "/gateway/open-api/tk/" + string(v) + "/"

			t.Run("query by numbers", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/query", 200, fixture(t, "query-response-delivered.json"))
				res, err := c.QueryNumbers(ctx, []track123.Number{
					{TrackingNumber: "9261290000000000000017", Courier: "usps"},
					{TrackingNumber: "620300000000"},
				}, testCred)
				require.NoError(t, err)
				require.Len(t, res.Trackings, 1)
				want := fixture(t, "query-request-v2.1.json")
				if v == track123.V2 {
					want = []byte(`{"trackNos":["9261290000000000000017","620300000000"],"queryPageSize":100,"cursor":""}`)
				}
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "POST", p+"track/query", want)
			})

			t.Run("time range pages", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/query", 200,
					fixture(t, "query-response-page-1-of-2.json"), fixture(t, "query-response-page-2-of-2.json"))
				before := len(m.requests())
				var got []string
				q := track123.Query{
					CreatedFrom: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
					CreatedTo:   time.Date(2026, 3, 5, 23, 59, 59, 0, time.UTC),
					PageSize:    2,
				}
				for tr, err := range c.ListMatching(ctx, q, testCred) {
					require.NoError(t, err)
					got = append(got, tr.TrackingNumber)
				}
				assert.Equal(t, []string{"NL000000001NL", "YT0000000000000002", "LX000000003CN"}, got)
				reqs := m.requests()[before:]
				require.Len(t, reqs, 2)
				checkRequest(t, reqs[0], "POST", p+"track/query", fixture(t, "query-request-time-range-page-1.json"))
				checkRequest(t, reqs[1], "POST", p+"track/query", fixture(t, "query-request-time-range-page-2.json"))
			})

			t.Run("order numbers", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/query", 200, fixture(t, "query-response-page-2-of-2.json"))
				before := len(m.requests())
				q := track123.Query{
					OrderNumbers: []string{"ORD-20003"},
					CreatedFrom:  time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
					CreatedTo:    time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC),
				}
				for _, err := range c.ListMatching(ctx, q, testCred) {
					require.NoError(t, err)
				}
				reqs := m.requests()[before:]
				require.Len(t, reqs, 1)
				checkRequest(t, reqs[0], "POST", p+"track/query", []byte(`{"orderNos":["ORD-20003"],
					"createTimeStart":"2026-02-01 00:00:00","createTimeEnd":"2026-03-31 23:59:59","cursor":"","queryPageSize":100}`))
			})

			t.Run("import", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/import", 200, fixture(t, "import-response-partial.json"))
				res, err := c.RegisterBatch(ctx, []track123.Registration{
					{TrackingNumber: "LV000000001CN", Courier: "china-post", OrderNumber: "ORD-10001", Country: "US",
						ShipTime: time.Date(2026, 2, 20, 9, 30, 0, 0, time.UTC), CustomerEmail: "buyer1@example.com",
						PostalCode: "94107", Remark: "gift", Custom1: "store-eu"},
					{TrackingNumber: "SF0000000000012", Courier: "sfb2c", OrderNumber: "ORD-10002",
						ExtendFields: map[string]string{"phoneSuffix": "1234"}},
					{TrackingNumber: "9261290000000000000017", OrderNumber: "ORD-10003"},
				}, testCred)
				require.NoError(t, err)
				assert.Len(t, res.Accepted, 2)
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "POST", p+"track/import", withoutEmpty(t, fixture(t, "import-request.json")))
			})

			t.Run("register from a request", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/import", 200,
					envelope("00000", "Success", map[string]any{"accepted": []any{map[string]any{"trackNo": "SF0000000000012"}}, "rejected": []any{}}))
				err := c.Register(ctx, tracking.Request{
					TrackingNumber: " SF0000000000012 ", Courier: "sfb2c", DestinationCountry: "us", PostalCode: "94107",
					Metadata: map[string]string{"order_id": "ORD-1", "customer_email": "a@example.com", "phone_suffix": "1234",
						"remark": "r", "custom1": "c1", "custom2": "c2", "ignored": "x"},
				}, testCred)
				require.NoError(t, err)
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "POST", p+"track/import", []byte(`[{"trackNo":"SF0000000000012",
					"courierCode":"sfb2c","orderNo":"ORD-1","country":"US","customerEmail":"a@example.com","postalCode":"94107",
					"extendFieldMap":{"phoneSuffix":"1234"},"remark":"r","custom1":"c1","custom2":"c2"}]`))
			})

			t.Run("update", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/update", 200, ok)
				err := c.Update(ctx, track123.Number{TrackingNumber: "LV000000001CN", Courier: "china-post"}, track123.Changes{
					OrderNumber: "ORD-10001-B", CustomerEmail: "buyer1@example.com", Remark: "address corrected",
					Custom1: "store-eu", PostalCode: "94107", ExtendFields: map[string]string{"phoneSuffix": "0100"},
				}, testCred)
				require.NoError(t, err)
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "POST", p+"track/update", fixture(t, "update-request.json"))
			})

			t.Run("delete", func(t *testing.T) {
				m.reply("POST", p[len("/gateway/open-api"):]+"track/delete", 200, fixture(t, "delete-response-partial.json"))
				_, err := c.UnregisterBatch(ctx, []track123.Number{
					{TrackingNumber: "LV000000001CN", Courier: "china-post"},
					{TrackingNumber: "620300000000", Courier: "usps"},
				}, testCred)
				require.NoError(t, err)
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "POST", p+"track/delete", fixture(t, "delete-request.json"))
			})

			t.Run("couriers always on v2", func(t *testing.T) {
				m.reply("GET", "/tk/v2/courier/list", 200, fixture(t, "courier-list.json"))
				list, err := c.Couriers(ctx, testCred)
				require.NoError(t, err)
				require.Len(t, list, 3)
				assert.Equal(t, track123.Courier{Code: "usps", NameEN: "USPS", NameCN: "美国邮政", HomePage: "https://www.usps.com/"}, list[0])
				reqs := m.requests()
				checkRequest(t, reqs[len(reqs)-1], "GET", "/gateway/open-api/tk/v2/courier/list", nil)
			})
		})
	}
}

// The realtime and change-courier endpoints exist on v2.1 only.
func TestRequestShapesV21Only(t *testing.T) {
	ctx := context.Background()
	c, m := newMockCarrier(t)

	m.reply("POST", "/tk/v2.1/track/query-realtime", 200, fixture(t, "query-realtime-response-available-for-pickup.json"))
	tr, err := c.Realtime(ctx, tracking.Request{TrackingNumber: "LV000000001CN", Courier: "china-post", PostalCode: "94107"}, testCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusAvailableForPickup, tr.Status)
	assert.Equal(t, "229255084490768391", tr.ID)
	reqs := m.requests()
	checkRequest(t, reqs[len(reqs)-1], "POST", "/gateway/open-api/tk/v2.1/track/query-realtime", fixture(t, "query-realtime-request.json"))

	m.reply("POST", "/tk/v2.1/track/update-courier", 200, ok)
	require.NoError(t, c.ChangeCourier(ctx, track123.Number{TrackingNumber: "SF0000000000012", Courier: "sfb2c"}, "sf-express", testCred))
	reqs = m.requests()
	checkRequest(t, reqs[len(reqs)-1], "POST", "/gateway/open-api/tk/v2.1/track/update-courier", fixture(t, "update-courier-request.json"))
}

func TestLocationAppliesToTimesSent(t *testing.T) {
	c, m := newMockCarrier(t, track123.WithLocation(time.FixedZone("CST", 8*3600)))
	m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "query-response-page-2-of-2.json"))
	q := track123.Query{CreatedFrom: time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC)}
	for _, err := range c.ListMatching(context.Background(), q, testCred) {
		require.NoError(t, err)
	}
	assert.JSONEq(t, `{"createTimeStart":"2026-02-01 00:00:00","queryPageSize":100,"cursor":""}`, string(m.requests()[0].Body))
}

// Input the carrier refuses before any request goes out.
func TestRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	c, m := newMockCarrier(t)
	noSecret := testCred
	noSecret.Fields = nil

	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1"}, noSecret)
	// As in every carrier: an incomplete credential is a request error, not
	// the provider refusing the credential.
	assert.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.NotErrorIs(t, err, tracking.ErrUnauthorized)
	assert.Contains(t, err.Error(), "api_secret")

	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "  "}, testCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, c.Register(ctx, tracking.Request{}, testCred), tracking.ErrInvalidRequest)
	assert.ErrorIs(t, c.Unregister(ctx, tracking.Request{}, testCred), tracking.ErrInvalidRequest)
	assert.ErrorIs(t, c.Update(ctx, track123.Number{TrackingNumber: "X1"}, track123.Changes{}, testCred), tracking.ErrInvalidRequest)
	assert.ErrorIs(t, c.ChangeCourier(ctx, track123.Number{TrackingNumber: "X1", Courier: "usps"}, "", testCred), tracking.ErrInvalidRequest)
	_, err = c.Realtime(ctx, tracking.Request{}, testCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)

	q := track123.Query{CreatedFrom: time.Now(), CreatedTo: time.Now().Add(-time.Hour)}
	for _, err := range c.ListMatching(ctx, q, testCred) {
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	}

	bad := track123.New(track123.WithBaseURL("ftp://example.com"))
	_, err = bad.Track(ctx, tracking.Request{TrackingNumber: "X1"}, testCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	bad = track123.New(track123.WithAPIVersion("v3"))
	_, err = bad.Couriers(ctx, testCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)

	assert.Zero(t, m.GetTotalCallCount(), "nothing was sent")
}

// withoutEmpty drops the empty strings of a JSON array of objects: the
// carrier does not send empty fields.
func withoutEmpty(t *testing.T, body []byte) []byte {
	t.Helper()
	var items []map[string]any
	require.NoError(t, json.Unmarshal(body, &items))
	for _, it := range items {
		for k, v := range it {
			if v == "" {
				delete(it, k)
			}
		}
	}
	b, err := json.Marshal(items)
	require.NoError(t, err)
	return b
}
