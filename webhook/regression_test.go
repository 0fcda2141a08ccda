package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// With the JWKS endpoint failing, every unauthenticated request carrying
// the three headers triggers an outbound fetch: the refresh limiter is
// bypassed while the cache is empty or stale.
func TestShipEngineStaleCacheRefreshIsThrottled(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	v := seVerifier(shipengine.WithJWKSURL(srv.URL))
	hdr := http.Header{}
	hdr.Set(shipengine.WebhookKeyIDHeader, "anything")
	hdr.Set(shipengine.WebhookSignatureHeader, "AAAA")
	for range 20 {
		hdr.Set(shipengine.WebhookTimestampHeader, time.Now().UTC().Format(time.RFC3339))
		_, _ = v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: []byte(`{}`)}, "")
	}
	assert.LessOrEqual(t, hits.Load(), int32(2), "fetches must be rate-limited even when the cache is stale")
}

// A Prefix with capital letters never verified: the signature was
// lowercased, prefix included, before it was compared with Prefix+hex. The
// vector is HMAC-SHA256("s3cret", "1800000000.{}") from Python's hmac.
func TestHMACPrefixCaseInsensitive(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	v := webhook.NewHMACVerifier(webhook.WithHMACClock(webhook.Clock{Now: func() time.Time { return now }}),
		webhook.WithHMACScheme(webhook.HMACScheme{Prefix: "V1="}))
	body := []byte(`{}`)
	const sig = "1cd77f07c7f231a8a17cd9bc413e578ccb209c24eb17a0577ce1eb9218a4f3ed"
	for _, prefix := range []string{"V1=", "v1="} {
		hdr := http.Header{"X-Timestamp": {"1800000000"}, "X-Signature": {prefix + sig}}
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: body}, "s3cret")
		assert.NoError(t, err, prefix)
	}
}

// A callback that panics leaves the replay key claimed: the provider's
// retry is answered "already processed" and the delivery is lost.
func TestPanickingCallbackReleasesClaim(t *testing.T) {
	var calls atomic.Int32
	fn := func(context.Context, webhook.Event) error {
		if calls.Add(1) == 1 {
			panic("nil map in app code")
		}
		return nil
	}
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), fn, webhook.WithSecret("secret-1"))
	require.NoError(t, err)
	body := track123test.WebhookBody("secret-1", []byte(`{"trackNo":"T1"}`), time.Now())
	func() {
		defer func() { _ = recover() }() // net/http recovers it the same way
		post(h, body, nil, "")
	}()
	post(h, body, nil, "")
	assert.EqualValues(t, 2, calls.Load(), "the retry must reach the application")
}

// A credential store outage is answered 401: providers do not retry (or
// alert on) it like a 5xx, and the delivery is lost.
func TestStoreOutageIs500(t *testing.T) {
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()),
		func(context.Context, webhook.Event) error { return nil },
		webhook.WithResolver(credentials.NewResolver(failingStore{errors.New("dial tcp: connection refused")})))
	require.NoError(t, err)
	body := track123test.WebhookBody("secret-1", []byte(`{"trackNo":"T1"}`), time.Now())
	w := post(h, body, nil, "")
	assert.GreaterOrEqual(t, w.Code, 500, "got %d %s", w.Code, strings.TrimSpace(w.Body.String()))
}

func TestZeroValueReplayStore(t *testing.T) {
	var s webhook.MemoryReplayStore
	st, err := s.Reserve(context.Background(), "k", "t1", time.Minute)
	if err != nil || st != webhook.ReplayReserved {
		t.Fatalf("Reserve on the zero value: %v, %v", st, err)
	}
}
