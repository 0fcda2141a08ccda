package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// A timestamp that is not a time is refused on every path, even when the
// signature over its text is genuine: nothing is accepted unchecked.
func TestMalformedTimestampsAreRefused(t *testing.T) {
	ctx := context.Background()
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	shipEngine := seVerifier(shipengine.WithStaticJWKS(signer.JWKS()))
	t123, tt := t123Verifier(), ttVerifier()
	for _, ts := range []string{"abc", "-5", "1e9", "0x10", "12:00", "1.5", "99999999999999999999", "2026-03-04", "1772042712 5"} {
		t.Run(ts, func(t *testing.T) {
			body := []byte(`{"a":1}`)
			h := http.Header{}
			h.Set("X-Timestamp", ts)
			h.Set("X-Signature", webhooktest.HexHMAC("k", ts+"."+string(body)))
			_, err := webhook.NewHMACVerifier().Verify(ctx, webhook.Delivery{Header: h, Body: body}, "k")
			assert.ErrorIs(t, err, webhook.ErrMalformed, "generic HMAC")

			h = http.Header{}
			h.Set(track123.WebhookTimestampHeader, ts)
			h.Set(track123.WebhookSignatureHeader, webhooktest.HexHMAC("k", ts))
			_, err = t123.Verify(ctx, webhook.Delivery{Header: h, Body: body}, "k")
			assert.ErrorIs(t, err, webhook.ErrMalformed, "Track123 headers")

			quoted, err := json.Marshal(ts)
			require.NoError(t, err)
			b123 := []byte(`{"data":{},"verify":{"timestamp":` + string(quoted) + `,"signature":"` + webhooktest.HexHMAC("k", ts) + `"}}`)
			_, err = t123.Verify(ctx, webhook.Delivery{Body: b123}, "k")
			assert.ErrorIs(t, err, webhook.ErrMalformed, "Track123 body")

			btry := []byte(`{"data":{},"verifyInfo":{"timeStr":` + string(quoted) + `,"signature":"` + webhooktest.HexHMAC("k", ts) + `"}}`)
			_, err = tt.Verify(ctx, webhook.Delivery{Body: btry}, "k")
			assert.ErrorIs(t, err, webhook.ErrMalformed, "Tracktry")

			_, err = shipEngine.Verify(ctx, webhook.Delivery{Header: signer.SignText(body, ts), Body: body}, "")
			assert.ErrorIs(t, err, webhook.ErrMalformed, "ShipEngine")
		})
	}
}

// A signature must carry the scheme's prefix: without it, with another one
// of the same length, or shorter than the prefix, it is refused (and never
// panics).
func TestHMACPrefixIsRequired(t *testing.T) {
	body := []byte(`{"a":1}`)
	mac := webhooktest.HexHMAC("k", string(body))
	v := webhook.NewHMACVerifier(webhook.WithHMACScheme(webhook.HMACScheme{Template: "{body}", Prefix: "sha256="}))
	verify := func(sig string) error {
		_, err := v.Verify(context.Background(), webhook.Delivery{Header: http.Header{"X-Signature": {sig}}, Body: body}, "k")
		return err
	}
	require.NoError(t, verify("sha256="+mac))
	require.NoError(t, verify("SHA256="+mac), "the prefix is case-insensitive")
	for _, sig := range []string{mac, "sha512=" + mac, "xxxxxxx" + mac[7:], "sha256", "s", "=", "sha256=", "sha256=" + mac[:63]} {
		assert.ErrorIs(t, verify(sig), webhook.ErrBadSignature, "%q", sig)
	}
}

