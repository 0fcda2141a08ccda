package track123_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// wrongSecret is a secret the fake refuses; no error may contain it.
const wrongSecret = "wrong-track123-secret-5b9c2e"

func refused() credentials.Credential {
	return credentials.Credential{Code: "refused", Carrier: track123.ID, Active: true,
		Fields: map[string]credentials.Secret{track123.FieldAPISecret: wrongSecret}}
}

// noSecrets fails when an error's text holds a secret.
func noSecrets(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmtAll(err)} {
		for _, secret := range []string{track123test.APISecret, wrongSecret, testSecret} {
			if strings.Contains(text, secret) {
				t.Errorf("error holds a secret: %s", strings.ReplaceAll(text, secret, "[SECRET]"))
			}
		}
	}
}

func TestConformance(t *testing.T) {
	srv := track123test.NewServer()
	t.Cleanup(srv.Close)
	// The default rate limits, as users get them.
	c := track123.New(track123.WithBaseURL(srv.BaseURL()), track123.WithRetry(fastRetry))
	trackingtest.TestCarrier(t, c, trackingtest.CarrierFixture{
		Credential: srv.Credential(),
		Known:      tracking.Request{TrackingNumber: track123test.NumberDelivered, Courier: "usps"},
		Unknown:    tracking.Request{TrackingNumber: track123test.NumberUnknown, Courier: "usps"},
		Refused:    refused(),
		Faults:     srv,
	})
}

func TestConformanceWithoutAutoRegister(t *testing.T) {
	srv := track123test.NewServer()
	t.Cleanup(srv.Close)
	c := track123.New(track123.WithBaseURL(srv.BaseURL()), track123.WithRetry(fastRetry), track123.WithAutoRegister(false))
	trackingtest.TestCarrier(t, c, trackingtest.CarrierFixture{
		Credential: srv.Credential(),
		Known:      tracking.Request{TrackingNumber: track123test.NumberPickup},
		Unknown:    tracking.Request{TrackingNumber: track123test.NumberUnknown},
		Refused:    refused(),
		Faults:     srv,
	})
}

func TestTrackSeeds(t *testing.T) {
	c, srv := newFakeCarrier(t)
	want := map[string]tracking.Status{
		track123test.NumberDelivered: tracking.StatusDelivered,
		track123test.NumberPickup:    tracking.StatusAvailableForPickup,
		track123test.NumberPickupNL:  tracking.StatusAvailableForPickup,
		track123test.NumberReturning: tracking.StatusReturnToSender,
		track123test.NumberExpired:   tracking.StatusExpired,
	}
	for number, status := range want {
		s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: number}, srv.Credential())
		require.NoError(t, err, number)
		assert.Equal(t, status, s.Status, number)
		assert.Equal(t, track123.ID, s.Carrier)
		assert.Equal(t, number, s.TrackingNumber)
	}
	assert.Equal(t, len(want), srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/query"))
}

