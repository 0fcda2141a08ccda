package shipengine_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carriertest"
)

const testKey = "se-test-key-5b2e9a"

var testCred = credentials.Credential{
	Code: "main", Carrier: shipengine.ID, Active: true, Default: true,
	Fields: map[string]credentials.Secret{"api_key": testKey},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mockCarrier returns a carrier whose requests reach mock; any request
// not registered fails the test.
func mockCarrier(t *testing.T, opts ...shipengine.Option) (*shipengine.Carrier, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
	})
	opts = append([]shipengine.Option{shipengine.WithHTTPClient(&http.Client{Transport: mock})}, opts...)
	return shipengine.New(opts...), mock
}

// shape returns a responder that checks what every ShipEngine request
// carries: the API-Key header, Accept, and no body.
func shape(t *testing.T, method string, status int, body []byte) httpmock.Responder {
	var rec carriertest.Recorder
	return rec.ResponderFunc(func(req carriertest.Request) carriertest.Reply {
		t.Helper()
		if req.Method != method {
			t.Errorf("method %s, want %s", req.Method, method)
		}
		if got := req.Header.Values("API-Key"); len(got) != 1 || got[0] != testKey {
			t.Errorf("API-Key header %q, want exactly the credential's key", got)
		}
		if got := req.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept %q, want application/json", got)
		}
		if got := req.Header.Get("Content-Type"); got != "" {
			t.Errorf("Content-Type %q on a request without a body", got)
		}
		if got := req.Header.Get("Authorization"); got != "" {
			t.Errorf("Authorization header %q; ShipEngine takes API-Key only", got)
		}
		if len(req.Body) > 0 {
			t.Errorf("request body %q, want none", req.Body)
		}
		if req.ContentLength > 0 {
			t.Errorf("ContentLength %d, want 0", req.ContentLength)
		}
		return carriertest.Reply{Status: status, Body: body}
	})
}

func calls(t *testing.T, mock *httpmock.MockTransport, want int) {
	t.Helper()
	if got := mock.GetTotalCallCount(); got != want {
		t.Errorf("%d requests went out, want %d: %v", got, want, mock.GetCallCountInfo())
	}
}

func TestRequestTrack(t *testing.T) {
	c, mock := mockCarrier(t)
	mock.RegisterResponderWithQuery(http.MethodGet, "https://api.shipengine.com/v1/tracking",
		url.Values{"carrier_code": {"usps"}, "tracking_number": {"9400111899223197428490"}},
		shape(t, http.MethodGet, http.StatusOK, readFixture(t, "get-tracking-delivered.json")))

	// The courier is lower-cased and both values trimmed.
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " 9400111899223197428490 ", Courier: " USPS"}, testCred)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != tracking.StatusDelivered {
		t.Errorf("Status %s, want delivered", s.Status)
	}
	calls(t, mock, 1)
}

func TestRequestTrackLabel(t *testing.T) {
	c, mock := mockCarrier(t)
	mock.RegisterResponder(http.MethodGet, "https://api.shipengine.com/v1/labels/se-28529731/track",
		func(req *http.Request) (*http.Response, error) {
			if req.URL.RawQuery != "" {
				t.Errorf("query %q, want none", req.URL.RawQuery)
			}
			return shape(t, http.MethodGet, http.StatusOK, readFixture(t, "get-tracking-from-label-return-to-sender.json"))(req)
		})
	s, err := c.TrackLabel(context.Background(), "se-28529731", testCred)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != tracking.StatusReturnToSender {
		t.Errorf("Status %s, want return_to_sender", s.Status)
	}
	calls(t, mock, 1)
}

func TestRequestTrackLabelEscapesPath(t *testing.T) {
	var rec carriertest.Recorder
	c, mock := mockCarrier(t)
	mock.RegisterNoResponder(rec.Responder(http.StatusOK, readFixture(t, "get-tracking-from-label-return-to-sender.json")))
	if _, err := c.TrackLabel(context.Background(), "se-1/../../carriers?x=1", testCred); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range rec.Requests() {
		paths = append(paths, r.ParsedURL().EscapedPath())
	}
	if want := "/v1/labels/se-1%2F..%2F..%2Fcarriers%3Fx=1/track"; len(paths) != 1 || paths[0] != want {
		t.Errorf("path %q, want %q", paths, want)
	}
}

func TestRequestRegister(t *testing.T) {
	for _, tc := range []struct {
		name string
		path string
		call func(*shipengine.Carrier, context.Context, tracking.Request, credentials.Credential) error
	}{
		{"Register", "/v1/tracking/start", (*shipengine.Carrier).Register},
		{"Unregister", "/v1/tracking/stop", (*shipengine.Carrier).Unregister},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := mockCarrier(t)
			mock.RegisterResponderWithQuery(http.MethodPost, "https://api.shipengine.com"+tc.path,
				url.Values{"carrier_code": {"fedex"}, "tracking_number": {"794600000012"}},
				shape(t, http.MethodPost, http.StatusNoContent, nil))
			if err := tc.call(c, context.Background(), tracking.Request{TrackingNumber: "794600000012", Courier: "fedex"}, testCred); err != nil {
				t.Fatal(err)
			}
			calls(t, mock, 1)
		})
	}
}

