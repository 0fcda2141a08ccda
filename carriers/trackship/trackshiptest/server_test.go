package trackshiptest

import (
	"encoding/json"
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
	status int
	header http.Header
	body   map[string]any
}

func call(t *testing.T, s *Server, method, path, key, app, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("trackship-api-key", key)
	}
	if app != "" {
		req.Header.Set("app-name", app)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return answer{resp.StatusCode, resp.Header, m}
}

func post(t *testing.T, s *Server, path, body string) answer {
	return call(t, s, http.MethodPost, path, APIKey, AppName, body)
}

func TestAuth(t *testing.T) {
	s := NewServer()
	defer s.Close()
	for name, hdr := range map[string][2]string{
		"no key":    {"", AppName},
		"wrong key": {"nope", AppName},
		"no app":    {APIKey, ""},
	} {
		a := call(t, s, http.MethodPost, PathGet, hdr[0], hdr[1], `{"tracking_number":"`+NumberDelivered+`"}`)
		assert.Equal(t, http.StatusUnauthorized, a.status, name)
		assert.Equal(t, map[string]any{"status": "error", "status_msg": "unauthorized"}, a.body, name)
	}
	assert.Equal(t, 3, s.Served(http.StatusUnauthorized))
}

func TestGet(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := post(t, s, PathGet, `{"tracking_number":"`+NumberDelivered+`","tracking_provider":"usps"}`)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "success", a.body["status"])
	data := a.body["data"].(map[string]any)
	assert.Equal(t, "delivered", data["tracking_event_status"])
	assert.Len(t, data["events"], 5)

	a = post(t, s, PathGet, `{"tracking_number":"NOPE"}`)
	assert.Equal(t, http.StatusOK, a.status, "TrackShip answers an unknown number with 200")
	assert.Equal(t, "error", a.body["status"])

	a = post(t, s, PathGet, `{}`)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.Equal(t, "Tracking number not found", a.body["status_msg"])

	a = call(t, s, http.MethodGet, PathGet, APIKey, AppName, "")
	assert.Equal(t, http.StatusNotFound, a.status, "reads are POSTs")
	a = post(t, s, "/v1/nowhere", `{}`)
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.Equal(t, 5, s.Requests())
	assert.Equal(t, 4, s.RequestsTo(PathGet))
}

func TestCreate(t *testing.T) {
	s := NewServer(WithBalance(1))
	defer s.Close()
	for body, msg := range map[string]string{
		`{"tracking_number":"A","tracking_provider":"usps"}`: "Order id not found",
		`{"order_id":"1","tracking_provider":"usps"}`:        "Tracking number not found",
		`{"order_id":1,"tracking_number":"A"}`:               "Shipping provider not found",
	} {
		a := post(t, s, PathCreate, body)
		assert.Equal(t, http.StatusBadRequest, a.status, body)
		assert.Equal(t, msg, a.body["status_msg"], body)
	}
	a := post(t, s, PathCreate, `{"order_id":"1","tracking_number":"A","tracking_provider":"pigeon"}`)
	assert.Equal(t, "carrier_unsupported", a.body["status_msg"])
	assert.Equal(t, "ok", a.body["status"], "the adversarial status ok")

	a = post(t, s, PathCreate, `{"order_id":"1","tracking_number":"A","tracking_provider":"usps"}`)
	assert.Equal(t, "pending_trackship", a.body["status_msg"])
	assert.Equal(t, "0", a.body["trackers_balance"], "a string")
	st, ok := s.Status("A")
	assert.True(t, ok)
	assert.Equal(t, "pending_trackship", st)

	a = post(t, s, PathCreate, `{"order_id":"1","tracking_number":"A","tracking_provider":"usps"}`)
	assert.Equal(t, "pending_trackship", a.body["status_msg"], "already tracked: accepted, nothing spent")
	a = post(t, s, PathCreate, `{"order_id":"2","tracking_number":"B","tracking_provider":"usps"}`)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "insufficient_balance", a.body["status_msg"])
	s.SetBalance(5)
	assert.Equal(t, 5, s.Balance())
}

func TestDeleteMarksDeleted(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := post(t, s, PathDelete, `{"order_id":"24","tracking_number":"`+NumberInTransit+`","tracking_provider":"usps"}`)
	assert.Equal(t, "ok", a.body["status"])
	st, _ := s.Status(NumberInTransit)
	assert.Equal(t, "deleted", st)
	a = post(t, s, PathDelete, `{"tracking_number":"NOPE"}`)
	assert.Equal(t, "error", a.body["status"])
}

func TestCarriersNeedNoAuth(t *testing.T) {
	s := NewServer()
	defer s.Close()
	a := call(t, s, http.MethodGet, PathCarriers, "", "", "")
	assert.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["data"], 4)
}

func TestInjectedFaults(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.InBodyErrorNext(1, "connection_issue")
	a := post(t, s, PathGet, `{"tracking_number":"`+NumberDelivered+`"}`)
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "connection_issue", a.body["status_msg"])

	s.RateLimitNext(1, 1500*time.Millisecond)
	a = post(t, s, PathGet, `{"tracking_number":"`+NumberDelivered+`"}`)
	assert.Equal(t, http.StatusTooManyRequests, a.status)
	assert.Equal(t, "2", a.header.Get("Retry-After"), "rounded up to whole seconds")

	s.FailNext(1, http.StatusServiceUnavailable)
	a = post(t, s, PathGet, `{"tracking_number":"`+NumberDelivered+`"}`)
	assert.Equal(t, http.StatusServiceUnavailable, a.status)
	assert.Equal(t, "error", a.body["status"])

	a = post(t, s, PathGet, `{"tracking_number":"`+NumberDelivered+`"}`)
	assert.Equal(t, "success", a.body["status"], "faults are used up")
	assert.Equal(t, 4, s.Requests())
}

func TestAddAndSetStatus(t *testing.T) {
	s := NewServer()
	defer s.Close()
	require.Error(t, s.Add([]byte(`{"events":[]}`)), "no tracking number")
	require.Error(t, s.Add([]byte(`nope`)))
	require.NoError(t, s.Add([]byte(`{"tracking_number":"C1","tracking_event_status":"exception","events":[]}`)))
	st, ok := s.Status("C1")
	assert.True(t, ok)
	assert.Equal(t, "exception", st)
	assert.True(t, s.SetStatus("C1", "delivered"))
	assert.False(t, s.SetStatus("NOPE", "delivered"))
	_, ok = s.Status("NOPE")
	assert.False(t, ok)

	cred := s.Credential()
	assert.Equal(t, CredentialCode, cred.Code)
	assert.True(t, cred.Active && cred.Default)
	assert.Equal(t, APIKey, cred.Field("api_key").Reveal())
}
