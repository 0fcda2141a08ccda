package auspost_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
	"github.com/parcelkit/tracking/transport"
)

// fastRetry keeps retries quick in tests.
var fastRetry = transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: time.Second}

// setup starts a fake and returns it with the two carriers pointed at it,
// unthrottled.
func setup(t *testing.T, opts ...auspost.Option) (*ausposttest.Server, *auspost.Carrier, *auspost.Carrier) {
	t.Helper()
	s := ausposttest.NewServer()
	t.Cleanup(s.Close)
	opts = append([]auspost.Option{
		auspost.WithBaseURL(s.BaseURL()),
		auspost.WithRateLimit(rate.Inf, 1),
		auspost.WithRetry(fastRetry),
	}, opts...)
	return s, auspost.New(opts...), auspost.NewStarTrack(opts...)
}

// withField returns a copy of c with one field changed.
func withField(c credentials.Credential, field, value string) credentials.Credential {
	c = c.Clone()
	c.Fields[field] = credentials.Secret(value)
	return c
}

// assertNoSecret fails when err's text holds any of the credential's
// values.
func assertNoSecret(t *testing.T, err error, creds ...credentials.Credential) {
	t.Helper()
	if err == nil {
		return
	}
	for _, c := range creds {
		for name, v := range c.Fields {
			assert.NotContains(t, err.Error(), v.Reveal(), "error holds field %s", name)
		}
	}
}

func TestIDs(t *testing.T) {
	assert.Equal(t, "auspost", auspost.ID)
	assert.Equal(t, "startrack", auspost.StarTrackID)
	assert.Equal(t, auspost.ID, auspost.New().ID())
	assert.Equal(t, auspost.StarTrackID, auspost.NewStarTrack().ID())
	for _, c := range []*auspost.Carrier{auspost.New(), auspost.NewStarTrack()} {
		assert.Equal(t, 10, c.BatchLimit())
		assert.ElementsMatch(t, []string{"account_number", "api_key", "api_secret"}, c.CredentialFields())
	}
}

func TestConformance(t *testing.T) {
	s, apc, stc := setup(t)
	t.Run(auspost.ID, func(t *testing.T) {
		trackingtest.TestCarrier(t, apc, trackingtest.CarrierFixture{
			Credential: s.Credential(),
			Known:      tracking.Request{TrackingNumber: ausposttest.NumberDelivered},
			Unknown:    tracking.Request{TrackingNumber: ausposttest.NumberInvalid},
			Refused:    withField(s.Credential(), auspost.FieldAPISecret, "not-the-password"),
			Faults:     s,
		})
	})
	s.Reset()
	t.Run(auspost.StarTrackID, func(t *testing.T) {
		trackingtest.TestCarrier(t, stc, trackingtest.CarrierFixture{
			Credential: s.StarTrackCredential(),
			Known:      tracking.Request{TrackingNumber: ausposttest.NumberStarTrack},
			Unknown:    tracking.Request{TrackingNumber: "5XXX99999999"},
			Refused:    withField(s.StarTrackCredential(), auspost.FieldAPIKey, "not-the-key"),
			Faults:     s,
		})
	})
}

func TestTrack(t *testing.T) {
	s, apc, stc := setup(t)
	ctx := t.Context()

	sh, err := apc.Track(ctx, tracking.Request{TrackingNumber: " " + ausposttest.NumberDelivered + " "}, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, ausposttest.NumberDelivered, sh.TrackingNumber)
	assert.Equal(t, auspost.ID, sh.Carrier)
	assert.Equal(t, tracking.StatusDelivered, sh.Status)
	assert.Len(t, sh.Events, 5)

	sh, err = apc.Track(ctx, tracking.Request{TrackingNumber: ausposttest.NumberAwaitingCollection, Carrier: auspost.ID}, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusAvailableForPickup, sh.Status)
	assert.Equal(t, "awaiting collection", sh.Raw.Text)

	sh, err = stc.Track(ctx, tracking.Request{TrackingNumber: ausposttest.NumberStarTrack}, s.StarTrackCredential())
	require.NoError(t, err)
	assert.Equal(t, auspost.StarTrackID, sh.Carrier)
	assert.Equal(t, tracking.StatusInTransit, sh.Status)

	d, err := stc.Detail(ctx, tracking.Request{TrackingNumber: ausposttest.NumberStarTrack}, s.StarTrackCredential())
	require.NoError(t, err)
	assert.Equal(t, "Awaiting Collection", d.ConsignmentStatus)
	require.Len(t, d.Items, 2)
	assert.Equal(t, "5XXX00000001FPP00002", d.Items[1].ArticleID)

	assert.Equal(t, s.Requests(), s.Served(http.StatusOK))
}

