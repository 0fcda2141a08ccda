package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// TracktryVerifier checks the TrackingMore v2 style signature Tracktry
// is expected to use (its webhooks are undocumented): lowercase hex
// HMAC-SHA256 of verifyInfo.timeStr, keyed with the account e-mail. Only
// the timestamp is signed, and the key is an e-mail address: see the
// package doc.
type TracktryVerifier struct{ cfg verifierConfig }

var _ Verifier = (*TracktryVerifier)(nil)

// NewTracktryVerifier returns a Tracktry verifier.
func NewTracktryVerifier(opts ...VerifierOption) *TracktryVerifier {
	return &TracktryVerifier{cfg: newVerifierConfig(opts)}
}

// SecretField is the Tracktry credential's "email".
func (v *TracktryVerifier) SecretField() string { return "email" }

// TracktrySignature returns the signature for timeStr keyed with email.
func TracktrySignature(email credentials.Secret, timeStr string) string {
	return hexHMAC(email, timeStr)
}

// Verify implements Verifier.
func (v *TracktryVerifier) Verify(_ context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	var p struct {
		VerifyInfo *struct {
			TimeStr   json.RawMessage `json:"timeStr"`
			Signature string          `json:"signature"`
		} `json:"verifyInfo"`
	}
	dec := json.NewDecoder(bytes.NewReader(d.Body))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return Verified{}, fmt.Errorf("webhook: tracktry body is not JSON: %w", ErrMalformed)
	}
	if p.VerifyInfo == nil {
		return Verified{}, fmt.Errorf("webhook: tracktry body has no verifyInfo: %w", ErrMissingHeader)
	}
	ts := strings.Trim(strings.TrimSpace(string(p.VerifyInfo.TimeStr)), `"`)
	sig := strings.ToLower(strings.TrimSpace(p.VerifyInfo.Signature))
	if ts == "" || ts == "null" || sig == "" {
		return Verified{}, fmt.Errorf("webhook: tracktry verifyInfo lacks timeStr or signature: %w", ErrMissingHeader)
	}
	return checkSignedTimestamp("tracktry", v.cfg.clock, ts, sig, []string{TracktrySignature(secret, ts)}, d.Body)
}
