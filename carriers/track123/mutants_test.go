package track123_test

// Tests for behaviour that mutation testing (scripts/mutation.sh and the
// hand-made mutants of issue 16) found unasserted: each pins one decision
// a changed line would get wrong.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
)

// wireItems reads an import or delete body.
func wireItems(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var items []map[string]any
	require.NoError(t, json.Unmarshal(body, &items))
	return items
}

// rejectWhere answers an import or delete by rejecting the items for
// which reject is true (with Track123's not-registered error) and
// accepting the others. Rejections carry no index, as Track123's index
// has no stated base.
func rejectWhere(t *testing.T, reject func(item map[string]any) bool) func([]byte) (int, []byte) {
	return func(body []byte) (int, []byte) {
		acc, rej := []any{}, []any{}
		for _, it := range wireItems(t, body) {
			if reject(it) {
				rej = append(rej, map[string]any{"trackNo": it["trackNo"], "courierCode": it["courierCode"],
					"error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}})
				continue
			}
			acc = append(acc, it)
		}
		return 200, envelope("00000", "Success", map[string]any{"accepted": acc, "rejected": rej})
	}
}

// Unregister is idempotent only for a number Track123 does not hold:
// a call that fails, and any other refusal, are errors.
func TestUnregisterReportsWhatIsNotNotFound(t *testing.T) {
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "LV000000001CN", Courier: "china-post"}

	t.Run("the call fails", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/delete", 200, fixture(t, "error-invalid-token-a0230.json"))
		assert.ErrorIs(t, c.Unregister(ctx, req, testCred), tracking.ErrUnauthorized)
	})
	t.Run("the number is refused for another reason", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/delete", 200, envelope("00000", "Success", map[string]any{"accepted": []any{},
			"rejected": []any{map[string]any{"trackNo": "LV000000001CN", "error": map[string]string{"code": "A0400", "msg": "Insufficient balance"}}}}))
		assert.ErrorIs(t, c.Unregister(ctx, req, testCred), tracking.ErrQuotaExceeded)
	})
	t.Run("the number is not held", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/delete", rejectWhere(t, func(map[string]any) bool { return true }))
		assert.NoError(t, c.Unregister(ctx, req, testCred))
	})
}

// Rejection.Index is the position in the caller's whole input, across the
// calls of MaxBatch items it is split into.
func TestRejectionIndexAcrossCalls(t *testing.T) {
	ctx := context.Background()
	nums := numbers(2*track123.MaxBatch + 10)
	refused := map[string]int{nums[3]: 3, nums[track123.MaxBatch+7]: track123.MaxBatch + 7, nums[2*track123.MaxBatch+9]: 2*track123.MaxBatch + 9}
	isRefused := func(it map[string]any) bool { _, ok := refused[it["trackNo"].(string)]; return ok }

	t.Run("delete", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/delete", rejectWhere(t, isRefused))
		in := make([]track123.Number, len(nums))
		for i, n := range nums {
			in[i] = track123.Number{TrackingNumber: n}
		}
		res, err := c.UnregisterBatch(ctx, in, testCred)
		require.NoError(t, err)
		assert.Len(t, res.Accepted, len(nums)-len(refused))
		require.Len(t, res.Rejected, len(refused))
		for _, r := range res.Rejected {
			assert.Equal(t, refused[r.TrackingNumber], r.Index, r.TrackingNumber)
			assert.Equal(t, nums[r.Index], r.TrackingNumber)
			assert.ErrorIs(t, r.Err, tracking.ErrNotFound)
			assert.False(t, r.Duplicate, "only an import refuses a duplicate")
		}
	})
	t.Run("import", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/import", rejectWhere(t, isRefused))
		in := make([]track123.Registration, len(nums))
		for i, n := range nums {
			in[i] = track123.Registration{TrackingNumber: n}
		}
		res, err := c.RegisterBatch(ctx, in, testCred)
		require.NoError(t, err)
		require.Len(t, res.Rejected, len(refused))
		for _, r := range res.Rejected {
			assert.Equal(t, refused[r.TrackingNumber], r.Index, r.TrackingNumber)
		}
	})
	t.Run("query", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(false))
		m.replyFunc("POST", "/tk/v2.1/track/query", func(body []byte) (int, []byte) {
			var q struct {
				TrackNoInfos []struct {
					TrackNo string `json:"trackNo"`
				} `json:"trackNoInfos"`
			}
			require.NoError(t, json.Unmarshal(body, &q))
			rej := []any{}
			for _, n := range q.TrackNoInfos {
				if _, ok := refused[n.TrackNo]; ok {
					rej = append(rej, map[string]any{"trackNo": n.TrackNo, "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}})
				}
			}
			return 200, envelope("00000", "Success", map[string]any{
				"accepted": map[string]any{"content": []any{}, "totalPages": 1, "currentPage": 1, "cursor": ""}, "rejected": rej})
		})
		in := make([]track123.Number, len(nums))
		for i, n := range nums {
			in[i] = track123.Number{TrackingNumber: n}
		}
		res, err := c.QueryNumbers(ctx, in, testCred)
		require.NoError(t, err)
		require.Len(t, res.Rejected, len(refused))
		for _, r := range res.Rejected {
			assert.Equal(t, refused[r.TrackingNumber], r.Index, r.TrackingNumber)
		}
	})
}

