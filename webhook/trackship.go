package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// TrackShipKeyHeader carries the account's API key on every delivery.
const TrackShipKeyHeader = "trackship-api-key"

// TrackShipVerifier compares the trackship-api-key header (and the body's
// user_key, when present) with the credential's API key, in constant
// time. TrackShip signs nothing: see the package doc.
type TrackShipVerifier struct{ cfg verifierConfig }

var _ Verifier = (*TrackShipVerifier)(nil)

// NewTrackShipVerifier returns a TrackShip verifier.
func NewTrackShipVerifier(opts ...VerifierOption) *TrackShipVerifier {
	return &TrackShipVerifier{cfg: newVerifierConfig(opts)}
}

// SecretField is the TrackShip credential's "api_key".
func (v *TrackShipVerifier) SecretField() string { return "api_key" }

// Verify implements Verifier.
func (v *TrackShipVerifier) Verify(_ context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	got := strings.TrimSpace(d.HeaderValue(TrackShipKeyHeader))
	if got == "" {
		return Verified{}, fmt.Errorf("webhook: trackship delivery lacks the %s header: %w", TrackShipKeyHeader, ErrMissingHeader)
	}
	if !Equal(got, secret.Reveal()) {
		return Verified{}, fmt.Errorf("webhook: trackship API key does not match: %w", ErrBadSignature)
	}
	var p struct {
		UserKey string `json:"user_key"`
	}
	if json.Unmarshal(d.Body, &p) == nil && p.UserKey != "" && !Equal(p.UserKey, secret.Reveal()) {
		return Verified{}, fmt.Errorf("webhook: trackship body's user_key does not match: %w", ErrBadSignature)
	}
	return Verified{ReplayKey: bodyKey("trackship", d.Body)}, nil
}

// MissingHeaderStatus is 401: without the key header a delivery is simply
// unauthenticated.
func (v *TrackShipVerifier) MissingHeaderStatus() int { return 401 }
