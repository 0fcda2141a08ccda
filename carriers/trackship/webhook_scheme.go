package trackship

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// WebhookKeyHeader carries the account's API key on every delivery.
const WebhookKeyHeader = "trackship-api-key"

// WebhookScheme is TrackShip's webhook scheme for webhook.NewHandler: the
// trackship-api-key header (and the body's user_key, when present) must
// equal the credential's FieldAPIKey, compared in constant time, and the
// body decodes as ParseWebhook does. A delivery without the header is
// answered 401. TrackShip signs nothing: see the webhook package doc. The
// scheme has no settings.
func WebhookScheme() webhook.Scheme {
	return webhook.Scheme{Carrier: ID, Verifier: webhookVerifier{}, Parse: ParseWebhook,
		MissingHeaderStatus: http.StatusUnauthorized} // without the key a delivery is simply unauthenticated
}

// webhookVerifier checks TrackShip's key header.
type webhookVerifier struct{}

// SecretField is FieldAPIKey.
func (webhookVerifier) SecretField() string { return FieldAPIKey }

// Verify implements webhook.Verifier.
func (webhookVerifier) Verify(_ context.Context, d webhook.Delivery, secret credentials.Secret) (webhook.Verified, error) {
	if secret == "" {
		return webhook.Verified{}, webhook.ErrNoSecret
	}
	got := strings.TrimSpace(d.HeaderValue(WebhookKeyHeader))
	if got == "" {
		return webhook.Verified{}, fmt.Errorf("webhook: trackship delivery lacks the %s header: %w", WebhookKeyHeader, webhook.ErrMissingHeader)
	}
	if !webhook.Equal(got, secret.Reveal()) {
		return webhook.Verified{}, fmt.Errorf("webhook: trackship API key does not match: %w", webhook.ErrBadSignature)
	}
	var p struct {
		UserKey string `json:"user_key"`
	}
	if json.Unmarshal(d.Body, &p) == nil && p.UserKey != "" && !webhook.Equal(p.UserKey, secret.Reveal()) {
		return webhook.Verified{}, fmt.Errorf("webhook: trackship body's user_key does not match: %w", webhook.ErrBadSignature)
	}
	return webhook.Verified{ReplayKey: webhook.BodyReplayKey(ID, d.Body)}, nil
}
