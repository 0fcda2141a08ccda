package auspost_test

// Tests for behaviour that mutation testing (scripts/mutation.sh) found
// unasserted: each pins one decision a changed line would get wrong.

import (
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"testing"

	"github.com/jarcoal/httpmock"
	"golang.org/x/time/rate"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
)

// The smallest chunk that can be split, two ids, is split too: the good
// id is answered and the other fails alone.
func TestMixedNetworksSplitTwo(t *testing.T) {
	s, apc, _ := setup(t)
	res, err := apc.TrackBatch(t.Context(), []tracking.Request{
		{TrackingNumber: ausposttest.NumberDelivered},
		{TrackingNumber: ausposttest.NumberStarTrack},
	}, s.Credential())
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	assert.Equal(t, tracking.StatusDelivered, res[0].Shipment.Status)
	assert.ErrorIs(t, res[1].Err, tracking.ErrNotFound)
	assert.Equal(t, 1, s.Served(http.StatusBadRequest), "the mixed call")
	assert.Equal(t, [][]string{{ausposttest.NumberDelivered}, {ausposttest.NumberStarTrack}}, s.Calls(), "then each id alone")
}

// answering is a carrier whose every track call gets body with HTTP 200
// and the given headers.
func answering(body []byte, opts ...auspost.Option) *auspost.Carrier {
	return answeringWith(body, nil, opts...)
}

func answeringWith(body []byte, header http.Header, opts ...auspost.Option) *auspost.Carrier {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "https://digitalapi.auspost.com.au/shipping/v1/track",
		httpmock.NewBytesResponder(http.StatusOK, body).HeaderSet(header))
	opts = append([]auspost.Option{auspost.WithHTTPClient(&http.Client{Transport: mt}), auspost.WithRateLimit(rate.Inf, 1)}, opts...)
	return auspost.New(opts...)
}

// delivered is one delivered tracking result for id; "" leaves the id out.
func delivered(id string) string {
	return `{"tracking_id":"` + id + `","status":"Delivered","trackable_items":[{"article_id":"` + id +
		`","product_type":"eParcel","status":"Delivered","events":[{"location":"ALEXANDRIA NSW","description":"Delivered","date":"2026-02-27T14:43:09+11:00"}]}]}`
}

// An answer with tracking results is read for them even when it also
// lists errors of the whole call: only an answer with errors and no
// result is an error.
func TestResultsBesideErrorsAreRead(t *testing.T) {
	body, err := os.ReadFile("testdata/track-delivered-and-invalid.json")
	require.NoError(t, err)
	body = bytes.Replace(body, []byte("{"), []byte(`{"errors":[{"code":"51101","name":"TOO_MANY_AP_TRACKING_IDS"}],`), 1)
	c := answering(body)
	s, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
}

// An answer with neither results nor errors is a decoding error of each
// id, not an error of the provider.
func TestEmptyAnswerIsNoResult(t *testing.T) {
	_, err := answering([]byte(`{"tracking_results":[]}`)).Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	var de *tracking.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "tracking_results", de.Field)
}

// A lone result that does not echo the id answers a lone id, and only
// then: with two ids each needs its own result.
func TestLoneResultWithoutID(t *testing.T) {
	ids := []tracking.Request{{TrackingNumber: "7XX1000000000001"}, {TrackingNumber: "7XX1000000000002"}}
	s, err := answering([]byte(`{"tracking_results":[`+delivered("")+`]}`)).Track(t.Context(), ids[0], cred(testAPAcct))
	require.NoError(t, err, "one id, one result without id")
	assert.Equal(t, tracking.StatusDelivered, s.Status)

	res, err := answering([]byte(`{"tracking_results":[`+delivered("")+`]}`)).TrackBatch(t.Context(), ids, cred(testAPAcct))
	require.NoError(t, err)
	for i, r := range res {
		assert.ErrorIs(t, r.Err, tracking.ErrInvalidResponse, "two ids, one result without id: result %d", i)
	}

	res, err = answering([]byte(`{"tracking_results":[`+delivered("7XX1000000000002")+`]}`)).TrackBatch(t.Context(), ids, cred(testAPAcct))
	require.NoError(t, err)
	assert.ErrorIs(t, res[0].Err, tracking.ErrInvalidResponse, "the id without a result")
	require.NoError(t, res[1].Err)
	assert.Equal(t, "7XX1000000000002", res[1].Shipment.TrackingNumber)
}

// An Australia Post credential with a StarTrack account number (eight
// digits, zeros included) is refused before any call; eight characters
// that are not all digits are no StarTrack account.
func TestAccountOfTheOtherNetwork(t *testing.T) {
	req := tracking.Request{TrackingNumber: "7XX1000000000001"}
	body := []byte(`{"tracking_results":[` + delivered("7XX1000000000001") + `]}`)
	_, err := answering(body).Track(t.Context(), req, cred("01234567"))
	assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.ErrorContains(t, err, "8-digit account number")
	_, err = answering(body).Track(t.Context(), req, cred("0123456A"))
	assert.NoError(t, err)
}

// The provider's X-RateLimit-* headers are logged at debug level, and
// nothing is logged about them when there are none.
func TestRateHeadersLogged(t *testing.T) {
	req := tracking.Request{TrackingNumber: "7XX1000000000001"}
	body := []byte(`{"tracking_results":[` + delivered("7XX1000000000001") + `]}`)
	for _, tc := range []struct {
		header http.Header
		logged bool
	}{
		{http.Header{"X-Ratelimit-Remaining": {"7"}, "X-Other": {"1"}}, true},
		{http.Header{"X-Other": {"1"}}, false},
	} {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		_, err := answeringWith(body, tc.header, auspost.WithLogger(log)).Track(t.Context(), req, cred(testAPAcct))
		require.NoError(t, err)
		assert.Equal(t, tc.logged, bytes.Contains(logs.Bytes(), []byte("rate limit headers")), "%v: %s", tc.header, logs.String())
		assert.Equal(t, tc.logged, bytes.Contains(logs.Bytes(), []byte("X-Ratelimit-Remaining=7")), "%v: %s", tc.header, logs.String())
	}
}

// An Australia Post consignment (its articles in items[]) gives the
// consignment status from its own level; a StarTrack consignment level,
// when there is one, keeps its status.
func TestConsignmentStatusOfAPConsignment(t *testing.T) {
	body, err := os.ReadFile("testdata/track-ap-consignment-items.json")
	require.NoError(t, err)
	body = bytes.Replace(body, []byte(`"consignment_id"`), []byte(`"status": "Awaiting Collection", "consignment_id"`), 1)
	req := tracking.Request{TrackingNumber: "ET000000001AU"}
	d, err := answering(body).Detail(t.Context(), req, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, "Awaiting Collection", d.ConsignmentStatus)

	both := bytes.Replace(body, []byte(`"trackable_items"`), []byte(`"consignment": {"status": "Delivered", "events": []}, "trackable_items"`), 1)
	d, err = answering(both).Detail(t.Context(), req, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, "Delivered", d.ConsignmentStatus, "the consignment level's own status")
}

// A result with errors is still read when it carries a consignment level
// and nothing else.
func TestResultWithErrorsAndConsignmentIsRead(t *testing.T) {
	body := []byte(`{"tracking_results":[{"tracking_id":"7XX1000000000001","errors":[{"code":"ESB-10001","name":"Invalid tracking ID"}],
		"consignment":{"status":"Delivered","events":[{"description":"Delivered","date":"2026-02-27T14:43:09+11:00"}]}}]}`)
	s, err := answering(body).Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
}
