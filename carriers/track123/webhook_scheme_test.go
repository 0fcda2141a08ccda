package track123_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// verifierAt is the scheme's verifier with its clock stopped at now.
func verifierAt(now time.Time, opts ...track123.WebhookOption) webhook.Verifier {
	clock := track123.WithWebhookClock(webhook.Clock{Now: func() time.Time { return now }})
	return track123.WebhookScheme(append([]track123.WebhookOption{clock}, opts...)...).Verifier
}

func TestWebhookKnownAnswers(t *testing.T) {
	// Published (TrackingMore, same convention).
	assert.Equal(t, "a37084ab68ae16b77db1f8463f31be9fcc965e2515e03efecf8139bb1e511b06",
		webhook.HexHMAC("2e55b9a3-4dd1-4416-9897-c4bd1e3d738f", "1662371528"))
	// The fixture's synthetic vector.
	assert.Equal(t, "270b724910e04df4805ff4f244d93bde48d6dfba90cfb162d5751f1faf44d108",
		webhook.HexHMAC("example-track123-api-secret", "1772042712345"))

	body := fixture(t, "webhook-track.json")
	const secret = credentials.Secret("example-track123-api-secret")
	signedAt := time.UnixMilli(1772042712345)
	v := verifierAt(signedAt.Add(time.Minute))
	ctx := context.Background()
	got, err := v.Verify(ctx, webhook.Delivery{Body: body}, secret)
	require.NoError(t, err)
	assert.True(t, got.Timestamp.Equal(signedAt))
	assert.Equal(t, 4*time.Minute, got.ValidFor, "the rest of the tolerance")

	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "wrong")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "")
	assert.ErrorIs(t, err, webhook.ErrNoSecret)
	_, err = verifierAt(signedAt.Add(6*time.Minute)).Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.ErrorIs(t, err, webhook.ErrStale)
	_, err = verifierAt(signedAt.Add(-6*time.Minute)).Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.ErrorIs(t, err, webhook.ErrStale)
	off := track123.WebhookScheme(track123.WithWebhookClock(webhook.Clock{Tolerance: -1})).Verifier
	got, err = off.Verify(ctx, webhook.Delivery{Body: body}, secret)
	assert.NoError(t, err, "a negative tolerance turns the window off")
	assert.Zero(t, got.ValidFor, "nothing bounds it")

	// The body is not signed: a changed body still verifies. The replay key
	// differs, so it is not taken for the same delivery.
	changed := bytes.Replace(body, []byte("DELIVERED_04"), []byte("DELIVERED_01"), 1)
	got1, err := v.Verify(ctx, webhook.Delivery{Body: body}, secret)
	require.NoError(t, err)
	got2, err := v.Verify(ctx, webhook.Delivery{Body: changed}, secret)
	require.NoError(t, err)
	assert.NotEqual(t, got1.ReplayKey, got2.ReplayKey)

	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":{}}`)}, secret)
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
}

func TestWebhookHeaderAndSHA256Variants(t *testing.T) {
	const secret = credentials.Secret("example-track123-api-secret")
	now := time.UnixMilli(1772042712345)
	ctx := context.Background()
	h := track123test.WebhookHeaders(secret, now)
	_, err := verifierAt(now).Verify(ctx, webhook.Delivery{Header: h, Body: []byte(`{"trackingNumber":"X"}`)}, secret)
	require.NoError(t, err)

	plain := http.Header{}
	plain.Set(track123.WebhookTimestampHeader, "1772042712345")
	plain.Set(track123.WebhookSignatureHeader, "d17906fd5ede7d173a92e7af9a685d159ebec68f200a9d8e2f99e6d648e61f6b")
	_, err = verifierAt(now).Verify(ctx, webhook.Delivery{Header: plain, Body: []byte(`{}`)}, secret)
	assert.ErrorIs(t, err, webhook.ErrBadSignature, "the SHA-256 variant is off by default")
	_, err = verifierAt(now, track123.WithWebhookSHA256()).Verify(ctx, webhook.Delivery{Header: plain, Body: []byte(`{}`)}, secret)
	assert.NoError(t, err)
}

// Track123 reads the body's verify object first and falls back to the
// headers when the object lacks either value; a signature with no
// timestamp, or the reverse, is a missing header wherever it is.
func TestWebhookSignatureLocation(t *testing.T) {
	ctx := context.Background()
	v := verifierAt(time.Unix(1_800_000_000, 0))
	const ts = "1800000000"
	sig := webhooktest.HexHMAC("k", ts)
	headers := http.Header{track123.WebhookTimestampHeader: {ts}, track123.WebhookSignatureHeader: {sig}}
	for _, body := range []string{
		`{"trackingNumber":"T1"}`,
		`{"verify":{"timestamp":"` + ts + `"}}`,
		`{"verify":{"signature":"` + sig + `"}}`,
		`{"verify":{"timestamp":null,"signature":"` + sig + `"}}`,
		`{"verify":{"timestamp":"","signature":""}}`,
		`not JSON`,
	} {
		_, err := v.Verify(ctx, webhook.Delivery{Header: headers, Body: []byte(body)}, "k")
		assert.NoError(t, err, "the headers carry the signature: %s", body)
	}
	for name, h := range map[string]http.Header{
		"timestamp only": {track123.WebhookTimestampHeader: {ts}},
		"signature only": {track123.WebhookSignatureHeader: {sig}},
		"nothing":        {},
	} {
		_, err := v.Verify(ctx, webhook.Delivery{Header: h, Body: []byte(`{"verify":{"timestamp":"` + ts + `"}}`)}, "k")
		assert.ErrorIs(t, err, webhook.ErrMissingHeader, name)
	}
	// The body's object wins over the headers when it is complete.
	_, err := v.Verify(ctx, webhook.Delivery{Header: headers,
		Body: []byte(`{"verify":{"timestamp":"` + ts + `","signature":"` + webhooktest.HexHMAC("other", ts) + `"}}`)}, "k")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
}

// The scheme names the carrier and its secret field, answers 400 without
// a signature and decodes with ParseWebhook.
func TestWebhookSchemeWiring(t *testing.T) {
	s := track123.WebhookScheme()
	assert.Equal(t, track123.ID, s.Carrier)
	assert.Equal(t, track123.FieldAPISecret, s.Verifier.SecretField())
	assert.Zero(t, s.MissingHeaderStatus)
	want, err := track123.ParseWebhook(fixture(t, "webhook-track.json"))
	require.NoError(t, err)
	got, err := s.Parse(fixture(t, "webhook-track.json"))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// The fake's signers sign as the scheme checks; another secret does not
// verify.
func TestWebhookSignersMatchScheme(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	data := json.RawMessage(`{"trackNo":"T1"}`)
	v := track123.WebhookScheme().Verifier
	for name, d := range map[string]webhook.Delivery{
		"body":    {Body: track123test.WebhookBody("s", data, now)},
		"headers": {Header: track123test.WebhookHeaders("s", now), Body: data},
	} {
		_, err := v.Verify(ctx, d, "s")
		assert.NoError(t, err, name)
		_, err = v.Verify(ctx, d, "other")
		assert.ErrorIs(t, err, webhook.ErrBadSignature, name)
	}
}
