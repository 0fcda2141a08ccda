package shipengine_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/webhook"
)

func clockAt(s string) webhook.Clock {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return webhook.Clock{Now: func() time.Time { return t }}
}

// webhookVector is the synthetic vector in testdata: its headers, body and
// the time it verifies at.
func webhookVector(tb testing.TB) (http.Header, []byte, string) {
	tb.Helper()
	var vec struct {
		Headers   map[string]string `json:"headers"`
		VerifyNow string            `json:"verify_now"`
	}
	require.NoError(tb, json.Unmarshal(readFixture(tb, "webhook-track.signature.json"), &vec))
	h := http.Header{}
	for k, v := range vec.Headers {
		h.Set(k, v)
	}
	return h, readFixture(tb, "webhook-track.json"), vec.VerifyNow
}

func TestWebhookKnownAnswer(t *testing.T) {
	h, body, now := webhookVector(t)
	jwks := readFixture(t, "jwks-test.json")
	newV := func(clock string) webhook.Verifier {
		return shipengine.WebhookScheme(shipengine.WithStaticJWKS(jwks), shipengine.WithWebhookClock(clockAt(clock))).Verifier
	}
	ctx := context.Background()

	got, err := newV(now).Verify(ctx, webhook.Delivery{Header: h, Body: body}, "")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-04T22:41:07Z", got.Timestamp.Format(time.RFC3339))
	assert.NotEmpty(t, got.ReplayKey)

	cases := []struct {
		name   string
		header func(http.Header)
		body   []byte
		clock  string
		want   error
	}{
		{name: "body changed by one byte", body: append(append([]byte{}, body...), ' '), want: webhook.ErrBadSignature},
		{name: "stale by 301 s", clock: "2026-03-04T22:46:08Z", want: webhook.ErrStale},
		{name: "from the future", clock: "2026-03-04T22:30:00Z", want: webhook.ErrStale},
		{name: "EC key", header: func(h http.Header) { h.Set(shipengine.WebhookKeyIDHeader, "test-ec-2026-01") }, want: webhook.ErrUnknownKey},
		{name: "unknown key", header: func(h http.Header) { h.Set(shipengine.WebhookKeyIDHeader, "unknown-kid") }, want: webhook.ErrUnknownKey},
		{name: "timestamp reformatted", header: func(h http.Header) { h.Set(shipengine.WebhookTimestampHeader, "2026-03-04T22:41:07.000Z") }, want: webhook.ErrBadSignature},
		{name: "signature dropped", header: func(h http.Header) { h.Del(shipengine.WebhookSignatureHeader) }, want: webhook.ErrMissingHeader},
		{name: "key id dropped", header: func(h http.Header) { h.Del(shipengine.WebhookKeyIDHeader) }, want: webhook.ErrMissingHeader},
		{name: "signature not base64", header: func(h http.Header) { h.Set(shipengine.WebhookSignatureHeader, "%%%") }, want: webhook.ErrBadSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hh := h.Clone()
			if tc.header != nil {
				tc.header(hh)
			}
			b := body
			if tc.body != nil {
				b = tc.body
			}
			clock := now
			if tc.clock != "" {
				clock = tc.clock
			}
			_, err := newV(clock).Verify(ctx, webhook.Delivery{Header: hh, Body: b}, "")
			assert.ErrorIs(t, err, tc.want)
			if tc.name == "signature not base64" {
				assert.ErrorContains(t, err, "not base64", "refused for what it is")
			}
		})
	}
}

func TestWebhookHeadersAreCaseInsensitive(t *testing.T) {
	h, body, now := webhookVector(t)
	lower := http.Header{}
	for k, v := range h { // a proxy that lower-cases names and bypasses canonical form
		lower[string(bytes.ToLower([]byte(k)))] = v
	}
	v := shipengine.WebhookScheme(shipengine.WithStaticJWKS(readFixture(t, "jwks-test.json")),
		shipengine.WithWebhookClock(clockAt(now))).Verifier
	_, err := v.Verify(context.Background(), webhook.Delivery{Header: lower, Body: body}, "")
	require.NoError(t, err)
}

