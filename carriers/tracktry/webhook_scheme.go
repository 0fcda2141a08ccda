package tracktry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// WebhookOption configures WebhookScheme.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	clock webhook.Clock
	loc   *time.Location
}

// WithWebhookClock sets the timestamp tolerance and the clock (the zero
// webhook.Clock by default: webhook.DefaultTolerance and time.Now).
func WithWebhookClock(c webhook.Clock) WebhookOption {
	return func(cfg *webhookConfig) { cfg.clock = c }
}

// WithWebhookLocation is the zone of the deliveries' zone-less times, as
// WithLocation is the carrier's (not converted by default).
func WithWebhookLocation(loc *time.Location) WebhookOption {
	return func(cfg *webhookConfig) { cfg.loc = loc }
}

// WebhookScheme is Tracktry's webhook scheme for webhook.NewHandler, in
// the TrackingMore v2 style Tracktry is expected to use (its webhooks are
// undocumented): the signature is lowercase hex HMAC-SHA256 of
// verifyInfo.timeStr, keyed with the credential's FieldEmail, and the body
// decodes as ParseWebhook does. Only the timestamp is signed, and the key
// is an e-mail address: see the webhook package doc. The replay key is the
// signature, the CRC-32C and CRC-32 of the body and its length
// (webhook.CheckSignedTimestamp): the signature names the signed instant,
// and the CRCs tell apart deliveries signed for the same one.
func WebhookScheme(opts ...WebhookOption) webhook.Scheme {
	var cfg webhookConfig
	for _, o := range opts {
		o(&cfg)
	}
	parse := ParseWebhook
	if loc := cfg.loc; loc != nil {
		parse = func(body []byte) ([]*tracking.Shipment, error) { return parseWebhook(body, loc) }
	}
	return webhook.Scheme{Carrier: ID, Verifier: &webhookVerifier{clock: cfg.clock}, Parse: parse}
}

// webhookVerifier checks Tracktry's signature.
type webhookVerifier struct{ clock webhook.Clock }

// SecretField is FieldEmail.
func (v *webhookVerifier) SecretField() string { return FieldEmail }

// Verify implements webhook.Verifier.
func (v *webhookVerifier) Verify(_ context.Context, d webhook.Delivery, secret credentials.Secret) (webhook.Verified, error) {
	if secret == "" {
		return webhook.Verified{}, webhook.ErrNoSecret
	}
	var p struct {
		VerifyInfo *struct {
			TimeStr   json.RawMessage `json:"timeStr"`
			Signature string          `json:"signature"`
		} `json:"verifyInfo"`
	}
	// A Decoder, not Unmarshal: what follows the first value is not read.
	if err := json.NewDecoder(bytes.NewReader(d.Body)).Decode(&p); err != nil {
		return webhook.Verified{}, fmt.Errorf("webhook: tracktry body is not JSON: %w", webhook.ErrMalformed)
	}
	if p.VerifyInfo == nil {
		return webhook.Verified{}, fmt.Errorf("webhook: tracktry body has no verifyInfo: %w", webhook.ErrMissingHeader)
	}
	ts := strings.Trim(strings.TrimSpace(string(p.VerifyInfo.TimeStr)), `"`)
	sig := strings.TrimSpace(p.VerifyInfo.Signature) // CheckSignedTimestamp compares as lowercase hex
	if ts == "" || ts == "null" || sig == "" {
		return webhook.Verified{}, fmt.Errorf("webhook: tracktry verifyInfo lacks timeStr or signature: %w", webhook.ErrMissingHeader)
	}
	return webhook.CheckSignedTimestamp(ID, v.clock, ts, sig, []string{webhook.HexHMAC(secret, ts)}, d.Body)
}