// Every scheme with a secret refuses every delivery when the secret is
// empty, even one signed with the empty key.
func TestEmptySecretIsRefused(t *testing.T) {
	ctx := context.Background()
	ts := "1800000000"
	atTS := webhook.Clock{Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	body := []byte(`{"user_key":""}`)
	for name, tc := range map[string]struct {
		v webhook.Verifier
		d webhook.Delivery
	}{
		"generic HMAC": {webhook.NewHMACVerifier(webhook.WithHMACClock(atTS)), webhook.Delivery{Body: body,
			Header: http.Header{"X-Timestamp": {ts}, "X-Signature": {webhooktest.HexHMAC("", ts+"."+string(body))}}}},
		"Track123": {t123Verifier(track123.WithWebhookClock(atTS)), webhook.Delivery{Body: body,
			Header: http.Header{track123.WebhookTimestampHeader: {ts}, track123.WebhookSignatureHeader: {webhooktest.HexHMAC("", ts)}}}},
		"Tracktry": {ttVerifier(tracktry.WithWebhookClock(atTS)), webhook.Delivery{
			Body: []byte(`{"verifyInfo":{"timeStr":` + ts + `,"signature":"` + webhooktest.HexHMAC("", ts) + `"}}`)}},
		"TrackShip": {trackship.WebhookScheme().Verifier, webhook.Delivery{Body: body,
			Header: http.Header{"Trackship-Api-Key": {" "}}}},
		"URL token": {webhook.NewURLTokenVerifier("", ""), webhook.Delivery{Body: body,
			URL: &url.URL{Path: "/hooks", RawQuery: "token="}}},
	} {
		_, err := tc.v.Verify(ctx, tc.d, "")
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		assert.NotEmpty(t, tc.v.SecretField(), name)
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A body over the limit is refused whether or not it declares its length;
// without a Content-Length it is read only one byte past the limit, and
// never truncated into an accepted delivery.
func TestOversizedBodyWithoutContentLength(t *testing.T) {
	const max = 64
	read := func(n int) (webhook.Delivery, *countingReader, error) {
		src := &countingReader{r: bytes.NewReader(bytes.Repeat([]byte("x"), n))}
		req := httptest.NewRequest(http.MethodPost, "/hooks", io.NopCloser(src))
		req.ContentLength = -1 // chunked: the length is unknown
		d, err := webhook.ReadDelivery(req, max)
		return d, src, err
	}
	d, _, err := read(max)
	require.NoError(t, err)
	assert.Len(t, d.Body, max, "a body at the limit is read whole")
	for _, n := range []int{max + 1, max + 2, 10 * max} {
		_, src, err := read(n)
		assert.ErrorIs(t, err, webhook.ErrTooLarge, n)
		assert.LessOrEqual(t, src.n, max+1, "read no further than the limit needs")
	}

	// Declared lengths: over the limit refused before reading.
	req := httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(make([]byte, max+1)))
	_, err = webhook.ReadDelivery(req, max)
	assert.ErrorIs(t, err, webhook.ErrTooLarge)
	req = httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(make([]byte, max)))
	_, err = webhook.ReadDelivery(req, max)
	assert.NoError(t, err)

	// The default limit applies when none is given.
	big := &countingReader{r: io.LimitReader(zeros{}, webhook.DefaultMaxBodySize+10)}
	req = httptest.NewRequest(http.MethodPost, "/hooks", io.NopCloser(big))
	req.ContentLength = -1
	_, err = webhook.ReadDelivery(req, 0)
	assert.ErrorIs(t, err, webhook.ErrTooLarge)
	assert.Equal(t, webhook.DefaultMaxBodySize+1, big.n)

	// Through the Handler: 413, and the application never sees it.
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithMaxBodySize(max))
	good := track123test.WebhookBody("secret-1", []byte(`{"trackNo":"T1"}`), time.Now())
	require.Greater(t, len(good), max, "the genuine delivery must exceed the limit")
	r := httptest.NewRequest(http.MethodPost, "/hooks", io.NopCloser(bytes.NewReader(good)))
	r.ContentLength = -1
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	assert.Zero(t, rec.calls.Load())
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// The generic scheme with a timestamp header refuses a signature sent
// without the timestamp as a missing header, not as a bad signature.
func TestHMACMissingTimestamp(t *testing.T) {
	body := []byte(`{}`)
	h := http.Header{"X-Signature": {webhooktest.HexHMAC("k", "."+string(body))}} // what an empty time would sign
	_, err := webhook.NewHMACVerifier().Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "k")
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
}

// Headers are found whatever their case, and a name present with no value
// counts as absent (never a panic).
func TestHeaderValue(t *testing.T) {
	d := webhook.Delivery{Header: http.Header{"x-signature": {"a", "b"}, "x-empty": {}, "X-Canonical": {"c"}}}
	assert.Equal(t, "a", d.HeaderValue("X-Signature"))
	assert.Equal(t, "c", d.HeaderValue("x-canonical"))
	assert.Equal(t, "", d.HeaderValue("X-Empty"))
	assert.Equal(t, "", d.HeaderValue("X-Absent"))
	assert.Equal(t, "", webhook.Delivery{}.HeaderValue("X-Absent"))
}

func TestURLTokenDefaults(t *testing.T) {
	v := webhook.NewURLTokenVerifier("", "")
	assert.Equal(t, "webhook_token", v.SecretField())
	w := webhook.NewURLTokenVerifier("key", "hook_token")
	assert.Equal(t, "hook_token", w.SecretField())
	u := &url.URL{RawQuery: "token=abc&key=xyz"}
	_, err := w.Verify(context.Background(), webhook.Delivery{URL: u}, "xyz")
	assert.NoError(t, err, "the configured parameter is read")
	_, err = w.Verify(context.Background(), webhook.Delivery{URL: u}, "abc")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	_, err = w.Verify(context.Background(), webhook.Delivery{}, "abc")
	assert.ErrorIs(t, err, webhook.ErrMissingHeader, "no URL at all")
}

// A body that breaks off while being read is malformed, not an empty
// delivery.
func TestReadDeliveryBrokenBody(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/hooks", io.NopCloser(&errAfter{rest: []byte(`{"data":`)}))
	req.ContentLength = -1
	_, err := webhook.ReadDelivery(req, 0)
	assert.ErrorIs(t, err, webhook.ErrMalformed)
}
