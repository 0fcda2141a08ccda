package track123_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
)

// rejectAll answers a query by rejecting every number as not registered.
func rejectAll(body []byte) (int, []byte) {
	var q struct {
		TrackNoInfos []struct {
			TrackNo string `json:"trackNo"`
		} `json:"trackNoInfos"`
	}
	_ = json.Unmarshal(body, &q)
	rej := []any{}
	for _, n := range q.TrackNoInfos {
		rej = append(rej, map[string]any{"trackNo": n.TrackNo, "error": map[string]string{"code": "A0400", "msg": "trackNo not registered"}})
	}
	return 200, envelope("00000", "Success", map[string]any{
		"accepted": map[string]any{"content": []any{}, "totalElements": 0, "totalPages": 0, "currentPage": 1, "cursor": ""},
		"rejected": rej,
	})
}

// acceptAll answers an import or delete by accepting every item.
func acceptAll(body []byte) (int, []byte) {
	var items []map[string]any
	_ = json.Unmarshal(body, &items)
	return 200, envelope("00000", "Success", map[string]any{"accepted": items, "rejected": []any{}})
}

func batchSizes(t *testing.T, reqs []recorded, field string) []int {
	t.Helper()
	var sizes []int
	for _, r := range reqs {
		if field == "" {
			var items []any
			require.NoError(t, json.Unmarshal(r.Body, &items))
			sizes = append(sizes, len(items))
			continue
		}
		var q map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(r.Body, &q))
		var items []any
		require.NoError(t, json.Unmarshal(q[field], &items))
		sizes = append(sizes, len(items))
	}
	return sizes
}

func TestBatchLimitChunking(t *testing.T) {
	ctx := context.Background()
	nums := numbers(250)

	t.Run("TrackBatch", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(false))
		m.replyFunc("POST", "/tk/v2.1/track/query", rejectAll)
		reqs := make([]tracking.Request, len(nums))
		for i, n := range nums {
			reqs[i] = tracking.Request{TrackingNumber: n}
		}
		res, err := c.TrackBatch(ctx, reqs, testCred)
		require.NoError(t, err)
		require.Len(t, res, 250)
		assert.Equal(t, []int{100, 100, 50}, batchSizes(t, m.requests(), "trackNoInfos"))
		for i, r := range res {
			assert.Equal(t, nums[i], r.Request.TrackingNumber)
			assert.ErrorIs(t, r.Err, tracking.ErrNotFound)
		}
	})

	t.Run("RegisterBatch", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/import", acceptAll)
		regs := make([]track123.Registration, len(nums))
		for i, n := range nums {
			regs[i] = track123.Registration{TrackingNumber: n}
		}
		res, err := c.RegisterBatch(ctx, regs, testCred)
		require.NoError(t, err)
		assert.Len(t, res.Accepted, 250)
		assert.Equal(t, []int{100, 100, 50}, batchSizes(t, m.requests(), ""))
	})

	t.Run("UnregisterBatch", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/delete", acceptAll)
		del := make([]track123.Number, len(nums))
		for i, n := range nums {
			del[i] = track123.Number{TrackingNumber: n, Courier: "usps"}
		}
		res, err := c.UnregisterBatch(ctx, del, testCred)
		require.NoError(t, err)
		assert.Len(t, res.Accepted, 250)
		assert.Equal(t, []int{100, 100, 50}, batchSizes(t, m.requests(), ""))
	})

	t.Run("auto-registration of the unknown", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(true))
		m.replyFunc("POST", "/tk/v2.1/track/query", rejectAll)
		m.replyFunc("POST", "/tk/v2.1/track/import", acceptAll)
		reqs := make([]tracking.Request, len(nums))
		for i, n := range nums {
			reqs[i] = tracking.Request{TrackingNumber: n, Courier: "usps"}
		}
		res, err := c.TrackBatch(ctx, reqs, testCred)
		require.NoError(t, err)
		for _, r := range res {
			require.NoError(t, r.Err)
			assert.Equal(t, tracking.StatusPending, r.Shipment.Status)
			assert.Equal(t, "usps", r.Shipment.Courier)
		}
		info := m.GetCallCountInfo()
		assert.Equal(t, 3, info["POST "+track123.DefaultBaseURL+"/tk/v2.1/track/query"])
		assert.Equal(t, 3, info["POST "+track123.DefaultBaseURL+"/tk/v2.1/track/import"])
	})
}

