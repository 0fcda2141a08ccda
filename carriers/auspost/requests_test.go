package auspost_test

import (
	"encoding/base64"
	"net/http"
	"os"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carriertest"
)

const (
	testKey      = "key-0123456789"
	testPassword = "password-0123456789"
	testAPAcct   = "0123456789"
	testSTAcct   = "01234567"
)

func cred(account string) credentials.Credential {
	return credentials.Credential{Code: "main", Carrier: auspost.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{
			auspost.FieldAccountNumber: credentials.Secret(account),
			auspost.FieldAPIKey:        testKey,
			auspost.FieldAPISecret:     testPassword,
		}}
}

// mock returns a carrier whose requests go to an httpmock transport that
// answers every GET to url with the fixture.
func mock(t *testing.T, newCarrier func(...auspost.Option) *auspost.Carrier, url, fixture string, opts ...auspost.Option) (*auspost.Carrier, *carriertest.Recorder, *httpmock.MockTransport) {
	t.Helper()
	body, err := os.ReadFile("testdata/" + fixture)
	require.NoError(t, err)
	mt := httpmock.NewMockTransport()
	rec := &carriertest.Recorder{}
	mt.RegisterResponder(http.MethodGet, url, rec.Responder(http.StatusOK, body))
	opts = append([]auspost.Option{auspost.WithHTTPClient(&http.Client{Transport: mt}), auspost.WithRateLimit(rate.Inf, 1)}, opts...)
	return newCarrier(opts...), rec, mt
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// assertShape checks everything about one /track request.
func assertShape(t *testing.T, r carriertest.Request, path, rawQuery, account string) {
	t.Helper()
	u := r.ParsedURL()
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "https", u.Scheme)
	assert.Equal(t, "digitalapi.auspost.com.au", u.Host)
	assert.Equal(t, path, u.Path)
	assert.Equal(t, rawQuery, u.RawQuery)
	assert.Equal(t, basic(testKey, testPassword), r.Header.Get("Authorization"))
	assert.Equal(t, account, r.Header.Get("Account-Number"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Empty(t, r.Header.Get("AUTH-KEY"), "AUTH-KEY belongs to another API")
	assert.Empty(t, r.Header.Get("Content-Type"))
	assert.Empty(t, r.Body, "no body")
	assert.LessOrEqual(t, r.ContentLength, int64(0), "no body")
}

func TestRequestTrack(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-delivered-and-invalid.json")
	s, err := c.Track(t.Context(), tracking.Request{TrackingNumber: " 7XX1000000000001 "}, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
	require.Len(t, rec.Requests(), 1)
	assertShape(t, rec.Requests()[0], "/shipping/v1/track", "tracking_ids=7XX1000000000001", testAPAcct)
}

func TestRequestBatchCommaJoined(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-awaiting-collection-mixed-case.json")
	res, err := c.TrackBatch(t.Context(), []tracking.Request{
		{TrackingNumber: "7XX1000000000002"},
		{TrackingNumber: "7XX1000000000003"},
		{TrackingNumber: "7xx1000000000002"}, // a repeat, asked once
		{TrackingNumber: "A/B+C"},            // escaped
	}, cred(testAPAcct))
	require.NoError(t, err)
	require.Len(t, rec.Requests(), 1)
	assertShape(t, rec.Requests()[0], "/shipping/v1/track", "tracking_ids=7XX1000000000002,7XX1000000000003,A%2FB%2BC", testAPAcct)
	assert.Equal(t, tracking.StatusAvailableForPickup, res[0].Shipment.Status)
	assert.Equal(t, tracking.StatusException, res[1].Shipment.Status)
	assert.Equal(t, tracking.StatusAvailableForPickup, res[2].Shipment.Status)
	assert.ErrorIs(t, res[3].Err, tracking.ErrInvalidResponse, "the answer has no result for the id")
}

func TestRequestTestEnvironment(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/test/shipping/v1/track", "track-delivered-and-invalid.json",
		auspost.WithTestEnvironment())
	_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	require.NoError(t, err)
	require.Len(t, rec.Requests(), 1)
	assertShape(t, rec.Requests()[0], "/test/shipping/v1/track", "tracking_ids=7XX1000000000001", testAPAcct)
}

func TestRequestBaseURLPrefix(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/proxy/shipping/v1/track", "track-delivered-and-invalid.json",
		auspost.WithBaseURL("https://digitalapi.auspost.com.au/proxy/"))
	_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	require.NoError(t, err)
	require.Len(t, rec.Requests(), 1)
	assertShape(t, rec.Requests()[0], "/proxy/shipping/v1/track", "tracking_ids=7XX1000000000001", testAPAcct)
}

func TestRequestStarTrack(t *testing.T) {
	c, rec, _ := mock(t, auspost.NewStarTrack, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-startrack-consignment.json")
	s, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "5XXX00000001", Carrier: auspost.StarTrackID}, cred(testSTAcct))
	require.NoError(t, err)
	assert.Equal(t, auspost.StarTrackID, s.Carrier)
	require.Len(t, rec.Requests(), 1)
	assertShape(t, rec.Requests()[0], "/shipping/v1/track", "tracking_ids=5XXX00000001", testSTAcct)
}

