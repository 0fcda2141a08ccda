package webhook_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestShipEngineRotationRefreshesOnce(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	v := shipengine.WebhookScheme(shipengine.WithJWKSURL(signer.Server()), shipengine.WithJWKSRefresh(time.Hour, 12*time.Hour)).Verifier
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
		h.Set(shipengine.WebhookKeyIDHeader, "nope")
		_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, "")
		assert.ErrorIs(t, err, webhook.ErrUnknownKey)
	}
	assert.Equal(t, 2, signer.Fetches(), "no refresh within the interval")

	// The old key stays valid while the JWKS lists it.
	_, err = v.Verify(ctx, webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.NoError(t, err)
}

func TestShipEngineUnknownKeyWithoutRotation(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	defer signer.Close()
	other, err := shipenginetest.NewWebhookSigner("k1") // same id, another key
	require.NoError(t, err)
	v := shipengine.WebhookScheme(shipengine.WithJWKSURL(signer.Server())).Verifier
	body := []byte(`{}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: other.Sign(body, time.Now()), Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	h := signer.Sign(body, time.Now())
	h.Set(shipengine.WebhookKeyIDHeader, "k9")
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrUnknownKey)
}

func TestShipEngineJWKSOutage(t *testing.T) {
	v := shipengine.WebhookScheme(shipengine.WithJWKSURL("http://127.0.0.1:1/jwks")).Verifier
	signer, err := shipenginetest.NewWebhookSigner("k1")
	require.NoError(t, err)
	body := []byte(`{}`)
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: signer.Sign(body, time.Now()), Body: body}, "")
	require.Error(t, err)
	assert.Equal(t, http.StatusInternalServerError, webhook.StatusFor(err), "an outage is ours: the provider should retry")
}

// The generic scheme against vectors computed outside the package (Python's
// hmac module), so that neither the signature nor the defaults come from
// the code under test.
func TestHMACScheme(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := webhook.WithHMACClock(webhook.Clock{Now: func() time.Time { return now }})
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
		track123.WebhookScheme().Verifier, tracktry.WebhookScheme().Verifier, trackship.WebhookScheme().Verifier, webhook.NewHMACVerifier(),
	} {
		h := http.Header{}
		h.Set(trackship.WebhookKeyHeader, "very-secret-key-12")
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

// A body's replay key is its prefix, a colon and the hex SHA-256 of the
// body (the replay store may hold keys from an earlier version).
func TestBodyReplayKey(t *testing.T) {
	assert.Equal(t, "p:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", webhook.BodyReplayKey("p", []byte("x")))
	assert.Equal(t, ":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", webhook.BodyReplayKey("", nil))
}