func TestTrackRegistersTheUnknown(t *testing.T) {
	ctx := context.Background()
	c, srv := newFakeCarrier(t, track123.WithAutoRegister(true))
	before := srv.Len()
	s, err := c.Track(ctx, tracking.Request{TrackingNumber: "NEW0000001", Courier: "usps", Metadata: map[string]string{"order_id": "O-1"}}, srv.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	assert.Equal(t, before+1, srv.Len())
	raw, ok := srv.Tracking("NEW0000001")
	require.True(t, ok)
	assert.Contains(t, string(raw), `"orderNo":"O-1"`)

	// Now Track123 knows it: answered from the query, nothing registered.
	s, err = c.Track(ctx, tracking.Request{TrackingNumber: "NEW0000001", Courier: "usps"}, srv.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusPending, s.Status)
	assert.Equal(t, tracking.RawStatus{Code: "INIT"}, s.Raw)
	assert.Equal(t, 1, srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/import"))

	srv.SetStatus("NEW0000001", "IN_TRANSIT", "IN_TRANSIT_02")
	s, err = c.Track(ctx, tracking.Request{TrackingNumber: "NEW0000001"}, srv.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInTransit, s.Status)
}

// TestAutoRegisterOff: registration spends quota, so by default an unknown
// number is not registered but answered with ErrNotFound, in Track and in
// TrackBatch; WithAutoRegister(false) says the same explicitly.
func TestAutoRegisterOff(t *testing.T) {
	for name, opts := range map[string][]track123.Option{"default": nil, "explicit": {track123.WithAutoRegister(false)}} {
		t.Run(name, func(t *testing.T) {
			c, srv := newFakeCarrier(t, opts...)
			ctx := context.Background()
			unknown := tracking.Request{TrackingNumber: track123test.NumberUnknown, Courier: "usps"}
			_, err := c.Track(ctx, unknown, srv.Credential())
			assert.ErrorIs(t, err, tracking.ErrNotFound)
			res, err := c.TrackBatch(ctx, []tracking.Request{unknown, {TrackingNumber: track123test.NumberDelivered}}, srv.Credential())
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, tracking.ErrNotFound)
			require.NoError(t, res[1].Err)
			assert.Zero(t, srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/import"))
		})
	}
}

func TestRefusedCredential(t *testing.T) {
	c, srv := newFakeCarrier(t)
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: track123test.NumberDelivered}, refused())
	assert.ErrorIs(t, err, tracking.ErrUnauthorized)
	noSecrets(t, err)
	var apiErr *tracking.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "A0230", apiErr.Code)
	assert.Equal(t, 1, srv.Requests(), "not retried")
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: track123test.NumberDelivered}

	t.Run("HTTP 200 A0706 then success", func(t *testing.T) {
		c, srv := newFakeCarrier(t)
		srv.RateLimitNext(2, 0)
		s, err := c.Track(ctx, req, srv.Credential())
		require.NoError(t, err)
		assert.Equal(t, tracking.StatusDelivered, s.Status)
		assert.Equal(t, 3, srv.Requests())
		assert.Equal(t, 3, srv.Served(http.StatusOK), "Track123 says A0706 with HTTP 200")
	})

	t.Run("rate limited for good", func(t *testing.T) {
		c, srv := newFakeCarrier(t)
		srv.RateLimitNext(10, 0)
		_, err := c.Track(ctx, req, srv.Credential())
		assert.ErrorIs(t, err, tracking.ErrRateLimited)
		assert.Equal(t, 4, srv.Requests())
	})

	t.Run("server errors", func(t *testing.T) {
		for _, status := range []int{500, 502, 503, 504} {
			c, srv := newFakeCarrier(t)
			srv.FailNext(1, status)
			_, err := c.Track(ctx, req, srv.Credential())
			require.NoError(t, err, status)
			assert.Equal(t, 2, srv.Requests())
		}
		c, srv := newFakeCarrier(t)
		srv.FailNext(10, 503)
		_, err := c.Track(ctx, req, srv.Credential())
		assert.ErrorIs(t, err, tracking.ErrUnavailable)
	})

	t.Run("malformed, truncated, dropped", func(t *testing.T) {
		c, srv := newFakeCarrier(t, track123.WithRetry(fastRetry))
		srv.MalformNext(1)
		_, err := c.Track(ctx, req, srv.Credential())
		assert.ErrorIs(t, err, tracking.ErrInvalidResponse)

		// A query only reads, so it is marked idempotent: an answer cut
		// short is asked again.
		srv.Reset()
		srv.TruncateNext(1)
		_, err = c.Track(ctx, req, srv.Credential())
		require.NoError(t, err, "a query cut short is retried")
		assert.Equal(t, 2, srv.Requests())

		srv.Reset()
		srv.DropNext(1)
		_, err = c.Track(ctx, req, srv.Credential())
		require.NoError(t, err, "a read dropped before an answer is retried")
		assert.Equal(t, 2, srv.Requests())
	})

	t.Run("the fake's own rate limit", func(t *testing.T) {
		c, srv := newFakeCarrier(t, track123.WithRetry(fastRetry))
		srv.RateLimit(1, 1, 0)
		for range 2 {
			_, err := c.Track(ctx, req, srv.Credential())
			if err != nil {
				assert.ErrorIs(t, err, tracking.ErrRateLimited)
			}
		}
		assert.Greater(t, srv.Requests(), 2, "the A0706 answers were retried")
	})
}