func TestPartialResults(t *testing.T) {
	ctx := context.Background()

	t.Run("query: one number not registered", func(t *testing.T) {
		c, m := newMockCarrier(t) // auto-registration is off by default
		m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "query-response-delivered.json"))
		res, err := c.TrackBatch(ctx, []tracking.Request{
			{TrackingNumber: "9261290000000000000017", Courier: "usps"},
			{TrackingNumber: "620300000000"},
			{TrackingNumber: ""},
		}, testCred)
		require.NoError(t, err, "one rejected number is not a failure of the batch")
		require.Len(t, res, 3)
		require.NoError(t, res[0].Err)
		assert.Equal(t, tracking.StatusDelivered, res[0].Shipment.Status)
		assert.ErrorIs(t, res[1].Err, tracking.ErrNotFound)
		var apiErr *tracking.APIError
		require.True(t, errors.As(res[1].Err, &apiErr))
		assert.Equal(t, "A0400", apiErr.Code)
		assert.Contains(t, apiErr.Message, "620300000000")
		assert.Equal(t, "0f1c2b3a4d5e6f708192a3b4c5d6e7f8.161.17726640700010002", apiErr.RequestID, "the traceId")
		assert.ErrorIs(t, res[2].Err, tracking.ErrInvalidRequest)
		assert.Len(t, m.requests(), 1)

		qr, err := c.QueryNumbers(ctx, []track123.Number{{TrackingNumber: "9261290000000000000017"}, {TrackingNumber: "620300000000"}}, testCred)
		require.NoError(t, err)
		require.Len(t, qr.Rejected, 1)
		assert.Equal(t, 1, qr.Rejected[0].Index)
		assert.NotNil(t, qr.Find(track123.Number{TrackingNumber: "9261290000000000000017", Courier: "USPS"}))
		assert.Nil(t, qr.Find(track123.Number{TrackingNumber: "9261290000000000000017", Courier: "fedex"}))
	})

	t.Run("query: a courier Track123 does not support", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, envelope("00000", "Success", map[string]any{
			"accepted": map[string]any{"content": []any{}, "cursor": ""},
			"rejected": []any{map[string]any{"trackNo": "X1", "error": map[string]string{"code": "A0400", "msg": "unsupported logistics supplier code"}}},
		}))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1", Courier: "nope"}, testCred)
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
		assert.Len(t, m.requests(), 1, "not auto-registered: the number is known to be refused")
	})

	t.Run("track: unknown number registered and pending", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(true))
		m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "query-response-delivered.json"))
		m.reply("POST", "/tk/v2.1/track/import", 200, envelope("00000", "Success", map[string]any{
			"accepted": []any{map[string]any{"trackNo": "620300000000", "courierCode": "usps"}}, "rejected": []any{}}))
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "620300000000"}, testCred)
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusPending, s.Status)
		assert.Equal(t, "usps", s.Courier, "the detected courier")
		reqs := m.requests()
		require.Len(t, reqs, 2)
		assert.JSONEq(t, `[{"trackNo":"620300000000"}]`, string(reqs[1].Body))
	})

	t.Run("track: registration refused", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(true))
		m.replyFunc("POST", "/tk/v2.1/track/query", rejectAll)
		m.reply("POST", "/tk/v2.1/track/import", 200, envelope("00000", "Success", map[string]any{"accepted": []any{},
			"rejected": []any{map[string]any{"index": 0, "trackNo": "X1", "error": map[string]string{"code": "A0400", "msg": "Insufficient balance"}}}}))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1"}, testCred)
		assert.ErrorIs(t, err, tracking.ErrQuotaExceeded)
	})

	t.Run("track: already registered counts as registered", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithAutoRegister(true))
		m.replyFunc("POST", "/tk/v2.1/track/query", rejectAll)
		m.reply("POST", "/tk/v2.1/track/import", 200, fixture(t, "import-response-partial.json"))
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "SF0000000000012", Courier: "sfb2c"}, testCred)
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusPending, s.Status)
	})

	t.Run("import", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/import", 200, fixture(t, "import-response-partial.json"))
		res, err := c.RegisterBatch(ctx, []track123.Registration{
			{TrackingNumber: "LV000000001CN", Courier: "china-post"},
			{TrackingNumber: "SF0000000000012", Courier: "sfb2c"},
			{TrackingNumber: "9261290000000000000017"},
		}, testCred)
		require.NoError(t, err)
		assert.Equal(t, []track123.Item{
			{TrackingNumber: "LV000000001CN", Courier: "china-post", OrderNumber: "ORD-10001"},
			{TrackingNumber: "9261290000000000000017", Courier: "usps", OrderNumber: "ORD-10003"},
		}, res.Accepted)
		require.Len(t, res.Rejected, 1)
		r := res.Rejected[0]
		assert.Equal(t, 1, r.Index)
		assert.Equal(t, "SF0000000000012", r.TrackingNumber)
		assert.True(t, r.Duplicate)
		assert.ErrorIs(t, r.Err, tracking.ErrInvalidRequest, "A0400 as the code says")
		assert.Equal(t, r.Err, res.ErrFor("sf0000000000012"))
		assert.NoError(t, res.ErrFor("LV000000001CN"))
	})

	t.Run("delete", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/delete", 200, fixture(t, "delete-response-partial.json"))
		res, err := c.UnregisterBatch(ctx, []track123.Number{
			{TrackingNumber: "LV000000001CN", Courier: "china-post"},
			{TrackingNumber: "620300000000", Courier: "usps"},
		}, testCred)
		require.NoError(t, err)
		assert.Len(t, res.Accepted, 1)
		require.Len(t, res.Rejected, 1)
		assert.Equal(t, 1, res.Rejected[0].Index)
		assert.False(t, res.Rejected[0].Duplicate)
		assert.ErrorIs(t, res.Rejected[0].Err, tracking.ErrNotFound)

		// Unregister promises idempotence: a number Track123 lacks is gone already.
		err = c.Unregister(ctx, tracking.Request{TrackingNumber: "620300000000", Courier: "usps"}, testCred)
		assert.NoError(t, err)
	})

	t.Run("delete with no data", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/delete", 200, ok)
		require.NoError(t, c.Unregister(ctx, tracking.Request{TrackingNumber: "LV000000001CN", Courier: "china-post"}, testCred))
	})

	t.Run("a failed chunk stops the import", func(t *testing.T) {
		c, m := newMockCarrier(t)
		calls := 0
		m.replyFunc("POST", "/tk/v2.1/track/import", func(body []byte) (int, []byte) {
			calls++
			if calls == 2 {
				return 200, fixture(t, "error-invalid-token-a0230.json")
			}
			return acceptAll(body)
		})
		regs := make([]track123.Registration, 250)
		for i, n := range numbers(250) {
			regs[i] = track123.Registration{TrackingNumber: n}
		}
		res, err := c.RegisterBatch(ctx, regs, testCred)
		assert.ErrorIs(t, err, tracking.ErrUnauthorized)
		assert.Len(t, res.Accepted, 100, "what the first call answered")
		assert.Equal(t, 2, calls)
	})
}