func TestTrackNotFound(t *testing.T) {
	s, apc, stc := setup(t)
	_, err := apc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberInvalid}, s.Credential())
	require.ErrorIs(t, err, tracking.ErrNotFound)
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "ESB-10001", e.Code)
	assert.Equal(t, http.StatusOK, e.StatusCode)

	// A StarTrack id is unknown to the Australia Post account.
	_, err = apc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberStarTrack}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	_, err = stc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, s.StarTrackCredential())
	assert.ErrorIs(t, err, tracking.ErrNotFound)
}

func TestTrackPerIDErrors(t *testing.T) {
	s, apc, _ := setup(t)
	require.NoError(t, s.AddError(ausposttest.NetworkAusPost, "NOTRACK1", "ESB-10002", "Product Not Trackable"))
	require.NoError(t, s.AddError(ausposttest.NetworkAusPost, "SYSERR1", "ESB-20010", "System Error"))

	_, err := apc.Track(t.Context(), tracking.Request{TrackingNumber: "NOTRACK1"}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrUnsupported)

	// A system error for every id is retried, then fails that id.
	s.Reset()
	_, err = apc.Track(t.Context(), tracking.Request{TrackingNumber: "SYSERR1"}, s.Credential())
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1+fastRetry.MaxRetries, s.Requests())
}

func TestTrackBatchPartial(t *testing.T) {
	s, apc, _ := setup(t)
	reqs := []tracking.Request{
		{TrackingNumber: ausposttest.NumberDelivered},
		{TrackingNumber: ausposttest.NumberInvalid},
		{TrackingNumber: ""},
		{TrackingNumber: ausposttest.NumberPossibleDelay},
		{TrackingNumber: ausposttest.NumberStarTrack, Carrier: auspost.StarTrackID}, // the other network
		{TrackingNumber: "A,B"},
		{TrackingNumber: strings.ToLower(ausposttest.NumberDelivered)}, // a repeat
	}
	res, err := apc.TrackBatch(t.Context(), reqs, s.Credential())
	require.NoError(t, err)
	require.Len(t, res, len(reqs))
	for i, r := range res {
		assert.Equal(t, reqs[i], r.Request, "result %d keeps its request", i)
	}
	assert.Equal(t, tracking.StatusDelivered, res[0].Shipment.Status)
	assert.ErrorIs(t, res[1].Err, tracking.ErrNotFound)
	assert.ErrorIs(t, res[2].Err, tracking.ErrInvalidRequest)
	assert.Equal(t, tracking.StatusException, res[3].Shipment.Status)
	assert.ErrorIs(t, res[4].Err, tracking.ErrInvalidRequest)
	assert.Contains(t, res[4].Err.Error(), "startrack")
	assert.ErrorIs(t, res[5].Err, tracking.ErrInvalidRequest)
	require.NoError(t, res[6].Err)
	assert.Equal(t, res[0].Shipment, res[6].Shipment)
	assert.NotSame(t, res[0].Shipment, res[6].Shipment, "a repeated id gets its own copy")

	assert.Equal(t, [][]string{{ausposttest.NumberDelivered, ausposttest.NumberInvalid, ausposttest.NumberPossibleDelay}}, s.Calls(),
		"one call; invalid, foreign and repeated ids are not sent")
}

// manyIDs adds n Australia Post articles to the fake and returns their ids.
func manyIDs(t *testing.T, s *ausposttest.Server, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("7XX2%012d", i)
		status := "In transit"
		if i%2 == 1 {
			status = "Delivered"
		}
		require.NoError(t, s.AddArticle(ausposttest.NetworkAusPost, ids[i], status))
	}
	return ids
}