func TestPacedPerEndpoint(t *testing.T) {
	// One token per endpoint and credential, none refilled during the test:
	// a second query waits while an import on another path does not.
	c, srv := newFakeCarrier(t, track123.WithRateLimit(rate.Every(time.Hour), 1))
	ctx := context.Background()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberDelivered}, srv.Credential())
	require.NoError(t, err)
	_, err = c.RegisterBatch(ctx, []track123.Registration{{TrackingNumber: "PACED1"}}, srv.Credential())
	require.NoError(t, err, "another endpoint has its own bucket")
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.Track(short, tracking.Request{TrackingNumber: track123test.NumberDelivered}, srv.Credential())
	assert.ErrorIs(t, err, tracking.ErrRateLimited, "the query bucket is empty")
	other := srv.Credential()
	other.Code = "other"
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberDelivered}, other)
	require.NoError(t, err, "another credential has its own bucket")
}

func TestFallbackAgainstTheFake(t *testing.T) {
	ctx := context.Background()
	c, srv := newFakeCarrier(t)
	srv.DisableV21("track/query")
	s, err := c.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberDelivered, Courier: "usps"}, srv.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberPickup}, srv.Credential())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/query"))
	assert.Equal(t, 2, srv.RequestsTo(track123test.Prefix+"/tk/v2/track/query"))

	// Realtime exists on v2.1 only: with v2.1 gone it is unsupported.
	srv.DisableV21()
	_, err = c.Realtime(ctx, tracking.Request{TrackingNumber: track123test.NumberPickup, Courier: "china-post"}, srv.Credential())
	assert.ErrorIs(t, err, tracking.ErrUnsupported)
}

func TestListAgainstTheFake(t *testing.T) {
	c, srv := newFakeCarrier(t)
	q := track123.Query{
		CreatedFrom: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		CreatedTo:   time.Date(2026, 3, 5, 23, 59, 59, 0, time.UTC),
		PageSize:    2,
	}
	var got []string
	for tr, err := range c.ListMatching(context.Background(), q, srv.Credential()) {
		require.NoError(t, err)
		got = append(got, tr.TrackingNumber)
	}
	assert.Equal(t, []string{track123test.NumberPickupNL, track123test.NumberReturning, track123test.NumberDelivered, track123test.NumberPickup}, got)
	assert.Equal(t, 2, srv.Requests())

	srv.Reset()
	for range c.List(context.Background(), tracking.ListOptions{PageSize: 1}, srv.Credential()) {
		break
	}
	assert.Equal(t, 1, srv.Requests(), "break sends no further request")
}

