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

// A Prefix with capital letters never verifies: the signature is
// lowercased, prefix included, before it is compared with Prefix+hex.
func TestHMACPrefixCaseInsensitive(t *testing.T) {
	v := webhook.NewHMACVerifier(webhook.WithHMACScheme(webhook.HMACScheme{Prefix: "V1="}))
	body := []byte(`{}`)
	hdr := webhooktest.HMACHeaders(v, "s3cret", body, time.Now())
	_, err := v.Verify(context.Background(), webhook.Delivery{Header: hdr, Body: body}, "s3cret")
	assert.NoError(t, err)
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

type brokenStore struct{}

func (brokenStore) Get(context.Context, string, string) (credentials.Credential, error) {
	return credentials.Credential{}, errors.New("dial tcp: connection refused")
}
func (brokenStore) List(context.Context, string, string) ([]credentials.Credential, error) {
	return nil, errors.New("dial tcp: connection refused")
}

// A credential store outage is answered 401: providers do not retry (or
// alert on) it like a 5xx, and the delivery is lost.
func TestStoreOutageIs500(t *testing.T) {
	h, err := webhook.NewHandler("track123", webhook.NewTrack123Verifier(), parseAny,
		func(context.Context, webhook.Event) error { return nil },
		webhook.WithResolver(credentials.NewResolver(brokenStore{})))
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
