package shipengine_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
	"github.com/parcelkit/tracking/transport"
)

// fastRetry keeps retried tests quick.
var fastRetry = transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// wrongKey is a key the fake refuses; no error may contain it.
const wrongKey = "wrong-shipengine-key-0e7d41"

func refused() credentials.Credential {
	return credentials.Credential{Code: "refused", Carrier: shipengine.ID, Active: true,
		Fields: map[string]credentials.Secret{"api_key": wrongKey}}
}

// newFake starts the fake and a carrier pointed at it, without local rate
// limiting unless opts say otherwise.
func newFake(t *testing.T, opts ...shipengine.Option) (*shipenginetest.Server, *shipengine.Carrier) {
	t.Helper()
	srv := shipenginetest.NewServer()
	t.Cleanup(srv.Close)
	opts = append([]shipengine.Option{
		shipengine.WithBaseURL(srv.BaseURL()),
		shipengine.WithRetry(fastRetry),
		shipengine.WithRateLimit(rate.Inf, 1),
	}, opts...)
	return srv, shipengine.New(opts...)
}

// noSecrets fails when an error's text holds an API key.
func noSecrets(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, secret := range []string{shipenginetest.APIKey, shipenginetest.SandboxAPIKey, wrongKey} {
			if strings.Contains(text, secret) {
				t.Errorf("error holds an API key: %s", strings.ReplaceAll(text, secret, "[SECRET]"))
			}
		}
	}
}

func TestConformance(t *testing.T) {
	srv := shipenginetest.NewServer()
	t.Cleanup(srv.Close)
	// The default rate limits, as users get them.
	c := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()), shipengine.WithRetry(fastRetry))
	trackingtest.TestCarrier(t, c, trackingtest.CarrierFixture{
		Credential: srv.Credential(),
		Known:      shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(),
		Unknown:    tracking.Request{TrackingNumber: "794699999999", Courier: "fedex"},
		Refused:    refused(),
		Faults:     srv,
	})
}

func TestTrackSeeds(t *testing.T) {
	srv, c := newFake(t)
	want := map[shipenginetest.Seed]tracking.Status{
		shipenginetest.SeedOf(shipenginetest.NumberDelivered):          tracking.StatusDelivered,
		shipenginetest.SeedOf(shipenginetest.NumberUnknownNulls):       tracking.StatusUnknown,
		shipenginetest.SeedOf(shipenginetest.NumberQuirks):             tracking.StatusInTransit,
		shipenginetest.SeedOf(shipenginetest.NumberAwaitingCollection): tracking.StatusAvailableForPickup,
		shipenginetest.SeedOf(shipenginetest.NumberReturnToSender):     tracking.StatusReturnToSender,
	}
	for _, seed := range shipenginetest.Seeds() {
		s, err := c.Track(context.Background(), seed.Request(), srv.Credential())
		if err != nil {
			t.Fatalf("Track(%s): %v", seed.TrackingNumber, err)
		}
		if s.Status != want[seed] || s.TrackingNumber != seed.TrackingNumber || s.Courier != c.CourierCodes().Courier(seed.CarrierCode) || s.Carrier != shipengine.ID {
			t.Errorf("Track(%s) = %s %s/%s, want %s %s", seed.TrackingNumber, s.Status, s.Courier, s.TrackingNumber, want[seed], c.CourierCodes().Courier(seed.CarrierCode))
		}
		byLabel, err := c.TrackLabel(context.Background(), seed.LabelID, srv.Credential())
		if err != nil {
			t.Fatalf("TrackLabel(%s): %v", seed.LabelID, err)
		}
		if byLabel.Status != want[seed] {
			t.Errorf("TrackLabel(%s) = %s, want %s", seed.LabelID, byLabel.Status, want[seed])
		}
	}
}