func TestTrackBatchChunks(t *testing.T) {
	s, apc, _ := setup(t)
	ids := manyIDs(t, s, 25)
	reqs := make([]tracking.Request, len(ids))
	for i, id := range ids {
		reqs[i] = tracking.Request{TrackingNumber: id}
	}
	reqs[7].TrackingNumber = "7XX9UNKNOWN" // partial results across chunks

	res, err := apc.TrackBatch(t.Context(), reqs, s.Credential())
	require.NoError(t, err)
	calls := s.Calls()
	require.Len(t, calls, 3)
	assert.Len(t, calls[0], 10)
	assert.Len(t, calls[1], 10)
	assert.Len(t, calls[2], 5)
	assert.Equal(t, ids[20:], calls[2])
	for i, r := range res {
		if i == 7 {
			assert.ErrorIs(t, r.Err, tracking.ErrNotFound)
			continue
		}
		require.NoError(t, r.Err, "result %d", i)
		assert.Equal(t, ids[i], r.Shipment.TrackingNumber)
		want := tracking.StatusInTransit
		if i%2 == 1 {
			want = tracking.StatusDelivered
		}
		assert.Equal(t, want, r.Shipment.Status, "result %d", i)
	}
}

// afterFirst is a RoundTripper that runs hook once the first answer has
// arrived.
type afterFirst struct {
	once sync.Once
	hook func()
}

func (a *afterFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	a.once.Do(a.hook)
	return resp, err
}

func TestTrackBatchWholeCallFailure(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	ids := manyIDs(t, s, 25)
	reqs := make([]tracking.Request, len(ids))
	for i, id := range ids {
		reqs[i] = tracking.Request{TrackingNumber: id}
	}
	// The first chunk succeeds; the second is refused: it and every later
	// id fail with that error, and nothing more is sent.
	hc := &http.Client{Transport: &afterFirst{hook: func() { s.FailNext(1, http.StatusUnauthorized) }}}
	c := auspost.New(auspost.WithBaseURL(s.BaseURL()), auspost.WithRateLimit(rate.Inf, 1), auspost.WithHTTPClient(hc))
	res, err := c.TrackBatch(t.Context(), reqs, s.Credential())
	require.NoError(t, err)
	for i, r := range res {
		if i < 10 {
			assert.NoError(t, r.Err, "result %d", i)
			continue
		}
		assert.ErrorIs(t, r.Err, tracking.ErrUnauthorized, "result %d", i)
	}
	assert.Equal(t, 2, s.Requests(), "no call after the refused one")
}

func TestTrackBatchCancelled(t *testing.T) {
	s, apc, _ := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := apc.TrackBatch(ctx, []tracking.Request{{TrackingNumber: ausposttest.NumberDelivered}, {TrackingNumber: "X"}}, s.Credential())
	require.NoError(t, err)
	for _, r := range res {
		assert.ErrorIs(t, r.Err, context.Canceled)
	}
	assert.Zero(t, s.Requests())
}

func TestMixedNetworksSplit(t *testing.T) {
	s, apc, _ := setup(t)
	// Requests that do not name their carrier can still hold an id of the
	// other network: the provider refuses the call with 51103, and each id
	// is then asked alone.
	reqs := []tracking.Request{
		{TrackingNumber: ausposttest.NumberDelivered},
		{TrackingNumber: ausposttest.NumberStarTrack},
		{TrackingNumber: ausposttest.NumberPossibleDelay},
	}
	res, err := apc.TrackBatch(t.Context(), reqs, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, res[0].Shipment.Status)
	assert.ErrorIs(t, res[1].Err, tracking.ErrNotFound)
	assert.Equal(t, tracking.StatusException, res[2].Shipment.Status)
	assert.Equal(t, 1, s.Served(http.StatusBadRequest), "the mixed call")
	assert.Equal(t, [][]string{{ausposttest.NumberDelivered}, {ausposttest.NumberStarTrack}, {ausposttest.NumberPossibleDelay}}, s.Calls())
}

func TestTrackManyThroughClient(t *testing.T) {
	s, apc, stc := setup(t)
	ids := manyIDs(t, s, 25)
	require.NoError(t, s.AddArticle(ausposttest.NetworkStarTrack, "5XXX00000002", "Delivered"))
	store, err := credentials.NewMemoryStore(s.Credential(), s.StarTrackCredential())
	require.NoError(t, err)
	client, err := tracking.NewClient(tracking.WithCarrier(apc), tracking.WithCarrier(stc), tracking.WithCredentials(store))
	require.NoError(t, err)

	var reqs []tracking.Request
	for i, id := range ids {
		reqs = append(reqs, tracking.Request{TrackingNumber: id, Carrier: auspost.ID})
		if i%10 == 0 {
			reqs = append(reqs, tracking.Request{TrackingNumber: ausposttest.NumberStarTrack, Carrier: auspost.StarTrackID})
		}
	}
	reqs = append(reqs, tracking.Request{TrackingNumber: "5XXX00000002", Carrier: auspost.StarTrackID})
	for i, r := range client.TrackMany(t.Context(), reqs) {
		require.NoError(t, r.Err, "result %d", i)
		assert.Equal(t, r.Request.Carrier, r.Shipment.Carrier)
	}
	var apCalls, stCalls int
	for _, call := range s.Calls() {
		assert.LessOrEqual(t, len(call), 10)
		if strings.HasPrefix(call[0], "5XXX") {
			stCalls++
		} else {
			apCalls++
		}
	}
	assert.Equal(t, 3, apCalls, "25 ids in calls of 10, 10 and 5")
	assert.Equal(t, 1, stCalls, "the StarTrack ids in one call of their own")
	assert.Zero(t, s.Served(http.StatusBadRequest), "no call mixed the networks")
}

