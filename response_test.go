package tracking_test

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
)

// ShipEngine's fake behind a base that adds the request id header
// ShipEngine documents: a successful Track reports it, and no rate limit.
func TestLastResponseShipEngine(t *testing.T) {
	se := shipenginetest.NewServer()
	defer se.Close()
	var n atomic.Int32
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(se.BaseURL()))),
		tracking.WithCredentials(store(t, se.Credential())),
		tracking.WithTransport(withHeaders(map[string]string{"x-shipengine-requestid": "req-5f2a"}, &n)),
	)
	require.NoError(t, err)
	var last tracking.ProviderResponse
	_, err = client.Track(tracking.WithLastResponse(t.Context(), &last),
		tracking.Request{TrackingNumber: shipengineNumber, Courier: shipengineCourier})
	require.NoError(t, err)
	assert.Equal(t, shipengine.ID, last.Carrier)
	assert.Equal(t, 200, last.StatusCode)
	assert.Equal(t, 1, last.Attempts)
	assert.Equal(t, "req-5f2a", last.RequestID)
	assert.False(t, last.RateLimit.Known())
	assert.Equal(t, tracking.RateLimit{Limit: -1, Remaining: -1}, last.RateLimit)
}

// Australia Post's fake behind a base that adds X-RateLimit-* headers:
// the headroom is reported, the reset read as seconds from now.
func TestLastResponseAusPostRateLimit(t *testing.T) {
	ap := ausposttest.NewServer()
	defer ap.Close()
	carrier, cred := ap.Carrier()
	var n atomic.Int32
	client, err := tracking.NewClient(
		tracking.WithCarrier(carrier),
		tracking.WithCredentials(store(t, cred)),
		tracking.WithTransport(withHeaders(map[string]string{
			"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "42", "X-Request-Id": "ap-1",
		}, &n)),
	)
	require.NoError(t, err)
	var last tracking.ProviderResponse
	before := time.Now()
	_, err = client.Track(tracking.WithLastResponse(t.Context(), &last), tracking.Request{TrackingNumber: auspostNumber})
	require.NoError(t, err)
	assert.Equal(t, auspost.ID, last.Carrier)
	assert.Equal(t, "ap-1", last.RequestID)
	assert.True(t, last.RateLimit.Known())
	assert.Equal(t, 10, last.RateLimit.Limit)
	assert.Equal(t, 7, last.RateLimit.Remaining)
	assert.WithinRange(t, last.RateLimit.Reset, before.Add(42*time.Second).Add(-time.Second), time.Now().Add(42*time.Second))
	assert.Equal(t, "7", last.Header.Get("X-RateLimit-Remaining"), "the headers are there for the rest")
}

// Header names are configurable client-wide, for a provider that uses
// its own; a Unix reset is read as a time. Hooks stack, and an error
// reports nothing (its facts are in the APIError).
func TestResponseHookCustomHeaders(t *testing.T) {
	ap := ausposttest.NewServer()
	defer ap.Close()
	carrier, cred := ap.Carrier()
	var n atomic.Int32
	client, err := tracking.NewClient(
		tracking.WithCarrier(carrier),
		tracking.WithCredentials(store(t, cred)),
		tracking.WithTransport(withHeaders(map[string]string{"Quota-Left": "99", "Quota-Reset": "1893456000", "Trace": "t-9"}, &n)),
		tracking.WithResponseHeaders(tracking.ResponseHeaders{RequestID: []string{"Trace"}, Remaining: []string{"Quota-Left"}, Reset: []string{"Quota-Reset"}}),
	)
	require.NoError(t, err)
	var mu sync.Mutex
	var outer, inner []tracking.ProviderResponse
	ctx := tracking.WithResponseHook(t.Context(), func(r tracking.ProviderResponse) { mu.Lock(); outer = append(outer, r); mu.Unlock() })
	ctx = tracking.WithResponseHook(ctx, func(r tracking.ProviderResponse) { mu.Lock(); inner = append(inner, r); mu.Unlock() })
	_, err = client.Track(ctx, tracking.Request{TrackingNumber: auspostNumber})
	require.NoError(t, err)
	require.Len(t, inner, 1)
	require.Len(t, outer, 1)
	r := inner[0]
	assert.Equal(t, "t-9", r.RequestID)
	assert.Equal(t, 99, r.RateLimit.Remaining)
	assert.Equal(t, -1, r.RateLimit.Limit)
	assert.Equal(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), r.RateLimit.Reset)

	ap.FailNext(1, http.StatusUnauthorized)
	_, err = client.Track(ctx, tracking.Request{TrackingNumber: auspostNumber})
	require.Error(t, err)
	assert.Len(t, inner, 1, "an error is not a successful answer")
}