func TestTrackThroughClient(t *testing.T) {
	srv, c := newFake(t)
	store, err := credentials.NewMemoryStore(srv.Credential())
	if err != nil {
		t.Fatal(err)
	}
	client, err := tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(store))
	if err != nil {
		t.Fatal(err)
	}
	s, err := client.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request())
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != tracking.StatusDelivered || len(s.Events) != 6 {
		t.Errorf("got %s with %d events, want delivered with 6", s.Status, len(s.Events))
	}
	// The client refuses a credential without api_key before any request.
	before := srv.Requests()
	bad, err := credentials.NewMemoryStore(credentials.Credential{Code: "nokey", Carrier: shipengine.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{"other": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	client, err = tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(bad))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request()); !errors.Is(err, credentials.ErrMissingField) {
		t.Errorf("credential without api_key: got %v, want ErrMissingField", err)
	}
	if srv.Requests() != before {
		t.Errorf("a request went out for a credential without api_key")
	}
}

// TestErrors walks every error the fake can produce, checking its
// category, its details, how many requests it took, and that it holds no
// API key.
func TestErrors(t *testing.T) {
	unknown := tracking.Request{TrackingNumber: "794699999999", Courier: "fedex"}
	for _, tc := range []struct {
		name     string
		setup    func(*shipenginetest.Server)
		req      tracking.Request
		cred     func(*shipenginetest.Server) credentials.Credential
		kind     error
		status   int
		code     string
		requests int
	}{
		{name: "unknown number", req: unknown, kind: tracking.ErrNotFound, status: 404, code: "invalid_identifier", requests: 1},
		{name: "wrong key", cred: func(*shipenginetest.Server) credentials.Credential { return refused() },
			kind: tracking.ErrUnauthorized, status: 401, code: "unauthorized", requests: 1},
		{name: "unsupported carrier", req: tracking.Request{TrackingNumber: "1", Courier: shipenginetest.UnsupportedCarrierCode},
			kind: tracking.ErrUnsupported, status: 400, code: "tracking_not_supported", requests: 1},
		{name: "400 is not retried", setup: func(s *shipenginetest.Server) { s.FailNext(1, http.StatusBadRequest) },
			kind: tracking.ErrInvalidRequest, status: 400, code: "unspecified", requests: 1},
		{name: "503 until retries run out", setup: func(s *shipenginetest.Server) { s.FailNext(3, http.StatusServiceUnavailable) },
			kind: tracking.ErrUnavailable, status: 503, code: "unspecified", requests: 3},
		{name: "500 until retries run out", setup: func(s *shipenginetest.Server) { s.FailNext(3, http.StatusInternalServerError) },
			kind: tracking.ErrUnavailable, status: 500, code: "unspecified", requests: 3},
		{name: "429 until retries run out", setup: func(s *shipenginetest.Server) { s.RateLimitNext(3, 0) },
			kind: tracking.ErrRateLimited, status: 429, code: "rate_limit_exceeded", requests: 3},
		{name: "malformed body", setup: func(s *shipenginetest.Server) { s.MalformNext(1) },
			kind: tracking.ErrInvalidResponse, requests: 1},
		{name: "html proxy page with 200", setup: func(s *shipenginetest.Server) {
			s.AddTracking("fedex", "794600000012", []byte("<html><body>Please log in to the proxy</body></html>"))
		}, kind: tracking.ErrInvalidResponse, requests: 1},
		{name: "empty body with 200", setup: func(s *shipenginetest.Server) { s.AddTracking("fedex", "794600000012", nil) },
			kind: tracking.ErrInvalidResponse, requests: 1},
		{name: "dropped connections", setup: func(s *shipenginetest.Server) { s.DropNext(3) },
			kind: tracking.ErrUnavailable, requests: 3},
		{name: "truncated bodies", setup: func(s *shipenginetest.Server) { s.TruncateNext(3) },
			kind: tracking.ErrUnavailable, requests: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t)
			if tc.setup != nil {
				tc.setup(srv)
			}
			req := tc.req
			if req.TrackingNumber == "" {
				req = shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request()
			}
			cred := srv.Credential()
			if tc.cred != nil {
				cred = tc.cred(srv)
			}
			s, err := c.Track(context.Background(), req, cred)
			noSecrets(t, err)
			if s != nil || !errors.Is(err, tc.kind) {
				t.Fatalf("got %v, %v; want an error matching %v", s, err, tc.kind)
			}
			if tc.status != 0 {
				var apiErr *tracking.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("%T is not a *tracking.APIError", err)
				}
				if apiErr.StatusCode != tc.status || apiErr.Code != tc.code || apiErr.Carrier != shipengine.ID {
					t.Errorf("got HTTP %d, code %q, carrier %q; want %d, %q, %q", apiErr.StatusCode, apiErr.Code, apiErr.Carrier, tc.status, tc.code, shipengine.ID)
				}
				if apiErr.RequestID == "" {
					t.Errorf("no request id in %v", err)
				}
			}
			if got := srv.Requests(); got != tc.requests {
				t.Errorf("%d requests reached the fake, want %d", got, tc.requests)
			}
		})
	}
}