// ShipEngine's timestamp is read as RFC 3339, as zone-less ISO 8601 (UTC)
// or as Unix seconds or milliseconds; the signature covers the text as
// sent.
func TestWebhookTimestampForms(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	now := time.Date(2026, 3, 4, 22, 41, 7, 0, time.UTC)
	v := shipengine.WebhookScheme(shipengine.WithStaticJWKS(signer.JWKS()),
		shipengine.WithWebhookClock(webhook.Clock{Now: func() time.Time { return now }})).Verifier
	body := []byte(`{"resource_type":"API_TRACK"}`)
	for _, ts := range []string{
		"2026-03-04T22:41:07Z", "2026-03-04T23:41:07+01:00", "2026-03-04T22:41:07.250Z",
		"2026-03-04T22:41:07", "2026-03-04T22:41:07.5", "1772664067", "1772664067000", " 2026-03-04T22:41:07Z ",
	} {
		got, err := v.Verify(context.Background(), webhook.Delivery{Header: signer.SignText(body, ts), Body: body}, "")
		if assert.NoError(t, err, ts) {
			assert.WithinDuration(t, now, got.Timestamp, time.Second, ts)
			assert.Equal(t, time.UTC, got.Timestamp.Location(), ts)
		}
	}
	// Zone-less means UTC: the same clock text an hour off is stale.
	late := shipengine.WebhookScheme(shipengine.WithStaticJWKS(signer.JWKS()),
		shipengine.WithWebhookClock(webhook.Clock{Now: func() time.Time { return now.Add(time.Hour) }})).Verifier
	_, err = late.Verify(context.Background(), webhook.Delivery{Header: signer.SignText(body, "2026-03-04T22:41:07"), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrStale)
	// A timestamp that is not a time is refused, signature or not.
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: signer.SignText(body, "yesterday"), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrMalformed)
}

// A captured delivery re-sent with its signature re-encoded (unpadded,
// URL-safe, or with different unused bits) is the same delivery.
func TestWebhookReplayWithReencodedSignature(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	var calls atomic.Int32
	scheme := shipengine.WebhookScheme(shipengine.WithStaticJWKS(signer.JWKS()))
	scheme.Parse = func([]byte) ([]*tracking.Shipment, error) { return nil, nil }
	h, err := webhook.NewHandler(scheme, func(context.Context, webhook.Event) error { calls.Add(1); return nil })
	require.NoError(t, err)
	body := []byte(`{"data":{"trackNo":"T1"}}`)
	post := func(hdr http.Header) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(body))
		r.Header = hdr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	hdr := signer.Sign(body, time.Now())
	require.Equal(t, http.StatusOK, post(hdr))
	raw, err := base64.StdEncoding.DecodeString(hdr.Get(shipengine.WebhookSignatureHeader))
	require.NoError(t, err)
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.URLEncoding} {
		h2 := hdr.Clone()
		h2.Set(shipengine.WebhookSignatureHeader, enc.EncodeToString(raw))
		assert.Equal(t, http.StatusOK, post(h2))
	}
	assert.EqualValues(t, 1, calls.Load(), "one delivery, processed once")
}

// The scheme answers 404 without signature headers, needs no secret and
// decodes with ParseWebhook.
func TestWebhookSchemeWiring(t *testing.T) {
	s := shipengine.WebhookScheme()
	assert.Equal(t, shipengine.ID, s.Carrier)
	assert.Equal(t, http.StatusNotFound, s.MissingHeaderStatus)
	assert.Empty(t, s.Verifier.SecretField())
	want, err := shipengine.ParseWebhook(readFixture(t, "webhook-track.json"))
	require.NoError(t, err)
	got, err := s.Parse(readFixture(t, "webhook-track.json"))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// The fake's signer signs as the scheme checks, and a key it did not
// publish is refused.
func TestWebhookSignerMatchesScheme(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	other, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	v := shipengine.WebhookScheme(shipengine.WithJWKSURL(signer.Server())).Verifier
	body := []byte(`{"resource_type":"API_TRACK"}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	assert.NoError(t, err)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: other.Sign(body, time.Now()), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	assert.Equal(t, 1, signer.Fetches())
}
