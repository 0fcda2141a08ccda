package tracktry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func webhookFixture(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhook-track-tm-v2-assumed.json"))
	require.NoError(t, err)
	return b
}

// verifierAt is the scheme's verifier with its clock stopped at now.
func verifierAt(now time.Time) webhook.Verifier {
	return tracktry.WebhookScheme(tracktry.WithWebhookClock(webhook.Clock{Now: func() time.Time { return now }})).Verifier
}

func TestWebhookKnownAnswers(t *testing.T) {
	assert.Equal(t, "0d4f42e2c75d394a2957e2ecf9deb0cd3c81f4ea89712f59f2331dfcec0e9f7f",
		webhook.HexHMAC("user@example.com", "1488249109"))
	body := webhookFixture(t)
	signed := time.Unix(1771492380, 0)
	ctx := context.Background()
	v := verifierAt(signed.Add(time.Minute))
	got, err := v.Verify(ctx, webhook.Delivery{Body: body}, "user@example.com")
	require.NoError(t, err)
	assert.Equal(t, 4*time.Minute, got.ValidFor, "the rest of the tolerance")
	_, err = v.Verify(ctx, webhook.Delivery{Body: body}, "other@example.com")
	assert.ErrorIs(t, err, webhook.ErrBadSignature)

	// timeStr sent as a string verifies the same.
	asString := bytes.Replace(body, []byte(`"timeStr": 1771492380`), []byte(`"timeStr": "1771492380"`), 1)
	require.NotEqual(t, body, asString, "fixture layout changed")
	_, err = v.Verify(ctx, webhook.Delivery{Body: asString}, "user@example.com")
	assert.NoError(t, err)

	_, err = verifierAt(signed.Add(time.Hour)).Verify(ctx, webhook.Delivery{Body: body}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrStale)
	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":{}}`)}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrMissingHeader)
	_, err = v.Verify(ctx, webhook.Delivery{Body: []byte(`{"data":`)}, "user@example.com")
	assert.ErrorIs(t, err, webhook.ErrMalformed)

	built := tracktrytest.WebhookBody("user@example.com", json.RawMessage(`{"tracking_number":"X"}`), time.Now())
	_, err = tracktry.WebhookScheme().Verifier.Verify(ctx, webhook.Delivery{Body: built}, "user@example.com")
	assert.NoError(t, err)
}

// Tracktry's verifyInfo needs both values.
func TestWebhookIncompleteVerifyInfo(t *testing.T) {
	v := verifierAt(time.Unix(1_800_000_000, 0))
	for _, body := range []string{
		`{"verifyInfo":{"timeStr":1800000000}}`,
		`{"verifyInfo":{"timeStr":1800000000,"signature":" "}}`,
		`{"verifyInfo":{"signature":"` + webhooktest.HexHMAC("k", "1800000000") + `"}}`,
		`{"verifyInfo":{"timeStr":null,"signature":"` + webhooktest.HexHMAC("k", "null") + `"}}`,
		`{"verifyInfo":{"timeStr":"","signature":"` + webhooktest.HexHMAC("k", "") + `"}}`,
	} {
		_, err := v.Verify(context.Background(), webhook.Delivery{Body: []byte(body)}, "k")
		assert.ErrorIs(t, err, webhook.ErrMissingHeader, body)
	}
}

// The scheme names the carrier and its secret field and decodes with
// ParseWebhook, or in the zone WithWebhookLocation gives; the fake's body
// verifies, and its server signs the trackings it holds.
func TestWebhookSchemeWiring(t *testing.T) {
	s := tracktry.WebhookScheme()
	assert.Equal(t, tracktry.ID, s.Carrier)
	assert.Equal(t, tracktry.FieldEmail, s.Verifier.SecretField())
	want, err := tracktry.ParseWebhook(webhookFixture(t))
	require.NoError(t, err)
	got, err := s.Parse(webhookFixture(t))
	require.NoError(t, err)
	assert.Equal(t, want, got)

	srv := tracktrytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	body, ok := srv.WebhookBody("4px", "300400000001", time.Now()) // seeded from get-tracking-delivered.json
	require.True(t, ok)
	_, err = s.Verifier.Verify(ctx, webhook.Delivery{Body: body}, tracktrytest.Email)
	assert.NoError(t, err)
	_, err = s.Verifier.Verify(ctx, webhook.Delivery{Body: body}, credentials.Secret("someone@example.com"))
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
}
