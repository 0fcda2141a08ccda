package techtrack_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/techtrack/techtracktest"
	"github.com/parcelkit/tracking/couriers"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
	"github.com/parcelkit/tracking/transport"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var fast = transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

func fake(t *testing.T, server []techtracktest.Option, opts ...techtrack.Option) (*techtrack.Carrier, *techtracktest.Server) {
	t.Helper()
	s := techtracktest.NewServer(server...)
	t.Cleanup(s.Close)
	opts = append([]techtrack.Option{techtrack.WithBaseURL(s.BaseURL()), techtrack.WithRetry(fast), techtrack.WithRateLimit(rate.Inf, 1)}, opts...)
	return techtrack.New(opts...), s
}

func refused(s *techtracktest.Server) credentials.Credential {
	c := s.Credential().Clone()
	c.Fields[techtrack.FieldAPISecret] = "wrong-secret-51d0"
	return c
}

func TestConformance(t *testing.T) {
	c, s := fake(t, nil)
	trackingtest.TestCarrier(t, c, trackingtest.CarrierFixture{
		Credential: s.Credential(),
		Known:      tracking.Request{TrackingNumber: techtracktest.NumberDelivered},
		Unknown:    tracking.Request{TrackingNumber: techtracktest.NumberUnknown, Courier: "UPS"},
		Refused:    refused(s),
		Faults:     s,
	})
}

func TestTrackSeeded(t *testing.T) {
	c, s := fake(t, nil, techtrack.WithStatusMapping(map[string]tracking.Status{"Delivered": tracking.StatusDelivered}))
	sh, err := c.Track(context.Background(), tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, sh.Status)
	assert.Len(t, sh.Events, 4)
	assert.Equal(t, 1, s.Requests())
	assert.Empty(t, s.Creates())
}

// TestStatusMappingRefusesUnknownStatus: a mapping to a status outside
// tracking.Statuses() fails every call before any request, as in every
// carrier with WithStatusMapping; later calls add to earlier ones.
func TestStatusMappingRefusesUnknownStatus(t *testing.T) {
	c, s := fake(t, nil,
		techtrack.WithStatusMapping(map[string]tracking.Status{"Delivered": tracking.StatusDelivered}),
		techtrack.WithStatusMapping(map[string]tracking.Status{"Lost": "teleported"}))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, s.Credential())
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "teleported")
	assert.Zero(t, s.Requests())
}

// TestTrackRegistersWithTenantDefault: no code named, so none is sent,
// and the tenant's default carrier credential applies.
// TestTrackRegistersWithResolvedCode: the create carries the code of the
// credential the SDK used, even where the tenant has a default of its own
// (DefaultCarrierCredential), so techTRACK never substitutes another one.
func TestTrackRegistersWithResolvedCode(t *testing.T) {
	c, s := fake(t, nil, techtrack.WithAutoRegister(true))
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "1Z999AA10000000099", Courier: "UPS"}
	sh, err := c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status)
	assert.Equal(t, []techtracktest.CreateCall{{TrackingNumber: req.TrackingNumber, CarrierCode: "UPS",
		CredentialCode: techtracktest.CredentialCode, CredentialSent: true}}, s.Creates())

	sh, err = c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status, "known, no events yet")
	assert.Len(t, s.Creates(), 1, "registered once")
}

// TestNoTenantDefault: a credential without a code sends none, and the
// tenant's refusal is typed and says what to do; naming a code then works.
func TestNoTenantDefault(t *testing.T) {
	c, s := fake(t, []techtracktest.Option{techtracktest.WithoutDefaultCredential()}, techtrack.WithAutoRegister(true))
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "1Z999AA10000000099", Courier: "UPS"}
	codeless := s.Credential().Clone()
	codeless.Code = ""
	_, err := c.Track(ctx, req, codeless)
	require.ErrorIs(t, err, techtrack.ErrCredentialCodeRequired)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "Request.Credential")
	assert.Contains(t, err.Error(), "No default carrier credential is set for carrier UPS", "the provider's text is kept")
	assert.Equal(t, 1, s.RequestsTo(techtracktest.PathCreate), "not retried")

	req.Credential = techtracktest.CarrierCredential
	_, err = c.Track(ctx, req, codeless)
	require.NoError(t, err)
	got := s.Creates()
	require.Len(t, got, 2)
	assert.False(t, got[0].CredentialSent)
	assert.Equal(t, techtracktest.CreateCall{TrackingNumber: req.TrackingNumber, CarrierCode: "UPS",
		CredentialCode: techtracktest.CarrierCredential, CredentialSent: true}, got[1])
}

