package track123test_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/parcelkit/tracking/carriers/track123/track123test"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type answer struct {
	Code    string          `json:"code"`
	Msg     string          `json:"msg"`
	Data    json.RawMessage `json:"data"`
	TraceID string          `json:"traceId"`
}

// call sends a request to the fake and decodes its envelope.
func call(t *testing.T, s *track123test.Server, method, path, secret string, body any) (int, answer) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.BaseURL()+path, rd)
	require.NoError(t, err)
	if secret != "" {
		req.Header.Set("Track123-Api-Secret", secret)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var a answer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&a))
	return resp.StatusCode, a
}

func newServer(t *testing.T, opts ...track123test.Option) *track123test.Server {
	s := track123test.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

func TestAuth(t *testing.T) {
	s := newServer(t)
	for _, secret := range []string{"", "wrong"} {
		status, a := call(t, s, "GET", "/tk/v2/courier/list", secret, nil)
		assert.Equal(t, 200, status)
		assert.Equal(t, "A0230", a.Code)
	}
	status, a := call(t, s, "GET", "/tk/v2/courier/list", track123test.APISecret, nil)
	assert.Equal(t, 200, status)
	assert.Equal(t, "00000", a.Code)
	assert.NotEmpty(t, a.TraceID)

	s2 := newServer(t, track123test.WithAPISecret("other"))
	_, a = call(t, s2, "GET", "/tk/v2/courier/list", "other", nil)
	assert.Equal(t, "00000", a.Code)
	assert.Equal(t, "other", s2.Credential().Fields["api_secret"].Reveal())
	assert.Equal(t, track123test.CredentialCode, s2.Credential().Code)
}

func TestUnknownPathsAndMethods(t *testing.T) {
	s := newServer(t)
	for _, tc := range []struct{ method, path string }{
		{"POST", "/tk/v3/track/query"},
		{"POST", "/tk/v2.1/track/nothing"},
		{"GET", "/tk/v2.1/track/query"},
		{"POST", "/tk/v2/courier/list"},
		{"POST", "/tk/v2/track/query-realtime"}, // v2.1 only
	} {
		_, a := call(t, s, tc.method, tc.path, track123test.APISecret, map[string]any{})
		assert.Equal(t, "C0113", a.Code, tc.method+" "+tc.path)
	}
}

func TestBatchLimit(t *testing.T) {
	s := newServer(t)
	items := make([]map[string]string, 101)
	nums := make([]string, 101)
	for i := range items {
		nums[i] = fmt.Sprintf("N%05d", i)
		items[i] = map[string]string{"trackNo": nums[i]}
	}
	_, a := call(t, s, "POST", "/tk/v2.1/track/import", track123test.APISecret, items)
	assert.Equal(t, "A0400", a.Code)
	_, a = call(t, s, "POST", "/tk/v2.1/track/delete", track123test.APISecret, items)
	assert.Equal(t, "A0400", a.Code)
	_, a = call(t, s, "POST", "/tk/v2/track/query", track123test.APISecret, map[string]any{"trackNos": nums})
	assert.Equal(t, "A0400", a.Code)
	_, a = call(t, s, "POST", "/tk/v2.1/track/query", track123test.APISecret, map[string]any{"queryPageSize": 101})
	assert.Equal(t, "A0400", a.Code)

	_, a = call(t, s, "POST", "/tk/v2.1/track/import", track123test.APISecret, items[:100])
	assert.Equal(t, "00000", a.Code)
	var data struct{ Accepted, Rejected []json.RawMessage }
	require.NoError(t, json.Unmarshal(a.Data, &data))
	assert.Len(t, data.Accepted, 100)
	assert.Empty(t, data.Rejected)
}

func TestQueryPagesAndRejects(t *testing.T) {
	s := newServer(t)
	type page struct {
		Accepted struct {
			Content []struct {
				ID      json.Number `json:"id"`
				TrackNo string      `json:"trackNo"`
			} `json:"content"`
			TotalElements, TotalPages, CurrentPage int
			Cursor                                 string
		}
		Rejected []struct {
			TrackNo string
			Error   struct{ Code, Msg string }
		}
	}
	q := map[string]any{"createTimeStart": "2026-02-01 00:00:00", "createTimeEnd": "2026-03-05 23:59:59", "queryPageSize": 3, "cursor": ""}
	var got []string
	for i := 0; ; i++ {
		require.Less(t, i, 5)
		_, a := call(t, s, "POST", "/tk/v2.1/track/query", track123test.APISecret, q)
		require.Equal(t, "00000", a.Code, a.Msg)
		var p page
		require.NoError(t, json.Unmarshal(a.Data, &p))
		assert.Equal(t, 4, p.Accepted.TotalElements)
		assert.Equal(t, 2, p.Accepted.TotalPages)
		assert.Equal(t, i+1, p.Accepted.CurrentPage)
		for _, c := range p.Accepted.Content {
			got = append(got, c.TrackNo)
		}
		if p.Accepted.Cursor == "" {
			break
		}
		q["cursor"] = p.Accepted.Cursor
	}
	assert.Equal(t, []string{track123test.NumberPickupNL, track123test.NumberReturning, track123test.NumberDelivered, track123test.NumberPickup}, got)

	_, a := call(t, s, "POST", "/tk/v2.1/track/query", track123test.APISecret, map[string]any{
		"trackNoInfos": []map[string]string{{"trackNo": track123test.NumberDelivered, "courierCode": "usps"}, {"trackNo": track123test.NumberUnknown}},
	})
	var p page
	require.NoError(t, json.Unmarshal(a.Data, &p))
	require.Len(t, p.Accepted.Content, 1)
	assert.Equal(t, "229255084490768384", p.Accepted.Content[0].ID.String(), "18-digit id kept exact")
	require.Len(t, p.Rejected, 1)
	assert.Equal(t, track123test.NumberUnknown, p.Rejected[0].TrackNo)
	assert.Equal(t, "A0400", p.Rejected[0].Error.Code)
	assert.Equal(t, "trackNo not registered", p.Rejected[0].Error.Msg)

	_, a = call(t, s, "POST", "/tk/v2.1/track/query", track123test.APISecret, map[string]any{"cursor": "%%%"})
	assert.Equal(t, "A0400", a.Code)
}

func TestFaultWriters(t *testing.T) {
	s := newServer(t)
	s.RateLimitNext(1, 0)
	status, a := call(t, s, "GET", "/tk/v2/courier/list", track123test.APISecret, nil)
	assert.Equal(t, 200, status, "Track123 rate-limits with HTTP 200")
	assert.Equal(t, "A0706", a.Code)

	s.RateLimitNext(1, 2*time.Second)
	resp, err := s.Client().Get(s.URL + "/nothing")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))

	s.FailNext(1, 503)
	status, a = call(t, s, "GET", "/tk/v2/courier/list", track123test.APISecret, nil)
	assert.Equal(t, 503, status)
	assert.Equal(t, "B0001", a.Code)
	assert.Equal(t, 3, s.Requests())
	assert.Equal(t, 1, s.Served(503))
}

