package webhook_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func at(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

// shipEngineVector is the synthetic vector in testdata: its headers, and
// the verifier fed with the test JWKS.
func shipEngineVector(t *testing.T) (http.Header, []byte, map[string]any) {
	t.Helper()
	var vec struct {
		Headers    map[string]string `json:"headers"`
		VerifyNow  string            `json:"verify_now"`
		BodySHA256 string            `json:"body_sha256_hex"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "shipengine-webhook-track.signature.json"), &vec))
	h := http.Header{}
	for k, v := range vec.Headers {
		h.Set(k, v)
	}
	return h, fixture(t, "shipengine-webhook-track.json"), map[string]any{"now": vec.VerifyNow}
}

func TestShipEngineKnownAnswer(t *testing.T) {
	h, body, meta := shipEngineVector(t)
	now := meta["now"].(string)
	jwks := fixture(t, "shipengine-jwks-test.json")
	newV := func(clock string) *webhook.ShipEngineVerifier {
		return webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(jwks), webhook.WithClock(at(clock)))
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
		{name: "EC key", header: func(h http.Header) { h.Set(webhook.ShipEngineKeyIDHeader, "test-ec-2026-01") }, want: webhook.ErrUnknownKey},
		{name: "unknown key", header: func(h http.Header) { h.Set(webhook.ShipEngineKeyIDHeader, "unknown-kid") }, want: webhook.ErrUnknownKey},
		{name: "timestamp reformatted", header: func(h http.Header) { h.Set(webhook.ShipEngineTimestampHeader, "2026-03-04T22:41:07.000Z") }, want: webhook.ErrBadSignature},
		{name: "signature dropped", header: func(h http.Header) { h.Del(webhook.ShipEngineSignatureHeader) }, want: webhook.ErrMissingHeader},
		{name: "key id dropped", header: func(h http.Header) { h.Del(webhook.ShipEngineKeyIDHeader) }, want: webhook.ErrMissingHeader},
		{name: "signature not base64", header: func(h http.Header) { h.Set(webhook.ShipEngineSignatureHeader, "%%%") }, want: webhook.ErrBadSignature},
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

func TestShipEngineHeadersAreCaseInsensitive(t *testing.T) {
	h, body, meta := shipEngineVector(t)
	lower := http.Header{}
	for k, v := range h { // a proxy that lower-cases names and bypasses canonical form
		lower[string(bytes.ToLower([]byte(k)))] = v
	}
	v := webhook.NewShipEngineVerifier(webhook.WithStaticJWKS(fixture(t, "shipengine-jwks-test.json")),
		webhook.WithClock(at(meta["now"].(string))))
	_, err := v.Verify(context.Background(), webhook.Delivery{Header: lower, Body: body}, "")
	require.NoError(t, err)
}

func TestShipEngineRotationRefreshesOnce(t *testing.T) {
	signer, err := webhooktest.NewShipEngineSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	v := webhook.NewShipEngineVerifier(webhook.WithJWKSURL(signer.Server()), webhook.WithJWKSRefresh(time.Hour, 12*time.Hour))
	body := []byte(`{"resource_type":"API_TRACK","data":{}}`)
	ctx := context.Background()

	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.NoError(t, err)
	assert.Equal(t, 1, signer.Fetches())

	// A new key: the cached set lacks it, so one refresh finds it.
	require.NoError(t, signer.Rotate("k2"))
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.NoError(t, err)
	assert.Equal(t, 2, signer.Fetches())

	// Unknown ids do not hammer the JWKS endpoint: the refresh is rate-limited.
	for range 5 {
		h := signer.Sign(body, time.Now())
		h.Set(webhook.ShipEngineKeyIDHeader, "nope")
		_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, "")
		assert.ErrorIs(t, err, webhook.ErrUnknownKey)
	}
	assert.Equal(t, 2, signer.Fetches(), "no refresh within the interval")

	// The old key stays valid while the JWKS lists it.
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.NoError(t, err)
}

func TestShipEngineUnknownKeyWithoutRotation(t *testing.T) {
	signer, err := webhooktest.NewShipEngineSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	other, err := webhooktest.NewShipEngineSigner("k1") // same id, another key
	require.NoError(t, err)
	v := webhook.NewShipEngineVerifier(webhook.WithJWKSURL(signer.Server()))
	body := []byte(`{}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: other.Sign(body, time.Now()), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	h := signer.Sign(body, time.Now())
	h.Set(webhook.ShipEngineKeyIDHeader, "k9")
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrUnknownKey)
}

func TestShipEngineJWKSOutage(t *testing.T) {
	v := webhook.NewShipEngineVerifier(webhook.WithJWKSURL("http://127.0.0.1:1/jwks"))
	signer, err := webhooktest.NewShipEngineSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.Error(t, err)
	assert.Equal(t, http.StatusInternalServerError, webhook.StatusFor(err), "an outage is ours: the provider should retry")
}

func TestTrack123KnownAnswers(t *testing.T) {
	// Published (TrackingMore, same convention).
	assert.Equal(t, "a37084ab68ae16b77db1f8463f31be9fcc965e2515e03efecf8139bb1e511b06",
		webhook.Track123Signature("2e55b9a3-4dd1-4416-9897-c4bd1e3d738f", "1662371528"))
	// The fixture's synthetic vector.
	assert.Equal(t, "270b724910e04df4805ff4f244d93bde48d6dfba90cfb162d5751f1faf44d108",
		webhook.Track123Signature("example-track123-api-secret", "1772042712345"))

	body := fixture(t, "track123-webhook-track.json")
	const secret = credentials.Secret("example-track123-api-secret")
	signedAt := time.UnixMilli(1772042712345)
	clock := webhook.WithClock(func() time.Time { return signedAt.Add(time.Minute) })
	v := webhook.NewTrack123Verifier(clock)
	ctx := context.Background()
	got, err := v.Verify(ctx, webhook.Delivery{Body: body}, secret)
	require.NoError(t, err)
	assert.True(t, got.Timestamp.Equal(signedAt))

	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "wrong")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrNoSecret)
	_, err = webhook.NewTrack123Verifier(webhook.WithClock(func() time.Time { return signedAt.Add(6 * time.Minute) })).
		Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.ErrorIs(t, err, webhook.ErrStale)
	_, err = webhook.NewTrack123Verifier(webhook.WithClock(func() time.Time { return signedAt.Add(-6 * time.Minute) })).
		Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.ErrorIs(t, err, webhook.ErrStale)
	_, err = webhook.NewTrack123Verifier(webhook.WithTolerance(-1)).Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.NoError(t, err, "a negative tolerance turns the window off")

	// The body is not signed: a changed body still verifies. The replay key
	// differs, so it is not taken for the same delivery.
	changed := bytes.Replace(body, []byte("DELIVERED_04"), []byte("DELIVERED_01"), 1)
	got2, err := v.Verify(ctx, webhook.Delivery{Body: changed}, secret)
	require.NoError(t, err)
	assert.NotEqual(t, got.ReplayKey, got2.ReplayKey)

	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":{}}`)}, secret)
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
}

