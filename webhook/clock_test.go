package webhook_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

// Times at any distance outside the tolerance are stale, however far: a
// distance beyond time.Duration's range must not saturate into "fresh".
func TestClockRefusesAnyDistance(t *testing.T) {
	now := time.Date(2026, 3, 4, 22, 41, 7, 0, time.UTC)
	c := webhook.Clock{Now: func() time.Time { return now }}
	for _, tc := range []struct {
		name string
		at   time.Time
	}{
		{"301 years ahead", now.AddDate(300, 0, 0)},
		{"301 years behind", now.AddDate(-300, 0, 0)},
		{"year 9999", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"the zero time", time.Time{}},
		{"unix 99999999999", time.Unix(99999999999, 0)},
		{"one second past the tolerance ahead", now.Add(webhook.DefaultTolerance + time.Second)},
		{"one second past the tolerance behind", now.Add(-webhook.DefaultTolerance - time.Second)},
		{"one nanosecond past the tolerance ahead", now.Add(webhook.DefaultTolerance + 1)},
		{"one nanosecond past the tolerance behind", now.Add(-webhook.DefaultTolerance - 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, c.Check(tc.at), webhook.ErrStale)
		})
	}
	for _, ok := range []time.Time{now, now.Add(webhook.DefaultTolerance), now.Add(-webhook.DefaultTolerance)} {
		assert.NoError(t, c.Check(ok), "%s is inside the tolerance", ok)
	}
	assert.NoError(t, webhook.Clock{Tolerance: -1}.Check(time.Time{}), "a negative tolerance turns the check off")
	wide := webhook.Clock{Tolerance: time.Hour, Now: c.Now}
	assert.NoError(t, wide.Check(now.Add(59*time.Minute)))
	assert.ErrorIs(t, wide.Check(now.Add(61*time.Minute)), webhook.ErrStale)
	// The message says how far, or that it is beyond what a Duration holds.
	err := c.Check(now.Add(-time.Hour))
	assert.Contains(t, err.Error(), "1h0m0s old")
	err = c.Check(now.Add(90 * time.Minute))
	assert.Contains(t, err.Error(), "1h30m0s in the future")
	err = c.Check(now.AddDate(300, 0, 0))
	assert.Contains(t, err.Error(), "more than 290 years in the future")
	err = c.Check(now.AddDate(-300, 0, 0))
	assert.Contains(t, err.Error(), "more than 290 years old")
	// The real clock, as the issue reported it.
	assert.ErrorIs(t, webhook.Clock{}.Check(time.Now().AddDate(300, 0, 0)), webhook.ErrStale)
}

// A genuinely signed delivery stamped far in the future is refused by every
// scheme with a signed time.
func TestFarFutureDeliveriesAreStale(t *testing.T) {
	ctx := context.Background()
	const far = "99999999999" // unix seconds, year 5138

	t.Run("ShipEngine", func(t *testing.T) {
		signer, err := shipenginetest.NewWebhookSigner("k1")
		require.NoError(t, err)
		v := seVerifier(shipengine.WithStaticJWKS(signer.JWKS()))
		body := []byte(`{"resource_type":"API_TRACK"}`)
		h := signer.Sign(body, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
		require.Equal(t, "9999-12-31T23:59:59Z", h.Get(shipengine.WebhookTimestampHeader))
		_, err = v.Verify(ctx, webhook.Delivery{Header: h, Body: body}, "")
		assert.ErrorIs(t, err, webhook.ErrStale)
	})
	t.Run("Track123 body", func(t *testing.T) {
		const secret = "t123-secret"
		body := []byte(`{"data":{"trackNo":"T1"},"verify":{"timestamp":"` + far + `","signature":"` + webhooktest.HexHMAC(secret, far) + `"}}`)
		_, err := t123Verifier().Verify(ctx, webhook.Delivery{Body: body}, secret)
		assert.ErrorIs(t, err, webhook.ErrStale)
	})
	t.Run("Track123 headers", func(t *testing.T) {
		const secret = "t123-secret"
		h := http.Header{}
		h.Set(track123.WebhookTimestampHeader, far)
		h.Set(track123.WebhookSignatureHeader, webhooktest.HexHMAC(secret, far))
		_, err := t123Verifier().Verify(ctx, webhook.Delivery{Header: h, Body: []byte(`{}`)}, secret)
		assert.ErrorIs(t, err, webhook.ErrStale)
	})
	t.Run("Tracktry", func(t *testing.T) {
		const email = "user@example.com"
		body := []byte(`{"data":{},"verifyInfo":{"timeStr":` + far + `,"signature":"` + webhooktest.HexHMAC(email, far) + `"}}`)
		_, err := ttVerifier().Verify(ctx, webhook.Delivery{Body: body}, email)
		assert.ErrorIs(t, err, webhook.ErrStale)
	})
	t.Run("generic HMAC", func(t *testing.T) {
		const secret = "hmac-secret"
		body := []byte(`{"a":1}`)
		h := http.Header{}
		h.Set("X-Timestamp", far)
		h.Set("X-Signature", webhooktest.HexHMAC(secret, far+"."+string(body)))
		_, err := webhook.NewHMACVerifier().Verify(ctx, webhook.Delivery{Header: h, Body: body}, credentials.Secret(secret))
		assert.ErrorIs(t, err, webhook.ErrStale)
		// The same construction at the current time verifies, so the
		// refusal above is the timestamp's doing.
		now := strconv.FormatInt(time.Now().Unix(), 10)
		h.Set("X-Timestamp", now)
		h.Set("X-Signature", webhooktest.HexHMAC(secret, now+"."+string(body)))
		_, err = webhook.NewHMACVerifier().Verify(ctx, webhook.Delivery{Header: h, Body: body}, credentials.Secret(secret))
		assert.NoError(t, err)
	})
}

// ValidFor is what is left of the tolerance after the signed time, and 0
// when nothing bounds it: no time, or the check turned off.
func TestClockValidFor(t *testing.T) {
	now := time.Date(2026, 3, 4, 22, 41, 7, 0, time.UTC)
	at := func() time.Time { return now }
	for _, tc := range []struct {
		name  string
		clock webhook.Clock
		t     time.Time
		want  time.Duration
	}{
		{"default tolerance", webhook.Clock{Now: at}, now.Add(-2 * time.Minute), 3 * time.Minute},
		{"own tolerance", webhook.Clock{Tolerance: 10 * time.Minute, Now: at}, now, 10 * time.Minute},
		{"signed ahead of the clock", webhook.Clock{Now: at}, now.Add(time.Minute), 6 * time.Minute},
		{"check off", webhook.Clock{Tolerance: -1, Now: at}, now.Add(time.Hour), 0},
		{"no signed time", webhook.Clock{Now: at}, time.Time{}, 0},
	} {
		assert.Equal(t, tc.want, tc.clock.ValidFor(tc.t), tc.name)
	}
}