// A rejection is matched to the input with its number and, when both
// name one, its courier; each input is matched once; a rejection that
// matches no input has Index -1.
func TestRejectionMatchesNumberAndCourier(t *testing.T) {
	ctx := context.Background()
	c, m := newMockCarrier(t)
	var sent []map[string]any
	m.replyFunc("POST", "/tk/v2.1/track/delete", func(body []byte) (int, []byte) {
		sent = wireItems(t, body)
		courier := func(i int) any { return sent[i]["courierCode"] }
		return 200, envelope("00000", "Success", map[string]any{"accepted": []any{}, "rejected": []any{
			// The second of two inputs with the same number, told apart by courier.
			map[string]any{"trackNo": "SAME1", "courierCode": courier(1), "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}},
			// Twice the same number without courier: the first unused input each time.
			map[string]any{"trackNo": "twice", "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}},
			map[string]any{"trackNo": " TWICE ", "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}},
			// A courier that names none of the inputs with that number.
			map[string]any{"trackNo": "SAME1", "courierCode": "no-such-courier", "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}},
			// A number that is not in the input.
			map[string]any{"trackNo": "STRANGER", "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}},
		}})
	})
	res, err := c.UnregisterBatch(ctx, []track123.Number{
		{TrackingNumber: "SAME1", Courier: "usps"},
		{TrackingNumber: "SAME1", Courier: "fedex"},
		{TrackingNumber: "TWICE"},
		{TrackingNumber: "TWICE"},
	}, testCred)
	require.NoError(t, err)
	require.NotEqual(t, sent[0]["courierCode"], sent[1]["courierCode"], "the two couriers differ on the wire")
	var got []int
	for _, r := range res.Rejected {
		got = append(got, r.Index)
	}
	assert.Equal(t, []int{1, 2, 3, -1, -1}, got)
}

// pacedCarrier is a carrier on an httpmock transport answering every
// query, with the given options and no rate limit of the tests' own.
func pacedCarrier(t *testing.T, opts ...track123.Option) *track123.Carrier {
	t.Helper()
	m := &mock{MockTransport: httpmock.NewMockTransport()}
	m.replyFunc("POST", "/tk/v2.1/track/query", rejectAll)
	return track123.New(append([]track123.Option{track123.WithHTTPClient(&http.Client{Transport: m}), track123.WithRetry(fastRetry)}, opts...)...)
}

// query asks for one number with a deadline of d; the limiter refuses at
// once a call whose turn would come after its deadline.
func query(c *track123.Carrier, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_, err := c.QueryNumbers(ctx, []track123.Number{{TrackingNumber: "N1"}}, testCred)
	return err
}

// Without WithRateLimit the carrier paces at DefaultRate: right after one
// call, a call that cannot wait for the next slot is refused.
func TestDefaultRateApplies(t *testing.T) {
	c := pacedCarrier(t)
	require.NoError(t, query(c, time.Second))
	var refused error
	for range 10 { // a stalled machine may let a slot pass between two calls
		if err := query(c, 10*time.Millisecond); errors.Is(err, tracking.ErrRateLimited) {
			refused = err
			break
		}
	}
	assert.Error(t, refused, "no call was refused at %v a second", track123.DefaultRate)
}

// A burst given with WithRateLimit is kept, and a burst of 0 or less is
// DefaultBurst, not a limiter that refuses everything.
func TestRateLimitBurst(t *testing.T) {
	c := pacedCarrier(t, track123.WithRateLimit(1, 3))
	for i := range 3 {
		require.NoError(t, query(c, 500*time.Millisecond), "call %d of the burst", i+1)
	}
	c = pacedCarrier(t, track123.WithRateLimit(1000, 0))
	require.NoError(t, query(c, time.Second))
}

// queryAnswer is a query answer holding one delivered tracking with the
// given deliveredTime and tracking details.
func queryAnswer(deliveredTime string, details ...map[string]any) []byte {
	return envelope("00000", "Success", map[string]any{
		"accepted": map[string]any{"content": []any{map[string]any{
			"trackNo": "N1", "transitStatus": "DELIVERED", "transitSubStatus": "DELIVERED_01", "deliveredTime": deliveredTime,
			"localLogisticsInfo": map[string]any{"courierCode": "usps", "trackingDetails": details},
		}}, "totalPages": 1, "currentPage": 1, "cursor": ""},
		"rejected": []any{},
	})
}

func detail(local, utc, sub string) map[string]any {
	return map[string]any{"eventDetail": sub, "eventTime": local, "eventTimeZeroUTC": utc, "timezone": "-05:00", "transitSubStatus": sub}
}

// DeliveredAt: the event whose local time is deliveredTime gives the
// instant; a deliveredTime no event has is read as it is; without one, the
// newest delivered event that has a time.
func TestDeliveredAtChoice(t *testing.T) {
	ctx := context.Background()
	at := func(s string) time.Time { v, err := time.Parse(time.RFC3339, s); require.NoError(t, err); return v }
	newest := detail("2026-02-25 13:02:44", "2026-02-25T18:02:44Z", "DELIVERED_01")
	older := detail("2026-02-24 09:00:00", "2026-02-24T14:00:00Z", "DELIVERED_01")
	moving := detail("2026-02-26 08:00:00", "2026-02-26T13:00:00Z", "IN_TRANSIT_01")
	for _, tc := range []struct {
		name string
		body []byte
		want time.Time
	}{
		{"the event at deliveredTime", queryAnswer("2026-02-24 09:00:00", newest, older), at("2026-02-24T14:00:00Z")},
		{"a deliveredTime no event has", queryAnswer("2026-02-23 10:00:00", newest, older), at("2026-02-23T10:00:00Z")},
		{"none: the newest delivered event", queryAnswer("", newest, older), at("2026-02-25T18:02:44Z")},
		{"none: an event that is no delivery is passed over", queryAnswer("", moving, newest), at("2026-02-25T18:02:44Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, m := newMockCarrier(t)
			m.reply("POST", "/tk/v2.1/track/query", 200, tc.body)
			qr, err := c.QueryNumbers(ctx, []track123.Number{{TrackingNumber: "N1"}}, testCred)
			require.NoError(t, err)
			require.Len(t, qr.Trackings, 1)
			s := qr.Trackings[0].Shipment
			require.NotNil(t, s.DeliveredAt)
			assert.Equal(t, tc.want, *s.DeliveredAt)
		})
	}
}

// Exactly MaxBatch order numbers make one query, not a second one without
// order numbers (which would list every tracking).
func TestTrackingsExactlyMaxBatchOrderNumbers(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 200, pageBody([]string{"A"}, "", 1, 1))
	for _, err := range c.ListMatching(context.Background(), track123.Query{OrderNumbers: numbers(track123.MaxBatch)}, testCred) {
		require.NoError(t, err)
	}
	assert.Equal(t, []int{track123.MaxBatch}, batchSizes(t, m.requests(), "orderNos"))
}

// A rejection without an error object is Track123's parameter error.
func TestRejectionWithoutError(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/delete", 200, envelope("00000", "Success", map[string]any{"accepted": []any{},
		"rejected": []any{map[string]any{"trackNo": "N1"}}}))
	res, err := c.UnregisterBatch(context.Background(), []track123.Number{{TrackingNumber: "N1"}}, testCred)
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	var e *tracking.APIError
	require.ErrorAs(t, res.Rejected[0].Err, &e)
	assert.Equal(t, track123.CodeParamError, e.Code)
	assert.ErrorIs(t, e, tracking.ErrInvalidRequest)
	assert.Equal(t, "N1: rejected", e.Message)
}

// An HTTP error whose JSON body has no code is classified by its status.
func TestHTTPErrorWithoutCode(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 400, []byte(`{"msg":"bad request"}`))
	_, err := c.QueryNumbers(context.Background(), []track123.Number{{TrackingNumber: "N1"}}, testCred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.NotErrorIs(t, err, tracking.ErrInvalidResponse)
}

// A cursor that comes back after another one is caught at once, not at the
// page bound.
func TestCursorCycleCaught(t *testing.T) {
	c, m := newMockCarrier(t, track123.WithMaxPages(50))
	m.reply("POST", "/tk/v2.1/track/query", 200,
		pageBody([]string{"A"}, "c1", 1, 0), pageBody([]string{"B"}, "c2", 2, 0), pageBody([]string{"C"}, "c1", 3, 0))
	var last error
	for _, err := range c.ListMatching(context.Background(), track123.Query{}, testCred) {
		if err != nil {
			last = err
		}
	}
	assert.ErrorContains(t, last, "already sent")
	assert.Len(t, m.requests(), 3)
}

// Only a query for numbers falls back to trackNos: a listing by order
// number refused as a bad parameter is not sent again.
func TestListingNotRetriedWithTrackNos(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 200, envelope(track123.CodeParamError, "param error", nil))
	var last error
	for _, err := range c.ListMatching(context.Background(), track123.Query{OrderNumbers: []string{"ORD-1"}}, testCred) {
		last = err
	}
	assert.ErrorIs(t, last, tracking.ErrInvalidRequest)
	assert.Len(t, m.requests(), 1)
}
