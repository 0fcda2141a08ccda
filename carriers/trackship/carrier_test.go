package trackship_test

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
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/couriers"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
	"github.com/parcelkit/tracking/transport"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fast is a retry policy that keeps tests quick.
var fast = transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

func fake(t *testing.T, opts ...trackship.Option) (*trackship.Carrier, *trackshiptest.Server) {
	t.Helper()
	s := trackshiptest.NewServer()
	t.Cleanup(s.Close)
	opts = append([]trackship.Option{trackship.WithBaseURL(s.BaseURL()), trackship.WithRetry(fast), trackship.WithRateLimit(rate.Inf, 1)}, opts...)
	return trackship.New(opts...), s
}

func refused(s *trackshiptest.Server) credentials.Credential {
	c := s.Credential().Clone()
	c.Fields[trackship.FieldAPIKey] = "wrong-key-7f3a9c"
	return c
}

func TestConformance(t *testing.T) {
	c, s := fake(t)
	trackingtest.TestCarrier(t, c, trackingtest.CarrierFixture{
		Credential: s.Credential(),
		Known:      tracking.Request{TrackingNumber: trackshiptest.NumberDelivered, Courier: "usps"},
		Unknown:    tracking.Request{TrackingNumber: trackshiptest.NumberUnknown, Courier: "usps"},
		Refused:    refused(s),
		Faults:     s,
	})
}

func TestTrackKnown(t *testing.T) {
	c, s := fake(t)
	sh, err := c.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberInTransit}, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, sh.Status)
	assert.Len(t, sh.Events, 2)
	assert.Equal(t, 1, s.Requests(), "one query")
	assert.Equal(t, trackshiptest.DefaultBalance, s.Balance(), "nothing spent")
}

// TestTrackUnknownRegisters: with WithAutoRegister(true), get once;
// unknown -> create -> pending; the next Track finds it registered and
// does not create again.
func TestTrackUnknownRegisters(t *testing.T) {
	c, s := fake(t, trackship.WithAutoRegister(true))
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "9400100000000000000001", Courier: "usps"}

	sh, err := c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status)
	assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathGet))
	assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathCreate))
	assert.Equal(t, trackshiptest.DefaultBalance-1, s.Balance())

	sh, err = c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, sh.Status)
	assert.Equal(t, "registered with TrackShip; waiting for the first courier update", sh.Summary)
	assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathCreate), "registered once")

	s.SetStatus(req.TrackingNumber, "out_for_delivery")
	sh, err = c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusOutForDelivery, sh.Status)
}

func TestTrackUnknownWithoutCourier(t *testing.T) {
	c, s := fake(t, trackship.WithAutoRegister(true))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "9400100000000000000001"}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Contains(t, err.Error(), "Request.Courier")
	assert.Zero(t, s.RequestsTo(trackshiptest.PathCreate))
}

// TestAutoRegister: registering spends a tracker credit, so by default
// (and with WithAutoRegister(false)) Track answers a number TrackShip does
// not track with ErrNotFound, saying to register it, and no create reaches
// the fake; WithAutoRegister(true) creates it and answers pending.
func TestAutoRegister(t *testing.T) {
	unknown := tracking.Request{TrackingNumber: trackshiptest.NumberUnknown, Courier: "usps"}
	for name, opts := range map[string][]trackship.Option{"default": nil, "off": {trackship.WithAutoRegister(false)}} {
		t.Run(name, func(t *testing.T) {
			c, s := fake(t, opts...)
			_, err := c.Track(context.Background(), unknown, s.Credential())
			require.ErrorIs(t, err, tracking.ErrNotFound)
			assert.Contains(t, err.Error(), "register it first (Register, or WithAutoRegister)")
			assert.Zero(t, s.RequestsTo(trackshiptest.PathCreate))
			assert.Equal(t, trackshiptest.DefaultBalance, s.Balance(), "nothing spent")
		})
	}
	t.Run("on", func(t *testing.T) {
		c, s := fake(t, trackship.WithAutoRegister(true))
		sh, err := c.Track(context.Background(), unknown, s.Credential())
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusPending, sh.Status)
		assert.Equal(t, unknown.TrackingNumber, sh.TrackingNumber)
		assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathCreate))
		assert.Equal(t, trackshiptest.DefaultBalance-1, s.Balance())
	})
}