// TestRecovers: transient failures are retried and the call succeeds.
func TestRecovers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(*shipenginetest.Server)
		requests int
	}{
		{"503", func(s *shipenginetest.Server) { s.FailNext(1, http.StatusServiceUnavailable) }, 2},
		{"500", func(s *shipenginetest.Server) { s.FailNext(1, http.StatusInternalServerError) }, 2},
		{"502 then 504", func(s *shipenginetest.Server) {
			s.FailNext(1, http.StatusBadGateway)
			s.FailNext(1, http.StatusGatewayTimeout)
		}, 3},
		{"dropped connection", func(s *shipenginetest.Server) { s.DropNext(1) }, 2},
		{"truncated body", func(s *shipenginetest.Server) { s.TruncateNext(1) }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t)
			tc.setup(srv)
			s, err := c.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), srv.Credential())
			if err != nil {
				t.Fatal(err)
			}
			if s.Status != tracking.StatusDelivered || len(s.Events) != 6 {
				t.Errorf("got %s with %d events, want delivered with 6", s.Status, len(s.Events))
			}
			if got := srv.Requests(); got != tc.requests {
				t.Errorf("%d requests reached the fake, want %d", got, tc.requests)
			}
		})
	}
}

// TestRateLimitedRetryAfter: a 429 with Retry-After is waited out and
// retried. ShipEngine's Retry-After is in whole seconds, so this test
// takes one second.
func TestRateLimitedRetryAfter(t *testing.T) {
	srv, c := newFake(t)
	srv.RateLimitNext(1, time.Second)
	s, err := c.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), srv.Credential())
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != tracking.StatusDelivered || srv.Served(http.StatusTooManyRequests) != 1 || srv.Requests() != 2 {
		t.Errorf("got %s after %d requests (%d answered 429); want delivered after one 429 and one retry",
			s.Status, srv.Requests(), srv.Served(http.StatusTooManyRequests))
	}
}

// TestRateLimitedPastDeadline: a Retry-After longer than the caller's
// deadline fails at once with ErrRateLimited carrying RetryAfter.
func TestRateLimitedPastDeadline(t *testing.T) {
	srv, c := newFake(t)
	srv.RateLimitNext(1, 30*time.Second)
	// Well under the 30 s asked for, and far above how long one request takes.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := c.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), srv.Credential())
	var apiErr *tracking.APIError
	if !errors.Is(err, tracking.ErrRateLimited) || !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want ErrRateLimited", err)
	}
	if apiErr.RetryAfter != 30*time.Second || apiErr.StatusCode != 429 {
		t.Errorf("RetryAfter %s, HTTP %d; want 30s, 429", apiErr.RetryAfter, apiErr.StatusCode)
	}
	if srv.Requests() != 1 {
		t.Errorf("%d requests, want 1", srv.Requests())
	}
	noSecrets(t, err)
}

// TestHTMLProxyError: a proxy's HTML error page is retried as the 502 it
// is, then reported as such, saying it was not JSON.
func TestHTMLProxyError(t *testing.T) {
	var mu sync.Mutex
	hits := 0
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"))
	}))
	t.Cleanup(proxy.Close)
	c := shipengine.New(shipengine.WithBaseURL(proxy.URL), shipengine.WithRetry(fastRetry), shipengine.WithRateLimit(rate.Inf, 1))
	_, err := c.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), testCred)
	var apiErr *tracking.APIError
	if !errors.Is(err, tracking.ErrUnavailable) || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway {
		t.Fatalf("got %v, want ErrUnavailable with HTTP 502", err)
	}
	if !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("error %q does not say the answer was not JSON", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != 3 {
		t.Errorf("%d requests, want 3 (retried)", hits)
	}
}