func TestDisableV21(t *testing.T) {
	s := newServer(t)
	s.DisableV21("track/query")
	_, a := call(t, s, "POST", "/tk/v2.1/track/query", track123test.APISecret, map[string]any{})
	assert.Equal(t, "C0113", a.Code)
	_, a = call(t, s, "POST", "/tk/v2/track/query", track123test.APISecret, map[string]any{})
	assert.Equal(t, "00000", a.Code)
	_, a = call(t, s, "POST", "/tk/v2.1/track/query-realtime", track123test.APISecret, map[string]string{"trackNo": track123test.NumberPickup})
	assert.Equal(t, "00000", a.Code)
	s.DisableV21()
	_, a = call(t, s, "POST", "/tk/v2.1/track/query-realtime", track123test.APISecret, map[string]string{"trackNo": track123test.NumberPickup})
	assert.Equal(t, "C0113", a.Code)
}

func TestSeedAndMutators(t *testing.T) {
	s := newServer(t)
	assert.Equal(t, 5, s.Len())
	empty := newServer(t, track123test.WithoutSeed())
	assert.Zero(t, empty.Len())

	require.NoError(t, empty.AddTracking([]byte(`{"id":229255084490768999,"trackNo":"Z1","createTime":"2026-03-01 00:00:00",
		"transitStatus":"IN_TRANSIT","localLogisticsInfo":{"courierCode":"usps","trackingDetails":[]}}`)))
	assert.Error(t, empty.AddTracking([]byte(`[]`)))
	assert.Error(t, empty.AddTracking([]byte(`{"id":1}`)))
	raw, ok := empty.Tracking("z1")
	require.True(t, ok)
	assert.Contains(t, string(raw), `229255084490768999`)
	assert.True(t, empty.SetStatus("Z1", "DELIVERED", "DELIVERED_01"))
	assert.False(t, empty.SetStatus("Z2", "DELIVERED", ""))
	raw, _ = empty.Tracking("Z1")
	assert.True(t, strings.Contains(string(raw), `"transitSubStatus":"DELIVERED_01"`))
}

// TestLookupAfterDeletes: numbers are found by an index, which must follow
// the trackings that move when one before them is deleted, and a number
// registered with two couriers is two trackings.
func TestLookupAfterDeletes(t *testing.T) {
	s := newServer(t, track123test.WithoutSeed())
	add := func(number, courier string) {
		require.NoError(t, s.AddTracking([]byte(`{"trackNo":"`+number+`","transitStatus":"IN_TRANSIT",
			"localLogisticsInfo":{"courierCode":"`+courier+`","trackingDetails":[]}}`)))
	}
	for _, n := range []string{"A1", "B2", "C3", "D4"} {
		add(n, "usps")
	}
	add("C3", "fedex")
	add("c3", "FEDEX") // the same tracking again: replaced, not added
	assert.Equal(t, 5, s.Len())

	items := []map[string]string{{"trackNo": "B2", "courierCode": "usps"}, {"trackNo": "C3", "courierCode": "usps"}}
	_, a := call(t, s, "POST", "/tk/v2.1/track/delete", track123test.APISecret, items)
	require.Equal(t, "00000", a.Code, "%s", a.Msg)
	assert.Equal(t, 3, s.Len())
	for _, n := range []string{"a1", "C3", "d4"} {
		_, ok := s.Tracking(n)
		assert.True(t, ok, n)
	}
	raw, _ := s.Tracking("C3")
	assert.Contains(t, strings.ToLower(string(raw)), `"fedex"`, "the usps C3 is gone, the fedex one stays")
	_, ok := s.Tracking("B2")
	assert.False(t, ok)
	assert.True(t, s.SetStatus("D4", "DELIVERED", ""))
}