// TestInBodyErrors: errors TrackShip answers with HTTP 200 are typed.
func TestInBodyErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("insufficient_balance", func(t *testing.T) {
		c, s := fake(t, trackship.WithAutoRegister(true))
		s.SetBalance(0)
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "9400100000000000000001", Courier: "usps"}, s.Credential())
		assert.ErrorIs(t, err, tracking.ErrQuotaExceeded)
		assert.Contains(t, err.Error(), "top up")
	})
	t.Run("carrier_unsupported", func(t *testing.T) {
		c, s := fake(t)
		err := c.Register(ctx, tracking.Request{TrackingNumber: "X1", Courier: "pigeon-post"}, s.Credential())
		assert.ErrorIs(t, err, tracking.ErrUnsupported)
		var e *tracking.APIError
		require.ErrorAs(t, err, &e)
		assert.Equal(t, http.StatusOK, e.StatusCode)
		assert.Equal(t, "carrier_unsupported", e.Code)
	})
	t.Run("status that is an error", func(t *testing.T) {
		c, s := fake(t)
		require.True(t, s.SetStatus(trackshiptest.NumberDelivered, "invalid_tracking"))
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, s.Credential())
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
		assert.Zero(t, s.RequestsTo(trackshiptest.PathCreate), "an error is not an unknown number")
	})
	t.Run("create's 400", func(t *testing.T) {
		c, s := fake(t)
		err := c.Register(ctx, tracking.Request{TrackingNumber: "X1", Courier: "usps", Metadata: map[string]string{trackship.MetaOrderID: " "}}, s.Credential())
		assert.NoError(t, err, "a blank order id falls back to the number")
	})
}

// TestConnectionIssueRetried: connection_issue with HTTP 200 is
// transient; the get is retried through the classifier.
func TestConnectionIssueRetried(t *testing.T) {
	c, s := fake(t)
	s.InBodyErrorNext(2, "connection_issue")
	sh, err := c.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, sh.Status)
	assert.Equal(t, 3, s.Requests())

	s.Reset()
	s.InBodyErrorNext(10, "connection_issue")
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "connection_issue", e.Code)
	assert.Equal(t, 4, e.Attempts)
	assert.Equal(t, 4, s.Requests(), "1 + MaxRetries")
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	known := tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}
	tests := []struct {
		name     string
		inject   func(*trackshiptest.Server)
		wantErr  error
		requests int
	}{
		{"503 then success", func(s *trackshiptest.Server) { s.FailNext(2, 503) }, nil, 3},
		{"500 is retried", func(s *trackshiptest.Server) { s.FailNext(1, 500) }, nil, 2},
		{"dropped connection", func(s *trackshiptest.Server) { s.DropNext(1) }, nil, 2},
		{"truncated answer", func(s *trackshiptest.Server) { s.TruncateNext(1) }, nil, 2},
		{"429 without Retry-After", func(s *trackshiptest.Server) { s.RateLimitNext(1, 0) }, nil, 2},
		{"malformed answer", func(s *trackshiptest.Server) { s.MalformNext(1) }, tracking.ErrInvalidResponse, 1},
		{"down", func(s *trackshiptest.Server) { s.FailNext(10, 502) }, tracking.ErrUnavailable, 4},
		{"400 is not retried", func(s *trackshiptest.Server) { s.FailNext(3, 400) }, tracking.ErrInvalidRequest, 1},
		{"Retry-After too long", func(s *trackshiptest.Server) { s.RateLimitNext(1, time.Hour) }, tracking.ErrRateLimited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := fake(t)
			tt.inject(s)
			sh, err := c.Track(ctx, known, s.Credential())
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, tracking.StatusDelivered, sh.Status)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.requests, s.Requests())
		})
	}
}

func TestRetryAfterKept(t *testing.T) {
	c, s := fake(t)
	s.RateLimitNext(1, time.Hour)
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, s.Credential())
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, time.Hour, e.RetryAfter)
}

// TestCreateNotRepeated: a create that may have arrived is not sent again.
func TestCreateNotRepeated(t *testing.T) {
	c, s := fake(t)
	s.FailNext(1, 503)
	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "X1", Courier: "usps"}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathCreate))

	s.Reset()
	s.RateLimitNext(1, 0) // a 429 was not processed: safe to repeat
	require.NoError(t, c.Register(context.Background(), tracking.Request{TrackingNumber: "X1", Courier: "usps"}, s.Credential()))
	assert.Equal(t, 2, s.RequestsTo(trackshiptest.PathCreate))
}

func TestUnauthorized(t *testing.T) {
	c, s := fake(t)
	cred := refused(s)
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, cred)
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
	assert.Equal(t, 1, s.Requests(), "not retried")
	assert.NotContains(t, err.Error(), "wrong-key-7f3a9c")
}

func TestUnregister(t *testing.T) {
	c, s := fake(t)
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: trackshiptest.NumberInTransit, Courier: "usps", Metadata: map[string]string{trackship.MetaOrderID: "24"}}
	require.NoError(t, c.Unregister(ctx, req, s.Credential()))

	d, err := c.Detail(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.True(t, d.Deleted)
	assert.Equal(t, tracking.StatusUnknown, d.Shipment.Status)

	require.NoError(t, c.Register(ctx, req, s.Credential()), "registering again resumes tracking")
	st, _ := s.Status(req.TrackingNumber)
	assert.Equal(t, "pending_trackship", st)

	err = c.Unregister(ctx, tracking.Request{TrackingNumber: "NOPE", Courier: "usps"}, s.Credential())
	assert.NoError(t, err, "a shipment TrackShip does not hold is already unregistered")
}

