package ausposttest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type answer struct {
	status int
	header http.Header
	body   struct {
		TrackingResults []struct {
			TrackingID string            `json:"tracking_id"`
			Status     string            `json:"status"`
			Errors     []json.RawMessage `json:"errors"`
		} `json:"tracking_results"`
		Errors []map[string]string `json:"errors"`
	}
	raw string
}

// get calls the fake with the given auth, account and ids.
func get(t *testing.T, s *ausposttest.Server, path, user, pass, account string, ids ...string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		s.BaseURL()+path+"?tracking_ids="+strings.Join(ids, ","), nil)
	require.NoError(t, err)
	if user != "" || pass != "" {
		req.SetBasicAuth(user, pass)
	}
	if account != "" {
		req.Header.Set("Account-Number", account)
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	require.NoError(t, json.Unmarshal(b, &a.body), "body %s", b)
	return a
}

func ap(t *testing.T, s *ausposttest.Server, ids ...string) answer {
	return get(t, s, ausposttest.TrackPath, ausposttest.APIKey, ausposttest.APISecret, ausposttest.AccountNumber, ids...)
}

func st(t *testing.T, s *ausposttest.Server, ids ...string) answer {
	return get(t, s, ausposttest.TrackPath, ausposttest.APIKey, ausposttest.APISecret, ausposttest.StarTrackAccountNumber, ids...)
}

func TestSeededAnswers(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()

	a := ap(t, s, ausposttest.NumberDelivered, ausposttest.NumberInvalid, "NOPE1", ausposttest.NumberConsignment)
	require.Equal(t, http.StatusOK, a.status)
	require.Len(t, a.body.TrackingResults, 4)
	assert.Equal(t, ausposttest.NumberDelivered, a.body.TrackingResults[0].TrackingID)
	assert.Equal(t, "Delivered", a.body.TrackingResults[0].Status)
	assert.Len(t, a.body.TrackingResults[1].Errors, 1)
	assert.Contains(t, string(a.body.TrackingResults[1].Errors[0]), "ESB-10001")
	assert.Contains(t, string(a.body.TrackingResults[2].Errors[0]), "ESB-10001", "an unknown id")
	assert.Empty(t, a.body.TrackingResults[3].Errors)

	a = st(t, s, ausposttest.NumberStarTrack)
	require.Equal(t, http.StatusOK, a.status)
	assert.Empty(t, a.body.TrackingResults[0].Errors)
	assert.Contains(t, a.raw, `"consignment"`)

	// Ids are matched case-insensitively.
	a = ap(t, s, strings.ToLower(ausposttest.NumberDelivered))
	assert.Empty(t, a.body.TrackingResults[0].Errors)

	assert.Equal(t, [][]string{
		{ausposttest.NumberDelivered, ausposttest.NumberInvalid, "NOPE1", ausposttest.NumberConsignment},
		{ausposttest.NumberStarTrack},
		{strings.ToLower(ausposttest.NumberDelivered)},
	}, s.Calls())
	assert.Equal(t, 3, s.RequestsTo(ausposttest.TrackPath))
}

func TestTestEnvironmentPath(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	a := get(t, s, ausposttest.TestTrackPath, ausposttest.APIKey, ausposttest.APISecret, ausposttest.AccountNumber, ausposttest.NumberDelivered)
	require.Equal(t, http.StatusOK, a.status)
	assert.Empty(t, a.body.TrackingResults[0].Errors)
	assert.Equal(t, 1, s.RequestsTo(ausposttest.TestTrackPath))
}

func TestNetworkOfAccount(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	// An id of the other network is unknown to the account.
	a := ap(t, s, ausposttest.NumberStarTrack)
	require.Equal(t, http.StatusOK, a.status)
	assert.Contains(t, string(a.body.TrackingResults[0].Errors[0]), "ESB-10001")
	a = st(t, s, ausposttest.NumberDelivered)
	assert.Contains(t, string(a.body.TrackingResults[0].Errors[0]), "ESB-10001")
}

func TestAuthentication(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	for name, c := range map[string][3]string{
		"no auth":          {"", "", ausposttest.AccountNumber},
		"wrong key":        {"other", ausposttest.APISecret, ausposttest.AccountNumber},
		"wrong password":   {ausposttest.APIKey, "other", ausposttest.AccountNumber},
		"no account":       {ausposttest.APIKey, ausposttest.APISecret, ""},
		"unknown account":  {ausposttest.APIKey, ausposttest.APISecret, "9999999999"},
		"account with key": {ausposttest.APIKey, ausposttest.APISecret, ausposttest.APIKey},
	} {
		t.Run(name, func(t *testing.T) {
			a := get(t, s, ausposttest.TrackPath, c[0], c[1], c[2], ausposttest.NumberDelivered)
			assert.Equal(t, http.StatusUnauthorized, a.status)
			require.Len(t, a.body.Errors, 1)
			assert.Equal(t, "API_001", a.body.Errors[0]["error_code"])
		})
	}
	assert.Empty(t, s.Calls(), "refused calls are not recorded as calls")
}

