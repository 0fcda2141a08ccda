package techtracktest

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
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func call(t *testing.T, s *Server, method, path, body string, auth bool) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if auth {
		req.Header.Set("x-api-key", APIKey)
		req.Header.Set("x-user-key", APISecret)
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, &m), string(b))
	}
	return answer{resp.StatusCode, resp.Header, m}
}

func events(number string) string {
	return PathEvents + "?" + url.Values{"TrackingNumbers": {number}}.Encode()
}

func create(number, carrier string, code *string) string {
	m := map[string]string{"trackingNumber": number, "carrierCode": carrier}
	if code != nil {
		m["carrierCredentialsCode"] = *code
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestAuth(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := call(t, s, http.MethodGet, events(NumberDelivered), "", false)
	assert.Equal(t, http.StatusUnauthorized, a.status)
	assert.Equal(t, "Unauthorized", a.body["title"])
	assert.Equal(t, "https://tools.ietf.org/html/rfc7235#section-3.1", a.body["type"])
	assert.Contains(t, a.header.Get("Content-Type"), "application/problem+json")
}

func TestEvents(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := call(t, s, http.MethodGet, events(NumberDelivered), "", true)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["events"], 4)

	a = call(t, s, http.MethodGet, events("NOPE"), "", true)
	assert.Equal(t, http.StatusNotFound, a.status)
	a = call(t, s, http.MethodGet, PathEvents, "", true)
	assert.Equal(t, http.StatusBadRequest, a.status, "TrackingNumbers required")
	a = call(t, s, http.MethodPost, events(NumberDelivered), "", true)
	assert.Equal(t, http.StatusMethodNotAllowed, a.status)
	assert.Equal(t, 4, s.RequestsTo(PathEvents))

	require.Error(t, s.SetEvents("X", []byte(`{}`)))
	require.NoError(t, s.SetEvents("X", []byte(`[{"name":"Scan"}]`)))
	a = call(t, s, http.MethodGet, events("X"), "", true)
	assert.Len(t, a.body["events"], 1)
}

// TestCreateWithTenantDefault: a create naming no code uses the default;
// the fake records what it received.
func TestCreateWithTenantDefault(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := call(t, s, http.MethodPost, PathCreate, create("N1", "UPS", nil), true)
	assert.Equal(t, http.StatusCreated, a.status)
	assert.Equal(t, DefaultCarrierCredential, a.body["carrierCredentialsCode"])
	assert.True(t, s.Has("N1"))

	code := CarrierCredential
	a = call(t, s, http.MethodPost, PathCreate, create("N2", "UPS", &code), true)
	assert.Equal(t, http.StatusCreated, a.status)
	bad := "nope"
	a = call(t, s, http.MethodPost, PathCreate, create("N3", "UPS", &bad), true)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.False(t, s.Has("N3"))
	assert.Equal(t, []CreateCall{
		{TrackingNumber: "N1", CarrierCode: "UPS"},
		{TrackingNumber: "N2", CarrierCode: "UPS", CredentialCode: CarrierCredential, CredentialSent: true},
		{TrackingNumber: "N3", CarrierCode: "UPS", CredentialCode: "nope", CredentialSent: true},
	}, s.Creates())

	a = call(t, s, http.MethodGet, events("N1"), "", true)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Empty(t, a.body["events"], "registered, no events yet")
}

func TestCreateWithoutTenantDefault(t *testing.T) {
	s := NewServer(WithoutDefaultCredential(), WithCarrierCredentials("fedex-main"))
	defer s.Close()
	a := call(t, s, http.MethodPost, PathCreate, create("N1", "UPS", nil), true)
	assert.Equal(t, http.StatusBadRequest, a.status)
	errs := a.body["errors"].(map[string]any)
	assert.Equal(t, []any{"No default carrier credential is set for carrier UPS. Specify a carrier credential code."}, errs["carrierCredentialsCode"])
	empty := ""
	a = call(t, s, http.MethodPost, PathCreate, create("N1", "UPS", &empty), true)
	assert.Equal(t, http.StatusBadRequest, a.status, "an empty code names nothing")

	code := "fedex-main"
	a = call(t, s, http.MethodPost, PathCreate, create("N1", "FDXE", &code), true)
	assert.Equal(t, http.StatusCreated, a.status)

	s.SetDefaultCredential("ups-default")
	a = call(t, s, http.MethodPost, PathCreate, create("N4", "UPS", nil), true)
	assert.Equal(t, http.StatusCreated, a.status)
	assert.Equal(t, "ups-default", a.body["carrierCredentialsCode"])

	a = call(t, s, http.MethodPost, PathCreate, `{"carrierCode":"UPS"}`, true)
	assert.Equal(t, http.StatusBadRequest, a.status, "trackingNumber required")
	a = call(t, s, http.MethodPost, PathCreate, `nope`, true)
	assert.Equal(t, http.StatusBadRequest, a.status)
}

func TestInjectedFaults(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.RateLimitNext(1, 1500*time.Millisecond)
	a := call(t, s, http.MethodGet, events(NumberDelivered), "", true)
	assert.Equal(t, http.StatusTooManyRequests, a.status)
	assert.Equal(t, "2", a.header.Get("Retry-After"))
	s.FailNext(1, http.StatusInternalServerError)
	a = call(t, s, http.MethodGet, events(NumberDelivered), "", true)
	assert.Equal(t, http.StatusInternalServerError, a.status)
	assert.Equal(t, "Internal Server Error", a.body["title"])
	a = call(t, s, http.MethodGet, events(NumberDelivered), "", true)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, 3, s.Requests())

	cred := s.Credential()
	assert.Equal(t, CredentialCode, cred.Code)
	assert.Equal(t, APISecret, cred.Field("api_secret").Reveal())
}
