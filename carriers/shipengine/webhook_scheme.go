package shipengine

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// DefaultJWKSURL is where ShipEngine publishes its webhook keys.
const DefaultJWKSURL = "https://api.shipengine.com/jwks"

// ShipEngine's webhook signature headers.
const (
	WebhookKeyIDHeader     = "X-ShipEngine-RSA-SHA256-Key-ID"
	WebhookSignatureHeader = "X-ShipEngine-RSA-SHA256-Signature"
	WebhookTimestampHeader = "X-ShipEngine-Timestamp"
)

// WebhookOption configures WebhookScheme.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	clock webhook.Clock
	jwks  webhook.JWKSConfig
}

// WithWebhookClock sets the timestamp tolerance and the clock (the zero
// webhook.Clock by default: webhook.DefaultTolerance and time.Now).
func WithWebhookClock(c webhook.Clock) WebhookOption {
	return func(cfg *webhookConfig) { cfg.clock = c }
}

// WithJWKSURL sets where the keys are fetched (DefaultJWKSURL by default;
// other regions have their own).
func WithJWKSURL(u string) WebhookOption { return func(cfg *webhookConfig) { cfg.jwks.URL = u } }

// WithJWKSClient sets the HTTP client that fetches the keys. Each fetch is
// bounded to 10 seconds whatever the client's own Timeout.
func WithJWKSClient(hc *http.Client) WebhookOption {
	return func(cfg *webhookConfig) { cfg.jwks.Client = hc }
}

// WithStaticJWKS uses a fixed JWKS document instead of fetching one
// (offline tests, pinned keys).
func WithStaticJWKS(doc []byte) WebhookOption {
	return func(cfg *webhookConfig) { cfg.jwks.Static = doc }
}

// WithJWKSRefresh sets the least time between two fetches caused by an
// unknown key id (1 minute by default) and how long fetched keys are
// trusted (12 hours by default).
func WithJWKSRefresh(minInterval, ttl time.Duration) WebhookOption {
	return func(cfg *webhookConfig) { cfg.jwks.MinRefresh, cfg.jwks.TTL = minInterval, ttl }
}

// WebhookScheme is ShipEngine's webhook scheme for webhook.NewHandler: an
// RSA-SHA256 (PKCS#1 v1.5) signature over timestamp + "." + body, with the
// key its key id names in ShipEngine's JWKS (a webhook.JWKS: cached, one
// refresh per interval for an unknown key id, RSA keys only); the body
// decodes as ParseWebhook does. It needs no secret. A delivery without the
// signature headers is answered 404, as ShipEngine advises. Keep one
// scheme per process: its key cache is shared by every Handler using it.
func WebhookScheme(opts ...WebhookOption) webhook.Scheme {
	cfg := webhookConfig{jwks: webhook.JWKSConfig{Name: ID}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.jwks.URL == "" {
		cfg.jwks.URL = DefaultJWKSURL
	}
	v := &webhookVerifier{clock: cfg.clock, keys: webhook.NewJWKS(cfg.jwks)}
	return webhook.Scheme{Carrier: ID, Verifier: v, Parse: ParseWebhook, MissingHeaderStatus: http.StatusNotFound}
}

// webhookVerifier checks ShipEngine's signature.
type webhookVerifier struct {
	clock webhook.Clock
	keys  *webhook.JWKS
}

// SecretField is "": ShipEngine signs with keys it publishes.
func (v *webhookVerifier) SecretField() string { return "" }

// Verify implements webhook.Verifier.
func (v *webhookVerifier) Verify(ctx context.Context, d webhook.Delivery, _ credentials.Secret) (webhook.Verified, error) {
	kid := strings.TrimSpace(d.HeaderValue(WebhookKeyIDHeader))
	sig := strings.TrimSpace(d.HeaderValue(WebhookSignatureHeader))
	ts := d.HeaderValue(WebhookTimestampHeader)
	if kid == "" || sig == "" || strings.TrimSpace(ts) == "" {
		return webhook.Verified{}, fmt.Errorf("webhook: shipengine delivery lacks %s, %s or %s: %w",
			WebhookKeyIDHeader, WebhookSignatureHeader, WebhookTimestampHeader, webhook.ErrMissingHeader)
	}
	at, err := parseWebhookTime(ts)
	if err != nil {
		return webhook.Verified{}, err
	}
	if err := v.clock.Check(at); err != nil {
		return webhook.Verified{}, err
	}
	key, err := v.keys.RSAKey(ctx, kid)
	if err != nil {
		return webhook.Verified{}, err
	}
	raw, err := decodeBase64(sig)
	if err != nil {
		return webhook.Verified{}, fmt.Errorf("webhook: shipengine signature is not base64: %w", webhook.ErrBadSignature)
	}
	// The signed bytes are the raw header text, a dot and the raw body.
	h := sha256.New()
	_, _ = io.WriteString(h, ts)
	_, _ = h.Write([]byte{'.'})
	_, _ = h.Write(d.Body)
	digest := h.Sum(nil)
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, digest, raw) != nil {
		return webhook.Verified{}, fmt.Errorf("webhook: shipengine signature does not match the body: %w", webhook.ErrBadSignature)
	}
	// The digest, not the signature text: base64 has several spellings of
	// one signature, and a re-encoded replay must still be recognised.
	return webhook.Verified{Timestamp: at, ReplayKey: "shipengine:" + hex.EncodeToString(digest), ValidFor: v.clock.ValidFor(at)}, nil
}

// parseWebhookTime reads RFC 3339, zone-less ISO (as UTC) or epoch
// seconds or milliseconds.
func parseWebhookTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := webhook.ParseEpoch(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("webhook: shipengine timestamp %q is not a time: %w", tracking.Truncate(s, 32), webhook.ErrMalformed)
}

// decodeBase64 accepts the standard alphabet, and URL-safe or unpadded
// forms that some proxies produce.
func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}