func TestCredentialChecks(t *testing.T) {
	s, apc, stc := setup(t)
	ctx := t.Context()
	req := tracking.Request{TrackingNumber: ausposttest.NumberDelivered}

	missing := s.Credential().Clone()
	delete(missing.Fields, auspost.FieldAccountNumber)
	_, err := apc.Track(ctx, req, missing)
	require.ErrorIs(t, err, credentials.ErrMissingField)
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "account_number")
	_, err = apc.TrackBatch(ctx, []tracking.Request{req}, missing)
	assert.ErrorIs(t, err, credentials.ErrMissingField)

	// An account of the other network is refused before anything is sent.
	_, err = apc.Track(ctx, req, s.StarTrackCredential())
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "startrack")
	_, err = stc.Track(ctx, req, s.Credential())
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "auspost")
	assertNoSecret(t, err, s.Credential())
	assert.Zero(t, s.Requests())
}

func TestErrors(t *testing.T) {
	s, apc, _ := setup(t)
	ctx := t.Context()
	req := tracking.Request{TrackingNumber: ausposttest.NumberDelivered}
	cred := s.Credential()

	for _, tc := range []struct {
		name     string
		cred     credentials.Credential
		fault    func()
		kind     error
		code     string
		requests int
	}{
		{"wrong password", withField(cred, auspost.FieldAPISecret, "wrong-password-123"), nil, tracking.ErrUnauthorized, "API_001", 1},
		{"wrong key", withField(cred, auspost.FieldAPIKey, "wrong-key-123"), nil, tracking.ErrUnauthorized, "API_001", 1},
		{"wrong account", withField(cred, auspost.FieldAccountNumber, "2000000002"), nil, tracking.ErrUnauthorized, "API_001", 1},
		{"403", cred, func() { s.FailNext(1, http.StatusForbidden) }, tracking.ErrUnauthorized, "API_001", 1},
		{"5xx after retries", cred, func() { s.FailNext(3, http.StatusInternalServerError) }, tracking.ErrUnavailable, "ESB-20050", 3},
		{"rate limited after retries", cred, func() { s.RateLimitNext(3, 0) }, tracking.ErrRateLimited, "API_002", 3},
		{"Retry-After too long", cred, func() { s.RateLimitNext(1, time.Hour) }, tracking.ErrRateLimited, "", 1},
		{"not JSON", cred, func() { s.MalformNext(1) }, tracking.ErrInvalidResponse, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			if tc.fault != nil {
				tc.fault()
			}
			_, err := apc.Track(ctx, req, tc.cred)
			require.ErrorIs(t, err, tc.kind)
			if tc.code != "" {
				var e *tracking.APIError
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tc.code, e.Code)
			}
			assert.Equal(t, tc.requests, s.Requests())
			assertNoSecret(t, err, tc.cred, cred)
		})
	}

	t.Run("Retry-After is reported", func(t *testing.T) {
		s.Reset()
		s.RateLimitNext(1, time.Hour)
		_, err := apc.Track(ctx, req, cred)
		var e *tracking.APIError
		require.ErrorAs(t, err, &e)
		assert.Equal(t, time.Hour, e.RetryAfter)
	})
}