// pageBody is a query answer with the given page fields.
func pageBody(numbers []string, cursor string, current, total int) []byte {
	content := []any{}
	for _, n := range numbers {
		content = append(content, map[string]any{"trackNo": n, "transitStatus": "IN_TRANSIT", "transitSubStatus": "IN_TRANSIT_01"})
	}
	return envelope("00000", "Success", map[string]any{
		"accepted": map[string]any{"content": content, "totalPages": total, "currentPage": current, "cursor": cursor},
		"rejected": []any{},
	})
}

func TestPagination(t *testing.T) {
	ctx := context.Background()

	t.Run("break sends no further request", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200,
			fixture(t, "query-response-page-1-of-2.json"), fixture(t, "query-response-page-2-of-2.json"))
		n := 0
		for tr, err := range c.ListMatching(ctx, track123.Query{PageSize: 2}, testCred) {
			require.NoError(t, err)
			require.NotNil(t, tr)
			n++
			if n == 2 { // the last item of page 1
				break
			}
		}
		assert.Equal(t, 1, m.GetTotalCallCount())
	})

	t.Run("List walks every page", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200,
			fixture(t, "query-response-page-1-of-2.json"), fixture(t, "query-response-page-2-of-2.json"))
		var lister tracking.Lister = c
		var got []string
		for s, err := range lister.List(ctx, tracking.ListOptions{PageSize: 2}, testCred) {
			require.NoError(t, err)
			got = append(got, string(s.Status))
		}
		assert.Equal(t, []string{"available_for_pickup", "return_to_sender", "expired"}, got)
		assert.Equal(t, 2, m.GetTotalCallCount())
	})

	t.Run("List filters on status", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200,
			fixture(t, "query-response-page-1-of-2.json"), fixture(t, "query-response-page-2-of-2.json"))
		var got []string
		for s, err := range c.List(ctx, tracking.ListOptions{Status: tracking.StatusExpired}, testCred) {
			require.NoError(t, err)
			got = append(got, s.TrackingNumber)
		}
		assert.Equal(t, []string{"LX000000003CN"}, got)
	})

	t.Run("stops on currentPage >= totalPages despite a cursor", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, pageBody([]string{"A"}, "more", 3, 3))
		for _, err := range c.ListMatching(ctx, track123.Query{}, testCred) {
			require.NoError(t, err)
		}
		assert.Equal(t, 1, m.GetTotalCallCount())
	})

	t.Run("stops on an empty page despite a cursor", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, pageBody([]string{"A"}, "c1", 0, 0), pageBody(nil, "c2", 0, 0))
		n := 0
		for _, err := range c.ListMatching(ctx, track123.Query{}, testCred) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 1, n)
		assert.Equal(t, 2, m.GetTotalCallCount())
	})

	t.Run("a repeated cursor is an error", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, pageBody([]string{"A"}, "same", 0, 0))
		var last error
		for _, err := range c.ListMatching(ctx, track123.Query{}, testCred) {
			last = err
		}
		assert.ErrorIs(t, last, tracking.ErrInvalidResponse)
		assert.Equal(t, 2, m.GetTotalCallCount())
	})

	t.Run("the page bound", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithMaxPages(3))
		n := 0
		m.replyFunc("POST", "/tk/v2.1/track/query", func([]byte) (int, []byte) {
			n++
			return 200, pageBody([]string{"A"}, "c"+strings.Repeat("x", n), 0, 0)
		})
		var last error
		for _, err := range c.ListMatching(ctx, track123.Query{}, testCred) {
			last = err
		}
		assert.ErrorIs(t, last, tracking.ErrInvalidResponse)
		assert.Contains(t, last.Error(), "WithMaxPages")
		assert.Equal(t, 3, m.GetTotalCallCount())
	})

	t.Run("an error mid-way ends the sequence", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "query-response-page-1-of-2.json"), []byte("<html>proxy</html>"))
		var items int
		var last error
		for tr, err := range c.ListMatching(ctx, track123.Query{PageSize: 2}, testCred) {
			if err != nil {
				last = err
				continue
			}
			require.NotNil(t, tr)
			items++
		}
		assert.Equal(t, 2, items)
		assert.ErrorIs(t, last, tracking.ErrInvalidResponse)
	})

	t.Run("more than 100 order numbers", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, pageBody([]string{"A"}, "", 1, 1))
		for _, err := range c.ListMatching(ctx, track123.Query{OrderNumbers: numbers(150)}, testCred) {
			require.NoError(t, err)
		}
		assert.Equal(t, []int{100, 50}, batchSizes(t, m.requests(), "orderNos"))
	})
}

func TestFindPrefersTheCourier(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 200, envelope("00000", "Success", map[string]any{
		"accepted": map[string]any{"content": []any{
			map[string]any{"trackNo": "X1", "transitStatus": "IN_TRANSIT"},
			map[string]any{"trackNo": "X1", "transitStatus": "DELIVERED", "localLogisticsInfo": map[string]any{"courierCode": "dhl"}},
		}, "cursor": ""},
		"rejected": []any{},
	}))
	qr, err := c.QueryNumbers(context.Background(), []track123.Number{{TrackingNumber: "X1"}}, testCred)
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, qr.Find(track123.Number{TrackingNumber: "x1", Courier: "DHL"}).Status)
	assert.Equal(t, tracking.StatusInTransit, qr.Find(track123.Number{TrackingNumber: "X1", Courier: "usps"}).Status,
		"a tracking without a courier rather than none")
	assert.Equal(t, tracking.StatusInTransit, qr.Find(track123.Number{TrackingNumber: "X1"}).Status, "the first")
	assert.Nil(t, qr.Find(track123.Number{TrackingNumber: "X2"}))
}