func TestLimits(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "ID" + string(rune('A'+i))
	}
	for _, tc := range []struct {
		name string
		a    answer
		code string
	}{
		{"no ids", ap(t, s), "51100"},
		{"11 Australia Post ids", ap(t, s, eleven...), "51101"},
		{"11 StarTrack ids", st(t, s, eleven...), "51102"},
		{"mixed networks", ap(t, s, ausposttest.NumberDelivered, ausposttest.NumberStarTrack), "51103"},
		{"mixed networks, StarTrack account", st(t, s, ausposttest.NumberStarTrack, ausposttest.NumberDelivered), "51103"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, http.StatusBadRequest, tc.a.status)
			require.Len(t, tc.a.body.Errors, 1)
			assert.Equal(t, tc.code, tc.a.body.Errors[0]["code"])
			assert.NotEmpty(t, tc.a.body.Errors[0]["name"])
		})
	}
	a := ap(t, s, eleven[:10]...)
	assert.Equal(t, http.StatusOK, a.status, "10 ids are fine")
	assert.Len(t, s.Calls(), 1)
}

func TestAddedShipments(t *testing.T) {
	s := ausposttest.NewServer(ausposttest.WithoutSeed())
	defer s.Close()
	a := ap(t, s, ausposttest.NumberDelivered)
	assert.Contains(t, string(a.body.TrackingResults[0].Errors[0]), "ESB-10001", "not seeded")

	require.NoError(t, s.AddArticle(ausposttest.NetworkAusPost, "NEW1", "In transit"))
	require.NoError(t, s.AddError(ausposttest.NetworkAusPost, "NEW2", "ESB-10002", "Product Not Trackable"))
	require.NoError(t, s.AddArticle(ausposttest.NetworkStarTrack, "ST1", "Delivered"))
	a = ap(t, s, "NEW1", "NEW2")
	assert.Equal(t, "In transit", a.body.TrackingResults[0].Status)
	assert.Contains(t, string(a.body.TrackingResults[1].Errors[0]), "ESB-10002")
	a = st(t, s, "ST1")
	assert.Equal(t, "Delivered", a.body.TrackingResults[0].Status)

	assert.Error(t, s.AddResult("dhl", []byte(`{"tracking_id":"A"}`)))
	assert.Error(t, s.AddResult(ausposttest.NetworkAusPost, []byte(`{"status":"x"}`)))
	assert.Error(t, s.AddResult(ausposttest.NetworkAusPost, []byte(`not json`)))
}

func TestFaults(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()

	s.RateLimitNext(1, 1500*time.Millisecond)
	a := ap(t, s, ausposttest.NumberDelivered)
	assert.Equal(t, http.StatusTooManyRequests, a.status)
	assert.Equal(t, "2", a.header.Get("Retry-After"))
	assert.Equal(t, "API_002", a.body.Errors[0]["error_code"])

	s.FailNext(1, http.StatusInternalServerError)
	a = ap(t, s, ausposttest.NumberDelivered)
	assert.Equal(t, http.StatusInternalServerError, a.status)
	assert.Equal(t, "ESB-20050", a.body.Errors[0]["code"])

	s.FailNext(1, http.StatusUnauthorized)
	a = ap(t, s, ausposttest.NumberDelivered)
	assert.Equal(t, "API_001", a.body.Errors[0]["error_code"])

	assert.Equal(t, 3, s.Requests())
	assert.Equal(t, 1, s.Served(http.StatusTooManyRequests))
	s.Reset()
	assert.Zero(t, s.Requests())
	assert.Empty(t, s.Calls())
}

func TestOtherRoutes(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	resp, err := s.Client().Post(s.BaseURL()+ausposttest.TrackPath, "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	resp, err = s.Client().Get(s.BaseURL() + "/shipping/v1/accounts/" + url.PathEscape(ausposttest.AccountNumber))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestCredentials(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	ap, st := s.Credential(), s.StarTrackCredential()
	assert.Equal(t, "fake-auspost", ap.Code)
	assert.Equal(t, "auspost", ap.Carrier)
	assert.Equal(t, ausposttest.AccountNumber, ap.Field("account_number").Reveal())
	assert.Equal(t, "fake-startrack", st.Code)
	assert.Equal(t, "startrack", st.Carrier)
	assert.Equal(t, ausposttest.StarTrackAccountNumber, st.Field("account_number").Reveal())
	for _, c := range []bool{ap.Active, ap.Default, st.Active, st.Default} {
		assert.True(t, c)
	}
	assert.Len(t, ausposttest.Seeded()[ausposttest.NetworkAusPost], 5)
}