func TestTrackLabelUnknown(t *testing.T) {
	srv, c := newFake(t)
	_, err := c.TrackLabel(context.Background(), "se-999999", srv.Credential())
	if !errors.Is(err, tracking.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
	noSecrets(t, err)
}

func TestRegisterUnregister(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "9400111899223197428490", Courier: "USPS"}
	if err := c.Register(ctx, req, srv.Credential()); err != nil {
		t.Fatal(err)
	}
	if !srv.Subscribed("usps", req.TrackingNumber) {
		t.Error("not subscribed after Register")
	}
	if err := c.Unregister(ctx, req, srv.Credential()); err != nil {
		t.Fatal(err)
	}
	if srv.Subscribed("usps", req.TrackingNumber) {
		t.Error("still subscribed after Unregister")
	}
	want := []shipenginetest.Subscription{
		{Action: "start", CarrierCode: "usps", TrackingNumber: req.TrackingNumber},
		{Action: "stop", CarrierCode: "usps", TrackingNumber: req.TrackingNumber},
	}
	if got := srv.Subscriptions(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Subscriptions() = %v, want %v", got, want)
	}

	// Start is safe to repeat, so a 503 is retried.
	srv.FailNext(1, http.StatusServiceUnavailable)
	if err := c.Register(ctx, req, srv.Credential()); err != nil {
		t.Fatal(err)
	}
	if srv.RequestsTo("/v1/tracking/start") != 3 {
		t.Errorf("%d requests to /v1/tracking/start, want 3", srv.RequestsTo("/v1/tracking/start"))
	}

	err := c.Register(ctx, tracking.Request{TrackingNumber: "1", Courier: shipenginetest.UnsupportedCarrierCode}, srv.Credential())
	if !errors.Is(err, tracking.ErrUnsupported) {
		t.Errorf("Register for an unsupported carrier: got %v, want ErrUnsupported", err)
	}
	err = c.Unregister(ctx, req, refused())
	if !errors.Is(err, tracking.ErrUnauthorized) {
		t.Errorf("Unregister with a wrong key: got %v, want ErrUnauthorized", err)
	}
	noSecrets(t, err)
}

func TestCarriersPartial(t *testing.T) {
	srv, c := newFake(t)
	accounts, err := c.Couriers(context.Background(), srv.Credential())
	var partial *shipengine.PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("got %v, want a *shipengine.PartialError", err)
	}
	if len(accounts) != 1 || accounts[0].Code != "stamps_com" || accounts[0].ID != "se-1234567" || !accounts[0].Primary ||
		accounts[0].ConnectionStatus != "approved" || len(accounts[0].Services) != 1 || accounts[0].Services[0].Code != "usps_priority_mail" {
		t.Errorf("accounts = %+v", accounts)
	}
	want := shipengine.ProviderError{Source: "carrier", Type: "integrations", Code: "carrier_disconnected",
		Message: "The carrier account could not be loaded.", CarrierID: "se-1234568", CarrierCode: "ups"}
	if partial.StatusCode != http.StatusMultiStatus || partial.RequestID != "0b7c6a52-3f0e-4c59-9f55-2d7f6d1f0a11" ||
		len(partial.Errors) != 1 || partial.Errors[0] != want {
		t.Errorf("PartialError = %+v", partial)
	}
	for _, words := range []string{"carrier_disconnected", "ups", "HTTP 207", "accounts that loaded are returned"} {
		if !strings.Contains(err.Error(), words) {
			t.Errorf("error %q does not mention %q", err, words)
		}
	}

	srv.SetCarriers(http.StatusOK, []byte(`{"carriers":[{"carrier_id":"se-1","carrier_code":"fedex","primary":"true"}]}`))
	accounts, err = c.Couriers(context.Background(), srv.Credential())
	if err != nil || len(accounts) != 1 || accounts[0].Code != "fedex" || !accounts[0].Primary {
		t.Errorf("200: got %+v, %v", accounts, err)
	}
	srv.SetCarriers(http.StatusOK, []byte(`{"request_id":"x"}`))
	if _, err := c.Couriers(context.Background(), srv.Credential()); !errors.Is(err, tracking.ErrInvalidResponse) {
		t.Errorf("body without carriers: got %v, want ErrInvalidResponse", err)
	}
}

