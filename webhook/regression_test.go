package webhook_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// A captured ShipEngine delivery re-sent with its signature re-encoded
// (unpadded, URL-safe, or with different unused bits) is accepted again.
func TestShipEngineReplayWithReencodedSignature(t *testing.T) {
	signer, err := webhooktest.NewShipEngineSigner("k1")
	require.NoError(t, err)
	rec := &recorder{}
	h, err := webhook.NewHandler("shipengine",
		webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(signer.JWKS())), parseAny, rec.fn)
	require.NoError(t, err)
	body := []byte(`{"data":{"trackNo":"T1"}}`)
	hdr := signer.Sign(body, time.Now())
	require.Equal(t, http.StatusOK, post(h, body, hdr, "").Code)

	raw, err := base64.StdEncoding.DecodeString(hdr.Get(webhook.ShipEngineSignatureHeader))
	require.NoError(t, err)
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.URLEncoding} {
		h2 := hdr.Clone()
		h2.Set(webhook.ShipEngineSignatureHeader, enc.EncodeToString(raw))
		post(h, body, h2, "")
	}
	assert.EqualValues(t, 1, rec.calls.Load(), "one delivery, processed once")
}

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
	v := webhook.NewShipEngineVerifier(webhook.WithJWKSURL(srv.URL))
	hdr := http.Header{}
	hdr.Set(webhook.ShipEngineKeyIDHeader, "anything")
	hdr.Set(webhook.ShipEngineSignatureHeader, "AAAA")
	for range 20 {
		hdr.Set(webhook.ShipEngineTimestampHeader, time.Now().UTC().Format(time.RFC3339))
		_, _ = v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: []byte(`{}`)}, "")
	}
	assert.LessOrEqual(t, hits.Load(), int32(2), "fetches must be rate-limited even when the cache is stale")
}

// A Prefix with capital letters never verified: the signature was
// lowercased, prefix included, before it was compared with Prefix+hex. The
// vector is HMAC-SHA256("s3cret", "1800000000.{}") from Python's hmac.
func TestHMACPrefixCaseInsensitive(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	v := webhook.NewHMACVerifier(webhook.WithClock(func() time.Time { return now }),
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
	h, err := webhook.NewHandler("track123", webhook.NewTrack123Verifier(), parseAny, fn, webhook.WithSecret("secret-1"))
	require.NoError(t, err)
	body := webhooktest.Track123Body("secret-1", []byte(`{"trackNo":"T1"}`), time.Now())
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
	h, err := webhook.NewHandler("track123", webhook.NewTrack123Verifier(), parseAny,
		func(context.Context, webhook.Event) error { return nil },
		webhook.WithResolver(credentials.NewResolver(failingStore{errors.New("dial tcp: connection refused")})))
	require.NoError(t, err)
	body := webhooktest.Track123Body("secret-1", []byte(`{"trackNo":"T1"}`), time.Now())
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
