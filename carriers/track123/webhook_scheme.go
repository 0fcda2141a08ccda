package track123

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// Track123's header variant (its Shopify app); the API puts the same
// values in the body's verify object.
const (
	WebhookTimestampHeader = "X-Track123-Timestamp"
	WebhookSignatureHeader = "X-Track123-Signature"
)

// WebhookOption configures WebhookScheme.
type WebhookOption func(*webhookVerifier)

// WithWebhookClock sets the timestamp tolerance and the clock (the zero
// webhook.Clock by default: webhook.DefaultTolerance and time.Now).
func WithWebhookClock(c webhook.Clock) WebhookOption {
	return func(v *webhookVerifier) { v.clock = c }
}

// WithWebhookSHA256 accepts, besides HMAC-SHA256(secret, timestamp), the
// plain SHA-256(secret + timestamp) variant one client library uses.
func WithWebhookSHA256() WebhookOption { return func(v *webhookVerifier) { v.sha256Alt = true } }

// WebhookScheme is Track123's webhook scheme for webhook.NewHandler: the
// signature is lowercase hex HMAC-SHA256 of the timestamp, keyed with the
// credential's FieldAPISecret, read from the body's verify object or, in
// the app variant, from the X-Track123-* headers; ParseWebhook decodes.
// Only the timestamp is signed, not the body: see the webhook package doc.
// The replay key is the signature, the CRC-32C and CRC-32 of the body and
// its length (webhook.CheckSignedTimestamp): the signature names the
// signed instant, and the CRCs tell apart deliveries signed for the same
// one at a fraction of a SHA-256's cost.
func WebhookScheme(opts ...WebhookOption) webhook.Scheme {
	v := &webhookVerifier{}
	for _, o := range opts {
		o(v)
	}
	return webhook.Scheme{Carrier: ID, Verifier: v, Parse: ParseWebhook}
}

// webhookVerifier checks Track123's signature.
type webhookVerifier struct {
	clock     webhook.Clock
	sha256Alt bool
}

// SecretField is FieldAPISecret.
func (v *webhookVerifier) SecretField() string { return FieldAPISecret }

// Verify implements webhook.Verifier.
func (v *webhookVerifier) Verify(_ context.Context, d webhook.Delivery, secret credentials.Secret) (webhook.Verified, error) {
	if secret == "" {
		return webhook.Verified{}, webhook.ErrNoSecret
	}
	ts, sig := verifyFields(d.Body)
	if ts == "" || sig == "" || ts == "null" {
		ts = strings.TrimSpace(d.HeaderValue(WebhookTimestampHeader))
		sig = strings.TrimSpace(d.HeaderValue(WebhookSignatureHeader))
	}
	if ts == "" || sig == "" {
		return webhook.Verified{}, fmt.Errorf("webhook: track123 delivery has no verify object and no %s headers: %w", "X-Track123-*", webhook.ErrMissingHeader)
	}
	want := []string{webhook.HexHMAC(secret, ts)}
	if v.sha256Alt {
		sum := sha256.Sum256([]byte(secret.Reveal() + ts))
		want = append(want, hex.EncodeToString(sum[:]))
	}
	return webhook.CheckSignedTimestamp(ID, v.clock, ts, sig, want, d.Body)
}