// TestClientNamesCredential runs the carrier behind tracking.Client: the
// SDK credential named by Request.Credential stands for the techTRACK
// carrier credential with the same code.
func TestClientNamesCredential(t *testing.T) {
	c, s := fake(t, []techtracktest.Option{techtracktest.WithoutDefaultCredential()}, techtrack.WithAutoRegister(true))
	east := s.Credential().Clone()
	east.Code, east.Default = techtracktest.CarrierCredential, false
	store, err := credentials.NewMemoryStore(s.Credential(), east)
	require.NoError(t, err)
	client, err := tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit
	require.NoError(t, err)
	ctx := context.Background()

	// The tenant has no default, but the SDK resolved its own default
	// credential: its code is sent and the create succeeds.
	sh, err := client.Track(ctx, tracking.Request{TrackingNumber: "N1", Courier: "UPS"})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status)

	sh, err = client.Track(ctx, tracking.Request{TrackingNumber: "N2", Courier: "UPS", Credential: techtracktest.CarrierCredential})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status)
	got := s.Creates()
	require.Len(t, got, 2)
	assert.Equal(t, techtracktest.CreateCall{TrackingNumber: "N1", CarrierCode: "UPS",
		CredentialCode: techtracktest.CredentialCode, CredentialSent: true}, got[0])
	assert.Equal(t, techtracktest.CarrierCredential, got[1].CredentialCode)

	sh, err = client.Track(ctx, tracking.Request{TrackingNumber: techtracktest.NumberDelivered})
	require.NoError(t, err)
	assert.Len(t, sh.Events, 4)
}

func TestUnknownCredentialCode(t *testing.T) {
	c, s := fake(t, nil)
	cred := s.Credential().Clone()
	cred.Fields[techtrack.FieldCarrierCredentialsCode] = "no-such-code"
	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "N1", Courier: "UPS"}, cred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.NotErrorIs(t, err, techtrack.ErrCredentialCodeRequired)
	assert.Equal(t, "no-such-code", s.Creates()[0].CredentialCode)
}

func TestTrackUnknownWithoutCourier(t *testing.T) {
	c, s := fake(t, nil, techtrack.WithAutoRegister(true))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "N1"}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Contains(t, err.Error(), "Request.Courier")
	assert.Empty(t, s.Creates())
}

// TestAutoRegister: creating a tracking may be charged, so by default (and
// with WithAutoRegister(false)) Track answers a number techTRACK does not
// know with ErrNotFound, saying to register it, and no create reaches the
// fake; WithAutoRegister(true) creates it and answers pending.
func TestAutoRegister(t *testing.T) {
	unknown := tracking.Request{TrackingNumber: techtracktest.NumberUnknown, Courier: "UPS"}
	for name, opts := range map[string][]techtrack.Option{"default": nil, "off": {techtrack.WithAutoRegister(false)}} {
		t.Run(name, func(t *testing.T) {
			c, s := fake(t, nil, opts...)
			_, err := c.Track(context.Background(), unknown, s.Credential())
			require.ErrorIs(t, err, tracking.ErrNotFound)
			assert.Contains(t, err.Error(), "register it first (Register, or WithAutoRegister)")
			assert.Empty(t, s.Creates())
			assert.Zero(t, s.RequestsTo(techtracktest.PathCreate))
		})
	}
	t.Run("on", func(t *testing.T) {
		c, s := fake(t, nil, techtrack.WithAutoRegister(true))
		sh, err := c.Track(context.Background(), unknown, s.Credential())
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusPending, sh.Status)
		assert.Equal(t, techtracktest.NumberUnknown, sh.TrackingNumber)
		require.Len(t, s.Creates(), 1)
		assert.Equal(t, techtracktest.NumberUnknown, s.Creates()[0].TrackingNumber)
	})
}

func TestFaults(t *testing.T) {
	known := tracking.Request{TrackingNumber: techtracktest.NumberDelivered}
	tests := []struct {
		name     string
		inject   func(*techtracktest.Server)
		wantErr  error
		requests int
	}{
		{"503 then success", func(s *techtracktest.Server) { s.FailNext(2, 503) }, nil, 3},
		{"500 is retried", func(s *techtracktest.Server) { s.FailNext(1, 500) }, nil, 2},
		{"dropped connection", func(s *techtracktest.Server) { s.DropNext(1) }, nil, 2},
		{"truncated answer", func(s *techtracktest.Server) { s.TruncateNext(1) }, nil, 2},
		{"429 without Retry-After", func(s *techtracktest.Server) { s.RateLimitNext(1, 0) }, nil, 2},
		{"429 with a short Retry-After", func(s *techtracktest.Server) { s.RateLimitNext(1, time.Millisecond) }, nil, 2},
		{"malformed answer", func(s *techtracktest.Server) { s.MalformNext(1) }, tracking.ErrInvalidResponse, 1},
		{"down", func(s *techtracktest.Server) { s.FailNext(10, 504) }, tracking.ErrUnavailable, 4},
		{"403", func(s *techtracktest.Server) { s.FailNext(1, 403) }, tracking.ErrUnauthorized, 1},
		{"Retry-After too long", func(s *techtracktest.Server) { s.RateLimitNext(1, time.Hour) }, tracking.ErrRateLimited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := fake(t, nil)
			tt.inject(s)
			sh, err := c.Track(context.Background(), known, s.Credential())
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Len(t, sh.Events, 4)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.requests, s.Requests())
		})
	}
}