func TestTrack123HeaderAndSHA256Variants(t *testing.T) {
	const secret = credentials.Secret("example-track123-api-secret")
	now := time.UnixMilli(1772042712345)
	ctx := context.Background()
	clock := webhook.WithClock(func() time.Time { return now })
	h := webhooktest.Track123Headers(secret, now)
	_, err := webhook.NewTrack123Verifier(clock).Verify(ctx, webhook.Delivery{Header: h, Body: []byte(`{"trackingNumber":"X"}`)}, secret)
	require.NoError(t, err)

	plain := http.Header{}
	plain.Set(webhook.Track123TimestampHeader, "1772042712345")
	plain.Set(webhook.Track123SignatureHeader, "d17906fd5ede7d173a92e7af9a685d159ebec68f200a9d8e2f99e6d648e61f6b")
	_, err = webhook.NewTrack123Verifier(clock).Verify(ctx, webhook.Delivery{Header: plain, Body: []byte(`{}`)}, secret)
	assert.ErrorIs(t, err, webhook.ErrBadSignature, "the SHA-256 variant is off by default")
	_, err = webhook.NewTrack123Verifier(clock, webhook.WithTrack123SHA256()).Verify(ctx, webhook.Delivery{Header: plain, Body: []byte(`{}`)}, secret)
	assert.NoError(t, err)
}

