package shipenginetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
)

type answer struct {
	status    int
	header    http.Header
	body      []byte
	requestID string
	codes     []string
}

// call sends a request with key (none when "") and reads the answer,
// decoding ShipEngine's error envelope when there is one.
func call(t *testing.T, srv *shipenginetest.Server, method, path string, query url.Values, key string) answer {
	t.Helper()
	u := srv.BaseURL() + path
	if query != nil {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("API-Key", key)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: body}
	if resp.StatusCode >= 400 {
		var env struct {
			RequestID string `json:"request_id"`
			Errors    []struct {
				ErrorCode string `json:"error_code"`
				Message   string `json:"message"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatalf("error answer %d is not ShipEngine's envelope: %s", resp.StatusCode, body)
		}
		a.requestID = env.RequestID
		for _, e := range env.Errors {
			a.codes = append(a.codes, e.ErrorCode)
		}
		if a.requestID == "" || resp.Header.Get("X-Shipengine-Requestid") != a.requestID {
			t.Errorf("request id %q in the body, %q in the header", a.requestID, resp.Header.Get("X-Shipengine-Requestid"))
		}
	}
	return a
}

func numberQuery(code, number string) url.Values {
	return url.Values{"carrier_code": {code}, "tracking_number": {number}}
}

func newServer(t *testing.T, opts ...shipenginetest.Option) *shipenginetest.Server {
	t.Helper()
	srv := shipenginetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func TestSeedsServed(t *testing.T) {
	srv := newServer(t)
	for _, seed := range shipenginetest.Seeds() {
		for _, a := range []answer{
			call(t, srv, http.MethodGet, "/v1/tracking", numberQuery(seed.CarrierCode, seed.TrackingNumber), shipenginetest.APIKey),
			call(t, srv, http.MethodGet, "/v1/labels/"+seed.LabelID+"/track", nil, shipenginetest.SandboxAPIKey),
		} {
			var body struct {
				TrackingNumber string `json:"tracking_number"`
			}
			if a.status != http.StatusOK || json.Unmarshal(a.body, &body) != nil || body.TrackingNumber != seed.TrackingNumber {
				t.Errorf("seed %s: HTTP %d, %.80s", seed.TrackingNumber, a.status, a.body)
			}
			if a.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", a.header.Get("Content-Type"))
			}
		}
	}
	// The carrier code is matched case-insensitively, as ShipEngine's are lower case.
	if a := call(t, srv, http.MethodGet, "/v1/tracking", numberQuery("FedEx", shipenginetest.NumberDelivered), shipenginetest.APIKey); a.status != http.StatusOK {
		t.Errorf("upper-case carrier code: HTTP %d", a.status)
	}
}

func TestAuth(t *testing.T) {
	srv := newServer(t)
	q := numberQuery(shipenginetest.SeedOf(shipenginetest.NumberDelivered).CarrierCode, shipenginetest.NumberDelivered)
	for _, key := range []string{"", "wrong", shipenginetest.APIKey + "x"} {
		a := call(t, srv, http.MethodGet, "/v1/tracking", q, key)
		if a.status != http.StatusUnauthorized || len(a.codes) != 1 || a.codes[0] != "unauthorized" {
			t.Errorf("key %q: HTTP %d %v, want 401 unauthorized", key, a.status, a.codes)
		}
	}
	custom := newServer(t, shipenginetest.WithAPIKeys("only-this-one"))
	if a := call(t, custom, http.MethodGet, "/v1/tracking", q, shipenginetest.APIKey); a.status != http.StatusUnauthorized {
		t.Errorf("WithAPIKeys: the default key got HTTP %d", a.status)
	}
	if a := call(t, custom, http.MethodGet, "/v1/tracking", q, "only-this-one"); a.status != http.StatusOK {
		t.Errorf("WithAPIKeys: the given key got HTTP %d", a.status)
	}
}

func TestErrorAnswers(t *testing.T) {
	srv := newServer(t)
	key := shipenginetest.APIKey
	for _, tc := range []struct {
		name   string
		method string
		path   string
		query  url.Values
		status int
		code   string
	}{
		{"unknown number", http.MethodGet, "/v1/tracking", numberQuery("fedex", "000"), 404, "invalid_identifier"},
		{"unknown label", http.MethodGet, "/v1/labels/se-0000000/track", nil, 404, "invalid_identifier"},
		{"no carrier code", http.MethodGet, "/v1/tracking", url.Values{"tracking_number": {"1"}}, 400, "field_value_required"},
		{"no number", http.MethodPost, "/v1/tracking/start", url.Values{"carrier_code": {"usps"}}, 400, "field_value_required"},
		{"unsupported carrier", http.MethodGet, "/v1/tracking", numberQuery(shipenginetest.UnsupportedCarrierCode, "1"), 400, "tracking_not_supported"},
		{"unknown path", http.MethodGet, "/v1/trackings", nil, 404, "unspecified"},
		{"wrong method", http.MethodDelete, "/v1/tracking", nil, 404, "unspecified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, srv, tc.method, tc.path, tc.query, key)
			if a.status != tc.status || len(a.codes) != 1 || a.codes[0] != tc.code {
				t.Errorf("HTTP %d %v, want %d %s", a.status, a.codes, tc.status, tc.code)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	srv := newServer(t)
	q := numberQuery(shipenginetest.SeedOf(shipenginetest.NumberDelivered).CarrierCode, shipenginetest.NumberDelivered)
	key := shipenginetest.APIKey

	srv.RateLimitNext(1, 1500*time.Millisecond)
	a := call(t, srv, http.MethodGet, "/v1/tracking", q, key)
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "2" || len(a.codes) != 1 || a.codes[0] != "rate_limit_exceeded" {
		t.Errorf("rate limited: HTTP %d, Retry-After %q, %v", a.status, a.header.Get("Retry-After"), a.codes)
	}
	srv.RateLimitNext(1, 0)
	if a := call(t, srv, http.MethodGet, "/v1/tracking", q, key); a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "" {
		t.Errorf("rate limited without a wait: HTTP %d, Retry-After %q", a.status, a.header.Get("Retry-After"))
	}
	srv.FailNext(1, http.StatusServiceUnavailable)
	if a := call(t, srv, http.MethodGet, "/v1/tracking", q, key); a.status != http.StatusServiceUnavailable || len(a.codes) != 1 {
		t.Errorf("fail next: HTTP %d %v", a.status, a.codes)
	}
	// Faults come before authentication, as from a gateway in front.
	srv.FailNext(1, http.StatusBadGateway)
	if a := call(t, srv, http.MethodGet, "/v1/tracking", q, ""); a.status != http.StatusBadGateway {
		t.Errorf("fault without a key: HTTP %d", a.status)
	}
	if got := call(t, srv, http.MethodGet, "/v1/tracking", q, key); got.status != http.StatusOK {
		t.Errorf("after the faults: HTTP %d", got.status)
	}
	if srv.Requests() != 5 || srv.RequestsTo("/v1/tracking") != 5 || srv.Served(http.StatusTooManyRequests) != 2 {
		t.Errorf("counters: %d requests, %d to /v1/tracking, %d answered 429", srv.Requests(), srv.RequestsTo("/v1/tracking"), srv.Served(429))
	}
}

func TestSubscriptions(t *testing.T) {
	srv := newServer(t)
	key := shipenginetest.APIKey
	q := numberQuery("USPS", "9400111899223197428490")
	a := call(t, srv, http.MethodPost, "/v1/tracking/start", q, key)
	if a.status != http.StatusNoContent || len(a.body) != 0 {
		t.Fatalf("start: HTTP %d %q, want 204 and no body", a.status, a.body)
	}
	if !srv.Subscribed("usps", "9400111899223197428490") {
		t.Error("not subscribed after start")
	}
	if a := call(t, srv, http.MethodPost, "/v1/tracking/stop", q, key); a.status != http.StatusNoContent {
		t.Fatalf("stop: HTTP %d", a.status)
	}
	if srv.Subscribed("usps", "9400111899223197428490") {
		t.Error("subscribed after stop")
	}
	if got := srv.Subscriptions(); len(got) != 2 || got[0].Action != "start" || got[1].Action != "stop" || got[1].CarrierCode != "usps" {
		t.Errorf("Subscriptions() = %+v", got)
	}
	// Refused calls are not recorded.
	call(t, srv, http.MethodPost, "/v1/tracking/start", q, "")
	call(t, srv, http.MethodPost, "/v1/tracking/start", numberQuery(shipenginetest.UnsupportedCarrierCode, "1"), key)
	if got := srv.Subscriptions(); len(got) != 2 {
		t.Errorf("refused calls were recorded: %+v", got)
	}
}

func TestSeeding(t *testing.T) {
	srv := newServer(t)
	key := shipenginetest.APIKey
	srv.AddTracking("DHL_Express", "JD0001", []byte(`{"tracking_number":"JD0001","status_code":"IT"}`))
	srv.AddLabel("se-42", []byte(`{"tracking_number":"JD0001","status_code":"IT"}`))
	srv.AddUnsupportedCarrier("acme")
	if a := call(t, srv, http.MethodGet, "/v1/tracking", numberQuery("dhl_express", "JD0001"), key); a.status != 200 {
		t.Errorf("AddTracking: HTTP %d", a.status)
	}
	if a := call(t, srv, http.MethodGet, "/v1/labels/se-42/track", nil, key); a.status != 200 {
		t.Errorf("AddLabel: HTTP %d", a.status)
	}
	if a := call(t, srv, http.MethodGet, "/v1/tracking", numberQuery("acme", "1"), key); a.status != 400 {
		t.Errorf("AddUnsupportedCarrier: HTTP %d", a.status)
	}

	a := call(t, srv, http.MethodGet, "/v1/carriers", nil, key)
	if a.status != http.StatusMultiStatus {
		t.Errorf("carriers: HTTP %d, want 207 by default", a.status)
	}
	srv.SetCarriers(http.StatusOK, []byte(`{"carriers":[]}`))
	if a := call(t, srv, http.MethodGet, "/v1/carriers", nil, key); a.status != http.StatusOK || string(a.body) != `{"carriers":[]}` {
		t.Errorf("SetCarriers: HTTP %d %s", a.status, a.body)
	}
}

func TestCredentials(t *testing.T) {
	srv := newServer(t)
	c, sb := srv.Credential(), srv.SandboxCredential()
	if c.Code != shipenginetest.CredentialCode || c.Carrier != "shipengine" || !c.Active || !c.Default ||
		c.Fields["api_key"].Reveal() != shipenginetest.APIKey {
		t.Errorf("Credential() = %v", c)
	}
	if sb.Code == c.Code || sb.Default || sb.Fields["api_key"].Reveal() != shipenginetest.SandboxAPIKey {
		t.Errorf("SandboxCredential() = %v", sb)
	}
	if srv.BaseURL() != srv.URL {
		t.Errorf("BaseURL() = %q, want the server's URL", srv.BaseURL())
	}
}