// TestSandboxLimit: sandbox keys are paced at 20 a minute in their own
// buckets, production keys at 200 a minute. The limiter refuses at once,
// without waiting, a token that would come after the caller's deadline.
func TestSandboxLimit(t *testing.T) {
	srv := shipenginetest.NewServer()
	t.Cleanup(srv.Close)
	c := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()), shipengine.WithRetry(fastRetry)) // default limits
	// Calls that must succeed get a deadline no busy machine reaches; the
	// one that must be refused gets one shorter than its token's wait, and
	// the limiter refuses it at once, so nothing here depends on timing.
	track := func(cred credentials.Credential, deadline time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		_, err := c.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), cred)
		return err
	}
	for i := range shipengine.DefaultSandboxBurst {
		if err := track(srv.SandboxCredential(), 30*time.Second); err != nil {
			t.Fatalf("sandbox call %d within the burst: %v", i, err)
		}
	}
	// The next sandbox token is 3 s away (20 a minute): past a 1 s deadline.
	err := track(srv.SandboxCredential(), time.Second)
	var apiErr *tracking.APIError
	if !errors.Is(err, tracking.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter <= time.Second {
		t.Fatalf("sandbox call past the burst: got %v, want ErrRateLimited with RetryAfter near 3s", err)
	}
	// Production keys are in other buckets, at 200 a minute: a token at
	// most 300 ms away, within the deadline.
	for i := range shipengine.DefaultBurst + 1 {
		if err := track(srv.Credential(), 30*time.Second); err != nil {
			t.Fatalf("production call %d: %v", i, err)
		}
	}
	if got := srv.Requests(); got != shipengine.DefaultSandboxBurst+shipengine.DefaultBurst+1 {
		t.Errorf("%d requests reached the fake, want %d (the refused one never left)", got, shipengine.DefaultSandboxBurst+shipengine.DefaultBurst+1)
	}
}

// TestConcurrent tracks from many goroutines at once (run with -race).
func TestConcurrent(t *testing.T) {
	srv, c := newFake(t)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seed := shipenginetest.Seeds()[i%len(shipenginetest.Seeds())]
			if _, err := c.Track(context.Background(), seed.Request(), srv.Credential()); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestRateLimitOptions: each tier's limit is set by its own option.
func TestRateLimitOptions(t *testing.T) {
	srv := shipenginetest.NewServer()
	t.Cleanup(srv.Close)
	c := shipengine.New(shipengine.WithBaseURL(srv.BaseURL()), shipengine.WithRetry(fastRetry),
		shipengine.WithRateLimit(transport.PerMinute(1), 1), shipengine.WithSandboxRateLimit(rate.Inf, 1))
	track := func(cred credentials.Credential, deadline time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		_, err := c.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), cred)
		return err
	}
	for i := range 2 * shipengine.DefaultSandboxBurst {
		if err := track(srv.SandboxCredential(), 30*time.Second); err != nil {
			t.Fatalf("sandbox call %d without a sandbox limit: %v", i, err)
		}
	}
	if err := track(srv.Credential(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// The next production token is a minute away: refused at once.
	if err := track(srv.Credential(), 2*time.Second); !errors.Is(err, tracking.ErrRateLimited) {
		t.Errorf("second production call at 1 a minute: got %v, want ErrRateLimited", err)
	}
}

// TestLogger: the logger sees requests and retries, never the key.
func TestLogger(t *testing.T) {
	var buf safeBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, c := newFake(t, shipengine.WithLogger(log))
	srv.FailNext(1, http.StatusServiceUnavailable)
	if _, err := c.Track(context.Background(), shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), srv.Credential()); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.Contains(text, "retrying") {
		t.Errorf("no retry logged:\n%s", text)
	}
	if strings.Contains(text, shipenginetest.APIKey) {
		t.Error("the API key reached the log")
	}
}

type safeBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