func TestRequestChunks(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-delivered-and-invalid.json")
	reqs := make([]tracking.Request, 25)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: "ID" + string(rune('A'+i))}
	}
	_, err := c.TrackBatch(t.Context(), reqs, cred(testAPAcct))
	require.NoError(t, err)
	require.Len(t, rec.Requests(), 3)
	assert.Equal(t, "tracking_ids=IDA,IDB,IDC,IDD,IDE,IDF,IDG,IDH,IDI,IDJ", rec.Requests()[0].ParsedURL().RawQuery)
	assert.Equal(t, "tracking_ids=IDK,IDL,IDM,IDN,IDO,IDP,IDQ,IDR,IDS,IDT", rec.Requests()[1].ParsedURL().RawQuery)
	assert.Equal(t, "tracking_ids=IDU,IDV,IDW,IDX,IDY", rec.Requests()[2].ParsedURL().RawQuery)
}

func TestRequestNothingSentForBadInput(t *testing.T) {
	c, _, mt := mock(t, auspost.New, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-delivered-and-invalid.json")
	ctx := t.Context()
	for _, req := range []tracking.Request{
		{TrackingNumber: ""},
		{TrackingNumber: "   "},
		{TrackingNumber: "A,B"},
		{TrackingNumber: "A B"},
		{TrackingNumber: "7XX1000000000001", Carrier: auspost.StarTrackID},
	} {
		_, err := c.Track(ctx, req, cred(testAPAcct))
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "%+v", req)
	}
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testSTAcct))
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest, "a StarTrack account on the Australia Post carrier")
	noKey := cred(testAPAcct)
	noKey.Fields[auspost.FieldAPIKey] = " "
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "7XX1000000000001"}, noKey)
	assert.ErrorIs(t, err, credentials.ErrMissingField)
	res, err := c.TrackBatch(ctx, []tracking.Request{{TrackingNumber: ""}, {TrackingNumber: "X", Carrier: "shipengine"}}, cred(testAPAcct))
	require.NoError(t, err)
	for _, r := range res {
		assert.ErrorIs(t, r.Err, tracking.ErrInvalidRequest)
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestRequestAccountNumberTrimmed(t *testing.T) {
	c, rec, _ := mock(t, auspost.New, "https://digitalapi.auspost.com.au/shipping/v1/track", "track-delivered-and-invalid.json")
	_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(" "+testAPAcct+"\n"))
	require.NoError(t, err)
	assert.Equal(t, testAPAcct, rec.Requests()[0].Header.Get("Account-Number"))
}

func TestBadBodies(t *testing.T) {
	delivered, err := os.ReadFile("testdata/track-delivered-and-invalid.json")
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		status int
		body   []byte
		kind   error
	}{
		{"empty", 200, nil, tracking.ErrInvalidResponse},
		{"HTML from a proxy", 200, []byte("<html><body>Service Unavailable</body></html>"), tracking.ErrInvalidResponse},
		{"truncated JSON", 200, delivered[:len(delivered)/3], tracking.ErrInvalidResponse},
		{"wrong types", 200, []byte(`{"tracking_results":{"tracking_id":"7XX1000000000001"}}`), tracking.ErrInvalidResponse},
		{"JSON null", 200, []byte(`null`), tracking.ErrInvalidResponse},
		{"unknown error envelope in a 200", 200, []byte(`{"errors":[{"code":"NEW_CODE","message":"new"}]}`), tracking.ErrInvalidResponse},
		{"400 HTML", 400, []byte("<html>Bad Request</html>"), tracking.ErrInvalidRequest},
		{"401 empty", 401, nil, tracking.ErrUnauthorized},
		{"404 HTML: a wrong path, not an unknown id", 404, []byte("<html>Not Found</html>"), tracking.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			rec := &carriertest.Recorder{}
			mt.RegisterResponder(http.MethodGet, "https://digitalapi.auspost.com.au/shipping/v1/track", rec.Responder(tc.status, tc.body))
			c := auspost.New(auspost.WithHTTPClient(&http.Client{Transport: mt}), auspost.WithRateLimit(rate.Inf, 1))
			_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.kind)
			assert.NotContains(t, err.Error(), testPassword)
			assert.Len(t, rec.Requests(), 1, "not retried")
		})
	}
}
