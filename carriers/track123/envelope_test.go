package track123_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
)

func TestRateLimitedOnHTTP200IsRetried(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		status int
		body   []byte
	}{
		{"A0706 on 200", 200, fixture(t, "error-rate-limited-a0706.json")},
		{"A0706 on 429", 429, fixture(t, "error-rate-limited-a0706.json")},
		{"B0210 on 200", 200, envelope("B0210", "FLOW_LIMITING", nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, m := newMockCarrier(t)
			n := 0
			m.replyFunc("POST", "/tk/v2.1/track/query", func([]byte) (int, []byte) {
				n++
				if n == 1 {
					return tc.status, tc.body
				}
				return 200, fixture(t, "query-response-delivered.json")
			})
			s, err := c.Track(ctx, tracking.Request{TrackingNumber: "9261290000000000000017"}, testCred)
			require.NoError(t, err)
			assert.Equal(t, tracking.StatusDelivered, s.Status)
			assert.Equal(t, 2, m.GetTotalCallCount())
		})
	}

	t.Run("a write is retried too: it was not processed", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/update-courier", 200, fixture(t, "error-rate-limited-a0706.json"), ok)
		require.NoError(t, c.ChangeCourier(ctx, track123.Number{TrackingNumber: "X1", Courier: "usps"}, "fedex", testCred))
		assert.Equal(t, 2, m.GetTotalCallCount())
	})

	t.Run("until retries run out", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "error-rate-limited-a0706.json"))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1"}, testCred)
		assert.ErrorIs(t, err, tracking.ErrRateLimited)
		var apiErr *tracking.APIError
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, "A0706", apiErr.Code)
		assert.Equal(t, 4, apiErr.Attempts)
		assert.Equal(t, 4, m.GetTotalCallCount())
	})
}

func TestSystemErrorsRetriedForReadsOnly(t *testing.T) {
	ctx := context.Background()
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 200, envelope("B0001", "System execution error", nil), fixture(t, "query-response-delivered.json"))
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "9261290000000000000017"}, testCred)
	require.NoError(t, err)
	assert.Equal(t, 2, m.GetTotalCallCount())

	c, m = newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/update-courier", 200, envelope("B0100", "timeout", nil), ok)
	err = c.ChangeCourier(ctx, track123.Number{TrackingNumber: "X1", Courier: "usps"}, "fedex", testCred)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1, m.GetTotalCallCount(), "a change of courier may have been applied: not repeated")
}

func TestAuthErrors(t *testing.T) {
	for _, status := range []int{200, 401} {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", status, fixture(t, "error-invalid-token-a0230.json"))
		_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X1"}, testCred)
		assert.ErrorIs(t, err, tracking.ErrUnauthorized)
		assert.Contains(t, err.Error(), "A0230")
		assert.NotContains(t, err.Error(), testSecret)
		assert.Equal(t, 1, m.GetTotalCallCount())
	}
}

// TestBadAnswers: whatever comes back, a typed error and no panic.
func TestBadAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{"unknown code", 200, `{"code":"Q1234","msg":"new failure","data":null}`, tracking.ErrInvalidResponse},
		{"numeric code", 200, `{"code":1234,"msg":"?"}`, tracking.ErrInvalidResponse},
		{"non-JSON page", 200, `<html><body>Gateway says hi</body></html>`, tracking.ErrInvalidResponse},
		{"empty body", 200, ``, tracking.ErrInvalidResponse},
		{"no code", 200, `{"msg":"Success","data":{}}`, tracking.ErrInvalidResponse},
		{"null data", 200, `{"code":"00000","msg":"Success","data":null}`, tracking.ErrInvalidResponse},
		{"empty data", 200, `{"code":"00000","msg":"Success","data":{}}`, tracking.ErrInvalidResponse},
		{"data of the wrong type", 200, `{"code":"00000","data":[1,2]}`, tracking.ErrInvalidResponse},
		{"content of the wrong type", 200, `{"code":"00000","data":{"accepted":{"content":{"a":1}}}}`, tracking.ErrInvalidResponse},
		{"truncated", 200, `{"code":"00000","data":{"accepted":{"content":[{"trackNo":"X1"`, tracking.ErrInvalidResponse},
		{"message instead of msg", 200, string(fixture(t, "error-param-message-key-a0410.json")), tracking.ErrInvalidRequest},
		{"HTML 502", 502, `<html>Bad Gateway</html>`, tracking.ErrUnavailable},
		{"HTML 404", 404, `<html>Not Found</html>`, tracking.ErrUnsupported},
		{"C0113", 200, string(fixture(t, "error-interface-not-exist-c0113.json")), tracking.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, m := newMockCarrier(t, track123.WithVersionFallback(false))
			m.reply("POST", "/tk/v2.1/track/query", tt.status, []byte(tt.body))
			s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X1"}, testCred)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tt.want)
			assert.True(t, typed(err), "%T", err)
			assert.NotContains(t, err.Error(), testSecret)
		})
	}

	t.Run("the unknown code is kept", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, []byte(`{"code":"Q1234","msg":"new failure","data":null}`))
		_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X1"}, testCred)
		var apiErr *tracking.APIError
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, "Q1234", apiErr.Code)
		assert.Contains(t, err.Error(), "new failure")
	})

	t.Run("other endpoints", func(t *testing.T) {
		ctx := context.Background()
		for _, body := range []string{`<html></html>`, `{"code":"00000","data":{}}`, `{"code":"00000","data":"x"}`, `{"code":"Q1"}`} {
			c, m := newMockCarrier(t)
			m.reply("POST", "/tk/v2.1/track/query-realtime", 200, []byte(body))
			m.reply("POST", "/tk/v2.1/track/import", 200, []byte(body))
			m.reply("POST", "/tk/v2.1/track/delete", 200, []byte(body))
			m.reply("GET", "/tk/v2/courier/list", 200, []byte(body))
			_, err := c.Realtime(ctx, tracking.Request{TrackingNumber: "X1", Courier: "usps"}, testCred)
			assert.True(t, typed(err), "realtime %s: %v", body, err)
			_, err = c.RegisterBatch(ctx, []track123.Registration{{TrackingNumber: "X1"}}, testCred)
			if body != `{"code":"00000","data":{}}` { // {} is a valid empty answer
				assert.True(t, typed(err), "import %s: %v", body, err)
			}
			_, err = c.Couriers(ctx, testCred)
			assert.True(t, typed(err), "couriers %s: %v", body, err)
		}
	})
}