// TestCreateNotRepeated: a create that may have arrived is not sent again;
// one refused with 429 is.
func TestCreateNotRepeated(t *testing.T) {
	c, s := fake(t, nil)
	req := tracking.Request{TrackingNumber: "N1", Courier: "UPS"}
	s.FailNext(1, 503)
	assert.ErrorIs(t, c.Register(context.Background(), req, s.Credential()), tracking.ErrUnavailable)
	assert.Equal(t, 1, s.RequestsTo(techtracktest.PathCreate))
	s.RateLimitNext(1, 0)
	require.NoError(t, c.Register(context.Background(), req, s.Credential()))
	assert.Equal(t, 3, s.RequestsTo(techtracktest.PathCreate))
}

func TestUnauthorized(t *testing.T) {
	c, s := fake(t, nil)
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, refused(s))
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.NotEmpty(t, e.RequestID, "the problem document's traceId")
	assert.Equal(t, 1, s.Requests())
}

func TestNoSecretInErrors(t *testing.T) {
	const key, secret = "tt-key-8c1e77aa", "tt-secret-0b9f22"
	c, s := fake(t, []techtracktest.Option{techtracktest.WithoutDefaultCredential()})
	cred := credentials.Credential{Code: "c1", Carrier: techtrack.ID, Active: true, Fields: map[string]credentials.Secret{techtrack.FieldAPIKey: key, techtrack.FieldAPISecret: secret}}
	ctx := context.Background()
	var errs []error
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, cred)
	errs = append(errs, err)
	codeless := s.Credential().Clone()
	codeless.Code = ""
	errs = append(errs, c.Register(ctx, tracking.Request{TrackingNumber: "N1", Courier: "UPS"}, codeless))
	s.FailNext(10, 502)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "N1"}, s.Credential())
	errs = append(errs, err)
	echo := techtrack.New(techtrack.WithBaseURL("https://acme.techtrack.test"), techtrack.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
		techtrack.WithHTTPClient(&http.Client{Transport: echoHeaders{}}))
	_, err = echo.Track(ctx, tracking.Request{TrackingNumber: "N1"}, cred)
	errs = append(errs, err)
	assert.Contains(t, err.Error(), "[REDACTED]", "the echoed secret is scrubbed")

	for i, err := range errs {
		require.Error(t, err, i)
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err)} {
			assert.NotContains(t, text, key, i)
			assert.NotContains(t, text, secret, i)
		}
	}
}

// echoHeaders answers 400 with the auth headers in a problem's detail.
type echoHeaders struct{}

func (echoHeaders) RoundTrip(r *http.Request) (*http.Response, error) {
	body := fmt.Sprintf(`{"title":"Bad Request","detail":"key %s secret %s"}`, r.Header.Get("x-api-key"), r.Header.Get("x-user-key"))
	return &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}, nil
}

// TestDefaultPace: the default limiter lets the burst through and then
// paces, without timing anything: past the burst, a call whose deadline
// comes before the next token is refused at once with ErrRateLimited. At
// two tokens a second, only a machine taking half a second per call could
// keep every retry below the limit.
func TestDefaultPace(t *testing.T) {
	s := techtracktest.NewServer()
	defer s.Close()
	c := techtrack.New(techtrack.WithBaseURL(s.BaseURL()), techtrack.WithRetry(fast))
	req := tracking.Request{TrackingNumber: techtracktest.NumberDelivered}
	for range techtrack.DefaultBurst {
		_, err := c.Track(context.Background(), req, s.Credential())
		require.NoError(t, err)
	}
	var refused error
	for range 10 {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.Track(ctx, req, s.Credential())
		cancel()
		if errors.Is(err, tracking.ErrRateLimited) {
			refused = err
			break
		}
	}
	require.Error(t, refused, "the default limiter never refused a call past its burst")
	var e *tracking.APIError
	require.ErrorAs(t, refused, &e)
	assert.Positive(t, e.RetryAfter, "the refusal says when the next token comes")
	assert.Less(t, s.Requests(), techtrack.DefaultBurst+10, "the refused call never left")
}

// TestCourierTranslatedOnTheWire tracks an unknown number with a
// canonical ID and auto-registration on: the create the fake receives
// carries techTRACK's code, and the pending Shipment names the canonical
// courier.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	c, s := fake(t, nil, techtrack.WithAutoRegister(true))
	got, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999AA10123456784", Courier: couriers.CanadaPost}, s.Credential())
	if err != nil {
		t.Fatal(err)
	}
	creates := s.Creates()
	if len(creates) != 1 || creates[0].CarrierCode != "CANADAPOST" {
		t.Errorf("creates = %+v; want one with carrierCode CANADAPOST", creates)
	}
	if got.Courier != couriers.CanadaPost {
		t.Errorf("Shipment.Courier = %q; want canada_post", got.Courier)
	}
}
