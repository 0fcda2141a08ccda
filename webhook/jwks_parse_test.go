package webhook_test

import (
	"context"
	"encoding/base64"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/webhook"
)

// ParseJWKS keeps RSA keys of at least 2048 bits with an odd public
// exponent of 3 or more in at most four bytes (RFC 7518 section 6.3.1:
// n and e are unsigned big-endian base64url), and files every other key
// under its type.
func TestParseJWKSBounds(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k")
	require.NoError(t, err)
	n2048 := signer.Key.N.Bytes()
	require.Len(t, n2048, 256)
	b64 := base64.RawURLEncoding.EncodeToString
	exp := func(e int64) string { return b64(big.NewInt(e).Bytes()) }
	// Each unusable key comes before a usable one, so that skipping it
	// must not end the loop. A value with junk after valid base64 is
	// refused though its decodable part would make a usable key.
	doc := `{"keys":[
		{"kty":"EC","kid":"ec","crv":"P-256"},
		{"kty":"RSA","kid":"n-2040-bits","n":"` + b64(n2048[1:]) + `","e":"AQAB"},
		{"kty":"RSA","kid":"ok-65537","n":"` + b64(n2048) + `","e":"AQAB"},
		{"kty":"RSA","kid":"e-even","n":"` + b64(n2048) + `","e":"` + exp(65536) + `"},
		{"kty":"RSA","kid":"ok-e3","n":"` + b64(n2048) + `","e":"` + exp(3) + `"},
		{"kty":"oct","kid":"hmac","k":"c2VjcmV0"},
		{"kty":"RSA","kid":"e1","n":"` + b64(n2048) + `","e":"` + exp(1) + `"},
		{"kty":"RSA","kid":"ok-padded","n":"` + base64.URLEncoding.EncodeToString(n2048) + `","e":"AQAB"},
		{"kty":"RSA","kid":"e-5-bytes","n":"` + b64(n2048) + `","e":"` + exp(0x0100000001) + `"},
		{"kty":"RSA","kid":"e-empty","n":"` + b64(n2048) + `","e":""},
		{"kty":"RSA","kid":"n-not-base64","n":"***","e":"AQAB"},
		{"kty":"RSA","kid":"e-not-base64","n":"` + b64(n2048) + `","e":"***"},
		{"kty":"RSA","kid":"e-trailing-junk","n":"` + b64(n2048) + `","e":"AQAB*"},
		{"kty":"RSA","kid":"n-trailing-junk","n":"` + b64(append([]byte{0, 0}, n2048...)) + `*","e":"AQAB"},
		{"kty":"RSA","kid":"ok-leading-zeros","n":"` + b64(append([]byte{0, 0}, n2048...)) + `","e":"AQAB"},
		{"kty":"RSA","kid":"ok-e-4-bytes","n":"` + b64(n2048) + `","e":"` + exp(0x01000001) + `"}
	]}`
	keys, others, err := webhook.ParseJWKS([]byte(doc))
	require.NoError(t, err)
	kids := make([]string, 0, len(keys))
	for kid, k := range keys {
		kids = append(kids, kid)
		assert.Equal(t, 0, k.N.Cmp(signer.Key.N), kid)
	}
	assert.ElementsMatch(t, []string{"ok-65537", "ok-padded", "ok-e3", "ok-e-4-bytes", "ok-leading-zeros"}, kids)
	assert.Equal(t, 65537, keys["ok-65537"].E)
	assert.Equal(t, 3, keys["ok-e3"].E)
	assert.Equal(t, 0x01000001, keys["ok-e-4-bytes"].E)
	assert.Equal(t, map[string]string{
		"n-2040-bits": "unusable RSA", "e1": "unusable RSA", "e-even": "unusable RSA", "e-5-bytes": "unusable RSA",
		"e-empty": "unusable RSA", "n-not-base64": "unusable RSA", "e-not-base64": "unusable RSA",
		"e-trailing-junk": "unusable RSA", "n-trailing-junk": "unusable RSA",
		"ec": "EC", "hmac": "oct",
	}, others)

	for _, bad := range []string{"", "<html>", `{"keys":{}}`, `[]`} {
		_, _, err := webhook.ParseJWKS([]byte(bad))
		assert.ErrorIs(t, err, webhook.ErrMalformed, bad)
	}
	keys, others, err = webhook.ParseJWKS([]byte(`{}`))
	require.NoError(t, err)
	assert.Empty(t, keys)
	assert.Empty(t, others)
}

// A delivery naming a key the verifier cannot use is refused as an unknown
// key, with the key's type in the message.
func TestShipEngineUnusableKey(t *testing.T) {
	signer, err := shipenginetest.NewWebhookSigner("k")
	require.NoError(t, err)
	doc := []byte(`{"keys":[{"kty":"RSA","kid":"small","n":"` + base64.RawURLEncoding.EncodeToString(signer.Key.N.Bytes()[1:]) + `","e":"AQAB"}]}`)
	v := seVerifier(shipengine.WithStaticJWKS(doc))
	body := []byte(`{}`)
	h := signer.Sign(body, time.Now())
	h.Set(shipengine.WebhookKeyIDHeader, "small")
	_, err = v.Verify(context.Background(), webhook.Delivery{Header: h, Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrUnknownKey)
	assert.Contains(t, err.Error(), "unusable RSA")
}