func TestRetriedFaults(t *testing.T) {
	s, apc, _ := setup(t)
	req := tracking.Request{TrackingNumber: ausposttest.NumberDelivered}
	for name, fault := range map[string]func(){
		"500":       func() { s.FailNext(1, http.StatusInternalServerError) },
		"503":       func() { s.FailNext(1, http.StatusServiceUnavailable) },
		"429":       func() { s.RateLimitNext(1, 0) },
		"truncated": func() { s.TruncateNext(1) },
		"dropped":   func() { s.DropNext(1) },
	} {
		t.Run(name, func(t *testing.T) {
			s.Reset()
			fault()
			sh, err := apc.Track(t.Context(), req, s.Credential())
			require.NoError(t, err)
			assert.Equal(t, tracking.StatusDelivered, sh.Status)
			assert.Equal(t, 2, s.Requests())
		})
	}
}

// recordingLimiter records the keys it is asked for.
type recordingLimiter struct {
	mu   sync.Mutex
	keys []string
}

func (l *recordingLimiter) Wait(ctx context.Context, key string) error {
	l.mu.Lock()
	l.keys = append(l.keys, key)
	l.mu.Unlock()
	return ctx.Err()
}

func TestLimiterKeys(t *testing.T) {
	lim := &recordingLimiter{}
	s, apc, stc := setup(t, auspost.WithLimiter(lim))
	_, err := apc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, s.Credential())
	require.NoError(t, err)
	org := s.StarTrackCredential()
	org.Organization = "acme"
	_, err = stc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberStarTrack}, org)
	require.NoError(t, err)
	assert.Equal(t, []string{"auspost//fake-auspost", "startrack/acme/fake-startrack"}, lim.keys)
}

func TestDefaultRateLimit(t *testing.T) {
	s := ausposttest.NewServer()
	defer s.Close()
	// The default allows one call at once, then one every 6 seconds: a
	// second call whose deadline comes sooner fails at once, rate limited,
	// without reaching the provider.
	c := auspost.New(auspost.WithBaseURL(s.BaseURL()))
	_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, s.Credential())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, s.Credential())
	require.ErrorIs(t, err, tracking.ErrRateLimited)
	var e *tracking.APIError
	require.ErrorAs(t, err, &e)
	assert.Greater(t, e.RetryAfter, time.Second)
	assert.Equal(t, 1, s.Requests())
	assert.Equal(t, auspost.DefaultRate, rate.Every(6*time.Second))
}

func TestOptions(t *testing.T) {
	s, _, _ := setup(t)
	ctx := t.Context()
	req := tracking.Request{TrackingNumber: ausposttest.NumberAwaitingCollection}

	c := auspost.New(auspost.WithBaseURL(s.BaseURL()), auspost.WithTestEnvironment(), auspost.WithRateLimit(rate.Inf, 1))
	_, err := c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, 1, s.RequestsTo(ausposttest.TestTrackPath))

	c = auspost.New(auspost.WithBaseURL(s.BaseURL()), auspost.WithRateLimit(rate.Inf, 1),
		auspost.WithStatusMapping(map[string]tracking.Status{"AWAITING  COLLECTION": tracking.StatusInfoReceived}),
		auspost.WithEventStatuses(false))
	sh, err := c.Track(ctx, req, s.Credential())
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusInfoReceived, sh.Status)
	for _, e := range sh.Events {
		assert.Equal(t, tracking.StatusUnknown, e.Status)
	}

	for _, root := range []string{"ftp://x", "digitalapi.auspost.com.au", "https://digitalapi.auspost.com.au/shipping/v1", "https://x/shipping/v1/"} {
		_, err := auspost.New(auspost.WithBaseURL(root)).Track(ctx, req, s.Credential())
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "root %q", root)
		_, err = auspost.New(auspost.WithBaseURL(root)).TrackBatch(ctx, []tracking.Request{req}, s.Credential())
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "root %q", root)
	}
}

func TestNoSecretInAnyError(t *testing.T) {
	s, apc, _ := setup(t)
	cred := s.Credential()
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	for _, fault := range []func(){
		func() { s.FailNext(1, http.StatusUnauthorized) },
		func() { s.FailNext(3, http.StatusBadGateway) },
		func() { s.RateLimitNext(3, 0) },
		func() { s.MalformNext(1) },
		func() {},
	} {
		s.Reset()
		fault()
		_, err := apc.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberInvalid}, cred)
		collect(err)
	}
	res, err := apc.TrackBatch(t.Context(), []tracking.Request{{TrackingNumber: "X"}, {TrackingNumber: ausposttest.NumberStarTrack, Carrier: auspost.StarTrackID}}, cred)
	collect(err)
	for _, r := range res {
		collect(r.Err)
	}
	require.NotEmpty(t, errs)
	for _, err := range errs {
		assertNoSecret(t, err, cred)
	}
}
