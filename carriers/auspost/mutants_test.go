package auspost_test

// Tests for behaviour that mutation testing (scripts/mutation.sh) found
// unasserted: each pins one decision a changed line would get wrong.

import (
	"bytes"
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
		{TrackingNumber: ausposttest.DeliveredID},
		{TrackingNumber: ausposttest.StarTrackID},
	}, s.Credential())
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	assert.Equal(t, tracking.StatusDelivered, res[0].Shipment.Status)
	assert.ErrorIs(t, res[1].Err, tracking.ErrNotFound)
	assert.Equal(t, 1, s.Served(http.StatusBadRequest), "the mixed call")
	assert.Equal(t, [][]string{{ausposttest.DeliveredID}, {ausposttest.StarTrackID}}, s.Calls(), "then each id alone")
}

// An answer with tracking results is read for them even when it also
// lists errors of the whole call: only an answer with errors and no
// result is an error.
func TestResultsBesideErrorsAreRead(t *testing.T) {
	body, err := os.ReadFile("testdata/track-delivered-and-invalid.json")
	require.NoError(t, err)
	body = bytes.Replace(body, []byte("{"), []byte(`{"errors":[{"code":"51101","name":"TOO_MANY_AP_TRACKING_IDS"}],`), 1)
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "https://digitalapi.auspost.com.au/shipping/v1/track", httpmock.NewBytesResponder(http.StatusOK, body))
	c := auspost.New(auspost.WithHTTPClient(&http.Client{Transport: mt}), auspost.WithRateLimit(rate.Inf, 1))
	s, err := c.Track(t.Context(), tracking.Request{TrackingNumber: "7XX1000000000001"}, cred(testAPAcct))
	require.NoError(t, err)
	assert.Equal(t, tracking.StatusDelivered, s.Status)
}
