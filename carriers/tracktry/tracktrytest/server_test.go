package tracktrytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type answer struct {
	Status int
	Header http.Header
	Meta   struct {
		Code    int    `json:"code"`
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"meta"`
	Data json.RawMessage `json:"data"`
}

func do(t *testing.T, s *Server, method, path, key, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Tracktry-Api-Key", key)
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{Status: resp.StatusCode, Header: resp.Header}
	require.NoError(t, json.Unmarshal(b, &a), string(b))
	return a
}

func newServer(t *testing.T, opts ...Option) *Server {
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

func TestAuth(t *testing.T) {
	s := newServer(t)
	for _, key := range []string{"", "wrong"} {
		a := do(t, s, http.MethodGet, "/v1/carriers", key, "")
		assert.Equal(t, 200, a.Status)
		assert.Equal(t, 4001, a.Meta.Code)
		assert.Equal(t, "Unauthorized", a.Meta.Type)
	}
	a := do(t, s, http.MethodGet, "/v1/carriers", APIKey, "")
	assert.Equal(t, 200, a.Meta.Code)
	assert.Equal(t, "fake-tracktry", s.Credential().Code)
	assert.Equal(t, APIKey, s.Credential().Fields["api_key"].Reveal())
	assert.Equal(t, Email, s.Credential().Fields["email"].Reveal())
}

func TestRoutes(t *testing.T) {
	s := newServer(t)
	a := do(t, s, http.MethodGet, "/v2/carriers", APIKey, "")
	assert.Equal(t, 404, a.Status)
	a = do(t, s, http.MethodPost, "/v1/carriers", APIKey, "")
	assert.Equal(t, 405, a.Status)
	assert.Equal(t, 405, a.Meta.Code)
	a = do(t, s, http.MethodPatch, "/v1/trackings/4px/300400000001", APIKey, "")
	assert.Equal(t, 405, a.Meta.Code)
	a = do(t, s, http.MethodGet, "/v1/nothing", APIKey, "")
	assert.Equal(t, 404, a.Meta.Code)
}

func TestSeededAndDataForms(t *testing.T) {
	s := newServer(t)
	assert.Equal(t, 4, s.Len())
	for _, n := range [][2]string{{"4px", "300400000001"}, {"china-post", "RB000000001CN"}, {"china-ems", "LX000000002CN"}, {"china-post", "UB000000003CN"}} {
		_, ok := s.Tracking(n[0], n[1])
		assert.True(t, ok, n)
	}
	a := do(t, s, http.MethodGet, "/v1/trackings/4px/300400000001", APIKey, "")
	assert.Equal(t, byte('{'), a.Data[0])
	assert.Contains(t, string(a.Data), `"tracking_number":"300400000001"`)
	s.SetDataForm(DataArray)
	a = do(t, s, http.MethodGet, "/v1/trackings/4px/300400000001", APIKey, "")
	assert.Equal(t, byte('['), a.Data[0])
	s.SetDataForm(DataItems)
	a = do(t, s, http.MethodGet, "/v1/trackings/4px/300400000001", APIKey, "")
	assert.True(t, bytes.HasPrefix(a.Data, []byte(`{"items":[`)))
	a = do(t, s, http.MethodGet, "/v1/trackings/4px/nope", APIKey, "")
	assert.Equal(t, 4017, a.Meta.Code)

	empty := newServer(t, WithoutSeed(), WithDataForm(DataArray))
	assert.Zero(t, empty.Len())
}

func TestCreateUpdateDelete(t *testing.T) {
	s := newServer(t)
	a := do(t, s, http.MethodPost, "/v1/trackings/post", APIKey, `{"tracking_number":"RR1","carrier_code":"china-post","destination_code":"US","order_id":"#1"}`)
	require.Equal(t, 200, a.Meta.Code)
	assert.Contains(t, string(a.Data), `"status":"pending"`)
	assert.Contains(t, string(a.Data), `"destination_country":"US"`)
	a = do(t, s, http.MethodPost, "/v1/trackings/post", APIKey, `{"tracking_number":"RR1","carrier_code":"china-post"}`)
	assert.Equal(t, 4016, a.Meta.Code)
	a = do(t, s, http.MethodPost, "/v1/trackings/post", APIKey, `{"tracking_number":"RR2","carrier_code":"nope"}`)
	assert.Equal(t, 4015, a.Meta.Code)
	a = do(t, s, http.MethodPost, "/v1/trackings/post", APIKey, `{"carrier_code":"usps"}`)
	assert.Equal(t, 4013, a.Meta.Code)
	a = do(t, s, http.MethodPost, "/v1/trackings/post", APIKey, `not json`)
	assert.Equal(t, 4012, a.Meta.Code)

	a = do(t, s, http.MethodPut, "/v1/trackings/china-post/RR1", APIKey, `{"title":"T","archived":"true","status":4}`)
	require.Equal(t, 200, a.Meta.Code)
	assert.Contains(t, string(a.Data), `"status":"delivered"`)
	assert.Contains(t, string(a.Data), `"archived":"true"`)
	a = do(t, s, http.MethodPut, "/v1/trackings/china-post/RR1", APIKey, `{"status":8}`)
	assert.Contains(t, string(a.Data), `"status":"pending"`)
	a = do(t, s, http.MethodPut, "/v1/trackings/china-post/RR1", APIKey, `{"status":5}`)
	assert.Equal(t, 4012, a.Meta.Code)

	a = do(t, s, http.MethodDelete, "/v1/trackings/china-post/RR1", APIKey, "")
	assert.Equal(t, 200, a.Meta.Code)
	a = do(t, s, http.MethodDelete, "/v1/trackings/china-post/RR1", APIKey, "")
	assert.Equal(t, 4017, a.Meta.Code)
}

func TestBatch(t *testing.T) {
	s := newServer(t)
	var items []string
	for i := range 41 {
		items = append(items, fmt.Sprintf(`{"tracking_number":"N%d","carrier_code":"usps"}`, i))
	}
	a := do(t, s, http.MethodPost, "/v1/trackings/batch", APIKey, "["+strings.Join(items, ",")+"]")
	assert.Equal(t, 4020, a.Meta.Code, "more than 40")

	body := `[{"tracking_number":"N1","carrier_code":"usps"},{"tracking_number":"300400000001","carrier_code":"4px"},
	  {"tracking_number":"X","carrier_code":"nope","specialNumberDestination":"US"}]`
	a = do(t, s, http.MethodPost, "/v1/trackings/batch", APIKey, body)
	require.Equal(t, 201, a.Meta.Code)
	var d struct {
		Submitted, Added int
		Trackings        []map[string]any
		Errors           []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(a.Data, &d))
	assert.Equal(t, 3, d.Submitted)
	assert.Equal(t, 1, d.Added)
	require.Len(t, d.Errors, 2)
	assert.Equal(t, byte('{'), d.Errors[0][0], "4016 as an object")
	assert.Equal(t, byte('"'), d.Errors[1][0], "4015 as a JSON string")

	a = do(t, s, http.MethodPost, "/v1/trackings/batch", APIKey, `{"not":"an array"}`)
	assert.Equal(t, 4012, a.Meta.Code)
	s.SetBatchLimit(1)
	a = do(t, s, http.MethodPost, "/v1/trackings/batch", APIKey, body)
	assert.Equal(t, 4020, a.Meta.Code)
}

func TestListPaging(t *testing.T) {
	s := newServer(t, WithoutSeed())
	a := do(t, s, http.MethodGet, "/v1/trackings/get", APIKey, "")
	assert.Equal(t, 4031, a.Meta.Code)
	for i := range 5 {
		s.Add("usps", fmt.Sprintf("N%d", i), "transit", "")
	}
	s.Add("usps", "D1", "delivered", "delivered001")
	type page struct {
		Page  int              `json:"page"`
		Limit int              `json:"limit"`
		Total string           `json:"total"`
		Items []map[string]any `json:"items"`
	}
	var p page
	a = do(t, s, http.MethodGet, "/v1/trackings/get?page=2&limit=4", APIKey, "")
	require.NoError(t, json.Unmarshal(a.Data, &p))
	assert.Equal(t, page{Page: 2, Limit: 4, Total: "6", Items: p.Items}, p)
	assert.Len(t, p.Items, 2)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?page=3&limit=4", APIKey, "")
	assert.Equal(t, 4031, a.Meta.Code)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?status=delivered", APIKey, "")
	require.NoError(t, json.Unmarshal(a.Data, &p))
	assert.Len(t, p.Items, 1)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?numbers=N1,n2", APIKey, "")
	require.NoError(t, json.Unmarshal(a.Data, &p))
	assert.Len(t, p.Items, 2)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?created_at_min="+fmt.Sprint(time.Now().Add(time.Hour).Unix()), APIKey, "")
	assert.Equal(t, 4031, a.Meta.Code)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?status=lost", APIKey, "")
	assert.Equal(t, 4033, a.Meta.Code)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?limit=2001", APIKey, "")
	assert.Equal(t, 4012, a.Meta.Code)
	a = do(t, s, http.MethodGet, "/v1/trackings/get?page=0", APIKey, "")
	assert.Equal(t, 4012, a.Meta.Code)
}

func TestRealtimeDetect(t *testing.T) {
	s := newServer(t)
	a := do(t, s, http.MethodPost, "/v1/trackings/realtime", APIKey, `{"tracking_number":"LX000000002CN"}`)
	assert.True(t, bytes.HasPrefix(a.Data, []byte(`{"items":[`)))
	a = do(t, s, http.MethodPost, "/v1/trackings/realtime", APIKey, `{"tracking_number":"NOPE"}`)
	assert.Equal(t, 4017, a.Meta.Code)
	a = do(t, s, http.MethodPost, "/v1/carriers/detect", APIKey, `{"tracking_number":"300400000001"}`)
	assert.JSONEq(t, `[{"name":"4PX","code":"4px"}]`, string(a.Data))
	a = do(t, s, http.MethodPost, "/v1/carriers/detect", APIKey, `{"tracking_number":"9400100000000000000000"}`)
	assert.JSONEq(t, `[{"name":"USPS","code":"usps"}]`, string(a.Data))
	a = do(t, s, http.MethodPost, "/v1/carriers/detect", APIKey, `{"tracking_number":"???"}`)
	assert.Equal(t, 4032, a.Meta.Code)
}

func TestFaultWriters(t *testing.T) {
	s := newServer(t)
	s.RateLimitNext(1, 0)
	a := do(t, s, http.MethodGet, "/v1/carriers", APIKey, "")
	assert.Equal(t, 200, a.Status)
	assert.Equal(t, 429, a.Meta.Code)
	assert.Empty(t, a.Header.Get("Retry-After"), "Tracktry sends none")

	s.RateLimitNext(1, 1500*time.Millisecond)
	a = do(t, s, http.MethodGet, "/v1/carriers", APIKey, "")
	assert.Equal(t, "2", a.Header.Get("Retry-After"))

	s.FailNext(1, 503)
	a = do(t, s, http.MethodGet, "/v1/carriers", APIKey, "")
	assert.Equal(t, 503, a.Status)
	assert.Equal(t, 503, a.Meta.Code)
	assert.Equal(t, 3, s.Requests())
	assert.Equal(t, 1, s.Served(503))

	s429 := newServer(t, WithRateLimitStatus(429))
	s429.RateLimitNext(1, 0)
	a = do(t, s429, http.MethodGet, "/v1/carriers", APIKey, "")
	assert.Equal(t, 429, a.Status)
	assert.Equal(t, 429, a.Meta.Code)
}

func TestSeedHelpersAndWebhook(t *testing.T) {
	s := newServer(t, WithoutSeed())
	require.Error(t, s.AddJSON([]byte(`{"tracking_number":"A"}`)))
	require.Error(t, s.AddJSON([]byte(`[]`)))
	require.NoError(t, s.AddJSON([]byte(`{"tracking_number":"A","carrier_code":"usps","status":"transit","created_at":"2026-01-01T00:00:00+00:00"}`)))
	assert.True(t, s.SetStatus("usps", "A", "delivered", "delivered002"))
	assert.False(t, s.SetStatus("usps", "B", "delivered", ""))
	raw, ok := s.Tracking("USPS", "a")
	require.True(t, ok)
	assert.Contains(t, string(raw), `"substatus":"delivered002"`)

	body, ok := s.WebhookBody("usps", "A", time.Unix(1771492380, 0))
	require.True(t, ok)
	var w struct {
		VerifyInfo struct {
			TimeStr   json.Number `json:"timeStr"`
			Signature string      `json:"signature"`
		} `json:"verifyInfo"`
	}
	require.NoError(t, json.Unmarshal(body, &w))
	assert.Equal(t, "1771492380", w.VerifyInfo.TimeStr.String())
	mac := hmac.New(sha256.New, []byte(Email))
	mac.Write([]byte("1771492380"))
	assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), w.VerifyInfo.Signature)
	_, ok = s.WebhookBody("usps", "nope", time.Now())
	assert.False(t, ok)
}

// The signing scheme matches the provider file's fixture vector.
func TestSignatureVector(t *testing.T) {
	mac := hmac.New(sha256.New, []byte("user@example.com"))
	mac.Write([]byte("1771492380"))
	assert.Equal(t, "ec8e4829f2e83e246ef86919b3dd5dad6af2aeb8424529a26f77e2b732ad5212", hex.EncodeToString(mac.Sum(nil)))
}