func TestRequestCarriers(t *testing.T) {
	c, mock := mockCarrier(t)
	mock.RegisterResponder(http.MethodGet, "https://api.shipengine.com/v1/carriers",
		func(req *http.Request) (*http.Response, error) {
			if req.URL.RawQuery != "" {
				t.Errorf("query %q, want none", req.URL.RawQuery)
			}
			return shape(t, http.MethodGet, http.StatusOK, []byte(`{"carriers":[{"carrier_id":"se-1","carrier_code":"ups"}]}`))(req)
		})
	got, err := c.Couriers(context.Background(), testCred)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "ups" || got[0].ID != "se-1" {
		t.Errorf("Carriers = %+v", got)
	}
	calls(t, mock, 1)
}

func TestRequestBaseURLPrefix(t *testing.T) {
	c, mock := mockCarrier(t, shipengine.WithBaseURL("https://gateway.example.com/shipengine/"))
	mock.RegisterResponderWithQuery(http.MethodGet, "https://gateway.example.com/shipengine/v1/tracking",
		url.Values{"carrier_code": {"fedex"}, "tracking_number": {"794600000012"}},
		shape(t, http.MethodGet, http.StatusOK, readFixture(t, "get-tracking-delivered.json")))
	if _, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "794600000012", Courier: "fedex"}, testCred); err != nil {
		t.Fatal(err)
	}
	calls(t, mock, 1)
}

// TestRequestRefusedLocally: bad input is refused before any request.
func TestRequestRefusedLocally(t *testing.T) {
	noKey := testCred
	noKey.Fields = map[string]credentials.Secret{"api_key": "  "}
	ctx := context.Background()
	ok := tracking.Request{TrackingNumber: "794600000012", Courier: "fedex"}
	for _, tc := range []struct {
		name  string
		opts  []shipengine.Option
		call  func(*shipengine.Carrier) error
		want  []error
		words string
	}{
		{"empty courier", nil, func(c *shipengine.Carrier) error {
			_, err := c.Track(ctx, tracking.Request{TrackingNumber: "794600000012"}, testCred)
			return err
		}, []error{tracking.ErrInvalidRequest}, "set Request.Courier"},
		{"empty courier on Register", nil, func(c *shipengine.Carrier) error {
			return c.Register(ctx, tracking.Request{TrackingNumber: "794600000012", Courier: " "}, testCred)
		}, []error{tracking.ErrInvalidRequest}, "set Request.Courier"},
		{"empty number", nil, func(c *shipengine.Carrier) error {
			_, err := c.Track(ctx, tracking.Request{TrackingNumber: " ", Courier: "fedex"}, testCred)
			return err
		}, []error{tracking.ErrInvalidRequest}, "Request.TrackingNumber"},
		{"empty label id", nil, func(c *shipengine.Carrier) error {
			_, err := c.TrackLabel(ctx, "", testCred)
			return err
		}, []error{tracking.ErrInvalidRequest}, "label"},
		{"no api key", nil, func(c *shipengine.Carrier) error {
			_, err := c.Track(ctx, ok, noKey)
			return err
		}, []error{credentials.ErrMissingField, tracking.ErrInvalidRequest}, `"api_key"`},
		{"no api key on Carriers", nil, func(c *shipengine.Carrier) error {
			_, err := c.Couriers(ctx, credentials.Credential{Code: "empty"})
			return err
		}, []error{credentials.ErrMissingField}, `"api_key"`},
		{"bad base URL", []shipengine.Option{shipengine.WithBaseURL("ftp://api.shipengine.com")}, func(c *shipengine.Carrier) error {
			_, err := c.Track(ctx, ok, testCred)
			return err
		}, []error{tracking.ErrInvalidRequest}, "base URL"},
		{"relative base URL", []shipengine.Option{shipengine.WithBaseURL("api.shipengine.com")}, func(c *shipengine.Carrier) error {
			return c.Unregister(ctx, ok, testCred)
		}, []error{tracking.ErrInvalidRequest}, "base URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := mockCarrier(t, tc.opts...)
			err := tc.call(c)
			for _, want := range tc.want {
				if !errors.Is(err, want) {
					t.Errorf("got %v, want an error matching %v", err, want)
				}
			}
			if err != nil && !strings.Contains(err.Error(), tc.words) {
				t.Errorf("error %q does not say %q", err, tc.words)
			}
			calls(t, mock, 0)
		})
	}
}

// keyRecorder is a transport.Limiter recording the keys it is asked for.
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *keyRecorder) Wait(ctx context.Context, key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, key)
	return ctx.Err()
}

func TestRequestLimitKeys(t *testing.T) {
	rec := &keyRecorder{}
	c, mock := mockCarrier(t, shipengine.WithLimiter(rec))
	mock.RegisterResponder(http.MethodGet, "https://api.shipengine.com/v1/carriers",
		httpmock.NewStringResponder(http.StatusOK, `{"carriers":[]}`))
	sandbox := credentials.Credential{Code: "sandbox", Organization: "acme",
		Fields: map[string]credentials.Secret{"api_key": "TEST_abcdef123456"}}
	for _, cred := range []credentials.Credential{testCred, sandbox} {
		if _, err := c.Couriers(context.Background(), cred); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"shipengine/live//main", "shipengine/sandbox/acme/sandbox"}
	if strings.Join(rec.keys, " ") != strings.Join(want, " ") {
		t.Errorf("limit keys %q, want %q", rec.keys, want)
	}
}