func TestNoSecretInErrors(t *testing.T) {
	c, m := newMockCarrier(t)
	// A provider echoing the key back must not leak it.
	m.reply("POST", "/tk/v2.1/track/query", 200, envelope("A0230", "bad key "+testSecret, nil))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "X1"}, testCred)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSecret)
	assert.NotContains(t, fmtAll(err), testSecret)
}

func fmtAll(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
	}
	return b.String()
}

func TestVersionFallback(t *testing.T) {
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "9261290000000000000017", Courier: "usps"}

	for _, tc := range []struct {
		name   string
		status int
		body   []byte
	}{
		{"C0113", 200, fixture(t, "error-interface-not-exist-c0113.json")},
		{"HTTP 404", 404, []byte(`<html>404</html>`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, m := newMockCarrier(t)
			m.reply("POST", "/tk/v2.1/track/query", tc.status, tc.body)
			m.reply("POST", "/tk/v2/track/query", 200, fixture(t, "query-response-delivered.json"))
			s, err := c.Track(ctx, req, testCred)
			require.NoError(t, err)
			assert.Equal(t, tracking.StatusDelivered, s.Status)
			_, err = c.Track(ctx, req, testCred)
			require.NoError(t, err)

			reqs := m.requests()
			require.Len(t, reqs, 3, "the fallback is remembered")
			assert.Equal(t, "/gateway/open-api/tk/v2.1/track/query", reqs[0].Path)
			assert.Equal(t, "/gateway/open-api/tk/v2/track/query", reqs[1].Path)
			assert.JSONEq(t, `{"trackNos":["9261290000000000000017"],"queryPageSize":100,"cursor":""}`, string(reqs[1].Body))
			assert.Equal(t, "/gateway/open-api/tk/v2/track/query", reqs[2].Path)
		})
	}

	t.Run("missing on both versions", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query-realtime", 200, fixture(t, "error-interface-not-exist-c0113.json"))
		m.reply("POST", "/tk/v2/track/query-realtime", 200, fixture(t, "error-interface-not-exist-c0113.json"))
		_, err := c.Realtime(ctx, req, testCred)
		assert.ErrorIs(t, err, tracking.ErrUnsupported)
		assert.Equal(t, 2, m.GetTotalCallCount())
	})

	t.Run("turned off", func(t *testing.T) {
		c, m := newMockCarrier(t, track123.WithVersionFallback(false))
		m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "error-interface-not-exist-c0113.json"))
		_, err := c.Track(ctx, req, testCred)
		assert.ErrorIs(t, err, tracking.ErrUnsupported)
		assert.Equal(t, 1, m.GetTotalCallCount())
	})

	t.Run("v2.1 refuses trackNoInfos", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.replyFunc("POST", "/tk/v2.1/track/query", func(body []byte) (int, []byte) {
			if strings.Contains(string(body), "trackNoInfos") {
				return 200, envelope("A0410", "trackNos is required", nil)
			}
			return 200, fixture(t, "query-response-delivered.json")
		})
		for range 2 {
			s, err := c.Track(ctx, req, testCred)
			require.NoError(t, err)
			assert.Equal(t, tracking.StatusDelivered, s.Status)
		}
		reqs := m.requests()
		require.Len(t, reqs, 3, "trackNos is remembered")
		assert.Contains(t, string(reqs[0].Body), "trackNoInfos")
		assert.JSONEq(t, `{"trackNos":["9261290000000000000017"],"queryPageSize":100,"cursor":""}`, string(reqs[1].Body))
		assert.JSONEq(t, string(reqs[1].Body), string(reqs[2].Body))
	})

	t.Run("a bad parameter on both field names", func(t *testing.T) {
		c, m := newMockCarrier(t)
		m.reply("POST", "/tk/v2.1/track/query", 200, envelope("A0400", "bad", nil))
		_, err := c.Track(ctx, req, testCred)
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
		assert.Equal(t, 2, m.GetTotalCallCount(), "tried once more, not forever")
	})
}

func TestContextHonoured(t *testing.T) {
	c, m := newMockCarrier(t)
	m.reply("POST", "/tk/v2.1/track/query", 200, fixture(t, "query-response-delivered.json"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1"}, testCred)
	assert.ErrorIs(t, err, context.Canceled)
	for _, err := range c.ListMatching(ctx, track123.Query{}, testCred) {
		assert.ErrorIs(t, err, context.Canceled)
	}
	assert.Zero(t, m.GetTotalCallCount())
}