func TestTracktryKnownAnswers(t *testing.T) {
	assert.Equal(t, "0d4f42e2c75d394a2957e2ecf9deb0cd3c81f4ea89712f59f2331dfcec0e9f7f",
		webhook.TracktrySignature("user@example.com", "1488249109"))
	body := fixture(t, "tracktry-webhook-track.json")
	signed := time.Unix(1771492380, 0)
	ctx := context.Background()
	v := webhook.NewTracktryVerifier(webhook.WithClock(func() time.Time { return signed.Add(time.Minute) }))
	_, err := v.Verify(ctx, webhook.Delivery{Body: body}, "user@example.com")
	require.NoError(t, err)
	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "other@example.com")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)

	// timeStr sent as a string verifies the same.
	asString := bytes.Replace(body, []byte(`"timeStr": 1771492380`), []byte(`"timeStr": "1771492380"`), 1)
	require.NotEqual(t, body, asString, "fixture layout changed")
	_, err = v.Verify(ctx, webhook.Delivery{Body: asString}, "user@example.com")
	assert.NoError(t, err)

	_, err = webhook.NewTracktryVerifier(webhook.WithClock(func() time.Time { return signed.Add(time.Hour) })).
		Verify(ctx, webhook.Delivery{Body: body}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrStale)
	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":{}}`)}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":`)}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrMalformed)

	built := webhooktest.TracktryBody("user@example.com", json.RawMessage(`{"tracking_number":"X"}`), time.Now())
	_, err = webhook.NewTracktryVerifier().Verify(ctx, webhook.Delivery{Body: built}, "user@example.com")
	assert.NoError(t, err)
}

func TestTrackShipKey(t *testing.T) {
	body := fixture(t, "trackship-webhook-track.json")
	const key = credentials.Secret("5f2b0c0e0d0a4e7b9c1d2e3f40516273")
	v := webhook.NewTrackShipVerifier()
	ctx := context.Background()
	_, err := v.Verify(ctx, webhook.Delivery{Header: webhooktest.TrackShipHeaders(key), Body: body}, key)
	require.NoError(t, err)

	odd := http.Header{"Trackship-Api-Key": {key.Reveal()}}
	_, err = v.Verify(ctx, webhook.Delivery{Header: odd, Body: body}, key)
	assert.NoError(t, err, "header names are case-insensitive")

	_, err = v.Verify(ctx, webhook.Delivery{Header: webhooktest.TrackShipHeaders("5f2b0c0e0d0a4e7b9c1d2e3f40516274"), Body: body}, key)
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	_, err = v.Verify(ctx, webhook.Delivery{Header: http.Header{}, Body: body}, key)
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)

	// The body's user_key must agree with the header when present.
	other := bytes.Replace(body, []byte(key.Reveal()), []byte("00000000000000000000000000000000"), 1)
	require.NotEqual(t, body, other, "the fixture's user_key is the API key")
	_, err = v.Verify(ctx, webhook.Delivery{Header: webhooktest.TrackShipHeaders(key), Body: other}, key)
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
}

// The generic scheme against vectors computed outside the package (Python's
// hmac module), so that neither the signature nor the defaults come from
// the code under test.
func TestHMACScheme(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := webhook.WithClock(func() time.Time { return now })
	body := []byte(`{"trackingNumber":"TT1","status":"Delivered"}`)
	const secret = credentials.Secret("s3cr3t-value")
	ctx := context.Background()

	for _, tc := range []struct {
		name    string
		scheme  webhook.HMACScheme
		headers map[string]string
	}{
		{"defaults: X-Timestamp, X-Signature, {timestamp}.{body}, hex", webhook.HMACScheme{}, map[string]string{
			"X-Timestamp": "1800000000",
			"X-Signature": "406ea3875d79eaee1923bd692eee9601ab6d2d488eef60022ec5bdf92026a895",
		}},
		{"body only, with a prefix", webhook.HMACScheme{SignatureHeader: "X-Hub-Signature-256", Template: "{body}", Prefix: "sha256="}, map[string]string{
			"X-Hub-Signature-256": "sha256=ca3968c1b67da86255b81b6a5c66fa74bb253d7c994fb4fae89875f40f3863ef",
		}},
		{"own template, base64", webhook.HMACScheme{SignatureHeader: "Sig", TimestampHeader: "Ts", Template: "{timestamp}:{body}:v1", Base64: true}, map[string]string{
			"Ts":  "1800000000",
			"Sig": "Bu1ulxpMp9T30HL1CqO9BoRBNraaaCnc7FsxQT5BIP0=",
		}},
		{"uppercase hex is the same signature", webhook.HMACScheme{}, map[string]string{
			"X-Timestamp": "1800000000",
			"X-Signature": "406EA3875D79EAEE1923BD692EEE9601AB6D2D488EEF60022EC5BDF92026A895",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := webhook.NewHMACVerifier(clock, webhook.WithHMACScheme(tc.scheme))
			h := http.Header{}
			for k, val := range tc.headers {
				h.Set(k, val)
			}
			got, err := v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, secret)
			require.NoError(t, err)
			assert.NotEmpty(t, got.ReplayKey)
			if _, ok := tc.headers["X-Timestamp"]; ok {
				assert.True(t, got.Timestamp.Equal(now))
			}

			changed := append([]byte{}, body...)
			changed[5] ^= 1
			_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: changed}, secret)
			assert.ErrorIs(t, err, webhook.ErrBadSignature)
			_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, secret+"x")
			assert.ErrorIs(t, err, webhook.ErrBadSignature)
			_, err = v.Verify(ctx, webhook.Delivery{Header: http.Header{}, Body: body}, secret)
			assert.ErrorIs(t, err, webhook.ErrMissingHeader)
			_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, "")
			assert.ErrorIs(t, err, webhook.ErrNoSecret)
		})
	}

	// The sender's clock, 10 minutes off either way, with genuine signatures.
	v := webhook.NewHMACVerifier(clock)
	for ts, sig := range map[string]string{
		"1799999400": "0bb718189eebe9bf36a92afd3ac68f8809c8f4eb271a99ff662c662f81a6d7e4",
		"1800000600": "352d18e4eb9d06140a71eeb5282d4dfe1c4b3a897f71f078af156410e95f02ba",
	} {
		h := http.Header{}
		h.Set("X-Timestamp", ts)
		h.Set("X-Signature", sig)
		_, err := v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, secret)
		assert.ErrorIs(t, err, webhook.ErrStale, ts)
	}
}

// NewHMACVerifier fills in what the scheme leaves empty, and only that.
func TestHMACDefaults(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in, want  webhook.HMACScheme
		wantField string
	}{
		{"nothing set", webhook.HMACScheme{}, webhook.HMACScheme{
			SignatureHeader: "X-Signature", TimestampHeader: "X-Timestamp", Template: "{timestamp}.{body}", SecretField: "webhook_secret"}, "webhook_secret"},
		{"a template without a timestamp header signs no time", webhook.HMACScheme{Template: "{body}"}, webhook.HMACScheme{
			SignatureHeader: "X-Signature", Template: "{body}", SecretField: "webhook_secret"}, "webhook_secret"},
		{"a timestamp header without a template", webhook.HMACScheme{TimestampHeader: "T"}, webhook.HMACScheme{
			SignatureHeader: "X-Signature", TimestampHeader: "T", Template: "{timestamp}.{body}", SecretField: "webhook_secret"}, "webhook_secret"},
		{"everything set is kept", webhook.HMACScheme{SignatureHeader: "S", TimestampHeader: "T", Template: "{body}|{timestamp}", Base64: true, Prefix: "v1=", SecretField: "hook_key"},
			webhook.HMACScheme{SignatureHeader: "S", TimestampHeader: "T", Template: "{body}|{timestamp}", Base64: true, Prefix: "v1=", SecretField: "hook_key"}, "hook_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := webhook.NewHMACVerifier(webhook.WithHMACScheme(tc.in))
			assert.Equal(t, tc.want, v.Scheme())
			assert.Equal(t, tc.wantField, v.SecretField())
		})
	}
}

func TestURLToken(t *testing.T) {
	v := webhook.NewURLTokenVerifier("", "")
	ctx := context.Background()
	u, _ := url.Parse("https://example.com/hooks/techtrack?token=abc123")
	_, err := v.Verify(ctx, webhook.Delivery{URL: u, Body: []byte(`{}`)}, "abc123")
	require.NoError(t, err)
	_, err = v.Verify(ctx, webhook.Delivery{URL: u, Body: []byte(`{}`)}, "abc124")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	bare, _ := url.Parse("https://example.com/hooks/techtrack")
	_, err = v.Verify(ctx, webhook.Delivery{URL: bare}, "abc123")
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
}

func TestErrorsHoldNoSecret(t *testing.T) {
	const secret = credentials.Secret("very-secret-key-123")
	ctx := context.Background()
	for _, v := range []webhook.Verifier{
		webhook.NewTrack123Verifier(), webhook.NewTracktryVerifier(), webhook.NewTrackShipVerifier(), webhook.NewHMACVerifier(),
	} {
		h := http.Header{}
		h.Set(webhook.TrackShipKeyHeader, "very-secret-key-12")
		_, err := v.Verify(ctx, webhook.Delivery{Header: h, Body: []byte(`{"verify":{"timestamp":"1","signature":"x"},"verifyInfo":{"timeStr":1,"signature":"y"}}`)}, secret)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), secret.Reveal())
	}
}

func TestParseEpoch(t *testing.T) {
	for text, want := range map[string]time.Time{
		"1662371528":      time.Unix(1662371528, 0),
		`"1772042712345"`: time.UnixMilli(1772042712345),
		" 1662371528 ":    time.Unix(1662371528, 0),
		"0":               time.Unix(0, 0),
		"99999999999":     time.Unix(99999999999, 0), // 11 digits: still seconds (year 5138)
		"100000000000":    time.UnixMilli(100000000000),
		"1":               time.Unix(1, 0),
	} {
		got, err := webhook.ParseEpoch(text)
		if assert.NoError(t, err, text) {
			assert.True(t, got.Equal(want), "%s: got %s, want %s", text, got, want)
			assert.Equal(t, time.UTC, got.Location(), text)
		}
	}
	for _, bad := range []string{"", "abc", "-5", "-0x1", "1e9", "1.5", "99999999999999999999"} {
		_, err := webhook.ParseEpoch(bad)
		assert.ErrorIs(t, err, webhook.ErrMalformed, bad)
	}
	// A long bad value is quoted up to 32 characters, then cut.
	exact := strings.Repeat("z", 32)
	_, err := webhook.ParseEpoch(exact)
	assert.Contains(t, err.Error(), `"`+exact+`"`)
	_, err = webhook.ParseEpoch(exact + "y")
	assert.Contains(t, err.Error(), `"`+exact+`…"`)
}

func shipEngineHeaders(tb testing.TB) (http.Header, []byte) {
	tb.Helper()
	var vec struct {
		Headers map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(fixture(tb, "shipengine-webhook-track.signature.json"), &vec); err != nil {
		tb.Fatal(err)
	}
	h := http.Header{}
	for k, v := range vec.Headers {
		h.Set(k, v)
	}
	return h, fixture(tb, "shipengine-webhook-track.json")
}

func decodeStd(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