func TestLifecycleAgainstTheFake(t *testing.T) {
	ctx := context.Background()
	c, srv := newFakeCarrier(t)
	cred := srv.Credential()
	req := tracking.Request{TrackingNumber: "LIFE0001", Courier: "usps"}

	require.NoError(t, c.Register(ctx, req, cred))
	require.NoError(t, c.Register(ctx, req, cred), "registering twice is fine")

	require.NoError(t, c.Update(ctx, track123.Number{TrackingNumber: "LIFE0001", Courier: "usps"},
		track123.Changes{OrderNumber: "O-9", Remark: "hello"}, cred))
	tr, err := c.Realtime(ctx, req, cred)
	require.NoError(t, err)
	assert.Equal(t, "O-9", tr.OrderNumber)
	assert.Equal(t, "hello", tr.Remark)
	assert.Len(t, tr.ID, 18)

	require.NoError(t, c.ChangeCourier(ctx, track123.Number{TrackingNumber: "LIFE0001", Courier: "usps"}, "china-post", cred))
	err = c.ChangeCourier(ctx, track123.Number{TrackingNumber: "LIFE0001", Courier: "usps"}, "china-post", cred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	err = c.ChangeCourier(ctx, track123.Number{TrackingNumber: "LIFE0001", Courier: "china-post"}, "no-such-courier", cred)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	err = c.Update(ctx, track123.Number{TrackingNumber: "NOPE", Courier: "usps"}, track123.Changes{Remark: "x"}, cred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	require.NoError(t, c.Unregister(ctx, tracking.Request{TrackingNumber: "LIFE0001", Courier: "china-post"}, cred))
	assert.NoError(t, c.Unregister(ctx, tracking.Request{TrackingNumber: "LIFE0001", Courier: "china-post"}, cred),
		"unregistering twice is a success")
	_, err = c.Realtime(ctx, req, cred)
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	list, err := c.Couriers(ctx, cred)
	require.NoError(t, err)
	assert.Len(t, list, 3)

	res, err := c.RegisterBatch(ctx, []track123.Registration{{TrackingNumber: "X1", Courier: "no-such-courier"}, {TrackingNumber: ""}}, cred)
	require.NoError(t, err)
	require.Len(t, res.Rejected, 2)
	assert.ErrorIs(t, res.Rejected[0].Err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, res.Rejected[1].Err, tracking.ErrInvalidRequest)
	assert.Equal(t, 1, res.Rejected[1].Index)
}

// Through the client: TrackMany hands the carrier batches of BatchLimit.
func TestTrackManyThroughTheClient(t *testing.T) {
	c, srv := newFakeCarrier(t, track123.WithAutoRegister(false))
	store, err := credentials.NewMemoryStore(srv.Credential())
	require.NoError(t, err)
	client, err := tracking.NewClient(tracking.WithCarrier(c), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false)) // the fake's numbers are synthetic: no valid check digit
	require.NoError(t, err)

	reqs := make([]tracking.Request, 0, 250)
	for _, n := range numbers(248) {
		reqs = append(reqs, tracking.Request{TrackingNumber: n})
	}
	reqs = append(reqs, tracking.Request{TrackingNumber: track123test.NumberDelivered}, tracking.Request{TrackingNumber: track123test.NumberExpired})
	res := client.TrackMany(context.Background(), reqs)
	require.Len(t, res, 250)
	for _, r := range res[:248] {
		assert.ErrorIs(t, r.Err, tracking.ErrNotFound)
	}
	require.NoError(t, res[248].Err)
	assert.Equal(t, tracking.StatusDelivered, res[248].Shipment.Status)
	assert.Equal(t, tracking.StatusExpired, res[249].Shipment.Status)
	assert.Equal(t, 3, srv.RequestsTo(track123test.Prefix+"/tk/v2.1/track/query"))
}

// A live check against Track123, opt-in with TRACK123_LIVE_API_SECRET
// (and TRACK123_LIVE_NUMBER, a number the account tracks).
func TestLive(t *testing.T) {
	secret, number := getenv("TRACK123_LIVE_API_SECRET"), getenv("TRACK123_LIVE_NUMBER")
	if secret == "" || number == "" {
		t.Skip("set TRACK123_LIVE_API_SECRET and TRACK123_LIVE_NUMBER to run against Track123")
	}
	cred := credentials.Credential{Code: "live", Carrier: track123.ID, Active: true,
		Fields: map[string]credentials.Secret{track123.FieldAPISecret: credentials.Secret(secret)}}
	c := track123.New(track123.WithAutoRegister(false))
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: number}, cred)
	require.NoError(t, err)
	assert.True(t, s.Status.Valid())
}