func TestCouriersFake(t *testing.T) {
	c, s := fake(t)
	list, err := c.Couriers(context.Background())
	require.NoError(t, err)
	assert.Contains(t, list, trackship.Courier{Slug: "usps", Label: "USPS"})
	_, err = c.Couriers(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, s.RequestsTo(trackshiptest.PathCarriers))
}

// TestNoSecretInErrors collects every kind of error and looks for the
// credential's secret values in their text.
func TestNoSecretInErrors(t *testing.T) {
	const key, app = "sk-live-93f0c1d2e7", "secret-store-name-55"
	c, s := fake(t)
	cred := credentials.Credential{Code: "c1", Carrier: trackship.ID, Active: true, Fields: map[string]credentials.Secret{trackship.FieldAPIKey: key, trackship.FieldAppName: app}}
	ctx := context.Background()
	var errs []error
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, cred)
	errs = append(errs, err)
	s.FailNext(10, 503)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1"}, s.Credential())
	errs = append(errs, err)
	s.Reset()
	s.MalformNext(1)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, s.Credential())
	errs = append(errs, err)
	s.SetBalance(0)
	errs = append(errs, c.Register(ctx, tracking.Request{TrackingNumber: "Z", Courier: "usps"}, s.Credential()))
	noKey := cred.Clone()
	noKey.Fields[trackship.FieldAPIKey] = ""
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1"}, noKey)
	errs = append(errs, err)

	// A provider that echoes the key back.
	echo := trackship.New(trackship.WithBaseURL("https://trackship.test"), trackship.WithRetry(transport.RetryPolicy{MaxRetries: -1}), trackship.WithHTTPClient(&http.Client{Transport: echoKey{}}))
	_, err = echo.Track(ctx, tracking.Request{TrackingNumber: "1"}, cred)
	errs = append(errs, err)

	assert.Contains(t, errs[len(errs)-1].Error(), "[REDACTED]", "the echoed key is scrubbed")
	for i, err := range errs {
		require.Error(t, err, i)
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			assert.NotContains(t, text, key, "error %d", i)
			assert.NotContains(t, text, app, "error %d", i)
		}
	}
}

// echoKey answers 400 with the request's key in the message.
type echoKey struct{}

func (echoKey) RoundTrip(r *http.Request) (*http.Response, error) {
	body := fmt.Sprintf(`{"status":"error","status_msg":"bad key %s for store %s"}`, r.Header.Get("trackship-api-key"), r.Header.Get("app-name"))
	return &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}, nil
}

// TestClient runs the carrier behind tracking.Client and its store.
func TestClient(t *testing.T) {
	c, s := fake(t)
	store, err := credentials.NewMemoryStore(s.Credential())
	require.NoError(t, err)
	client, err := tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit
	require.NoError(t, err)
	sh, err := client.Track(context.Background(), tracking.Request{TrackingNumber: trackshiptest.NumberDelivered})
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, sh.Status)
	assert.True(t, sh.Status.Final())
}

// TestDefaultPace checks the default limiter lets a burst through and then
// paces, without timing anything: past the burst, a call whose deadline
// comes before the next token is refused at once with ErrRateLimited. At
// two tokens a second, only a machine taking half a second per call could
// keep every retry below the limit.
func TestDefaultPace(t *testing.T) {
	s := trackshiptest.NewServer()
	defer s.Close()
	c := trackship.New(trackship.WithBaseURL(s.BaseURL()), trackship.WithRetry(fast))
	req := tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}
	for range trackship.DefaultBurst {
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
	assert.Less(t, s.Requests(), trackship.DefaultBurst+10, "the refused call never left")
}

// TestCourierTranslatedOnTheWire registers and tracks a number with the
// canonical ID auspost: the fake refuses any slug TrackShip does not list,
// so the registration succeeds only if australia-post went out; the
// Shipment names auspost again.
func TestCourierTranslatedOnTheWire(t *testing.T) {
	c, s := fake(t)
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: "7XX1000000000001", Courier: couriers.AusPost, Metadata: map[string]string{"order_id": "1001"}}
	if err := c.Register(ctx, req, s.Credential()); err != nil {
		t.Fatalf("Register with Courier auspost: %v", err)
	}
	got, err := c.Track(ctx, req, s.Credential())
	if err != nil {
		t.Fatal(err)
	}
	if got.Courier != couriers.AusPost {
		t.Errorf("Shipment.Courier = %q; want auspost", got.Courier)
	}
	if err := c.Register(ctx, tracking.Request{TrackingNumber: "7XX1000000000002", Courier: "no-such-slug", Metadata: req.Metadata}, s.Credential()); err == nil {
		t.Error("the fake accepted an unknown slug; the test above proves nothing")
	}
}
