package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// Track123's header variant (its Shopify app); the API puts the same
// values in the body's verify object.
const (
	Track123TimestampHeader = "X-Track123-Timestamp"
	Track123SignatureHeader = "X-Track123-Signature"
)

// WithTrack123SHA256 accepts, besides HMAC-SHA256(secret, timestamp), the
// plain SHA-256(secret + timestamp) variant one client library uses.
// Track123.
func WithTrack123SHA256() VerifierOption { return func(c *verifierConfig) { c.sha256Alt = true } }

// Track123Verifier checks Track123's signature: lowercase hex
// HMAC-SHA256 of the timestamp, keyed with the API secret. Only the
// timestamp is signed, not the body (see the package doc).
type Track123Verifier struct{ cfg verifierConfig }

var _ Verifier = (*Track123Verifier)(nil)

// NewTrack123Verifier returns a Track123 verifier.
func NewTrack123Verifier(opts ...VerifierOption) *Track123Verifier {
	return &Track123Verifier{cfg: newVerifierConfig(opts)}
}

// SecretField is the Track123 credential's "api_secret".
func (v *Track123Verifier) SecretField() string { return "api_secret" }

// Track123Signature returns the signature Track123 sends for timestamp ts.
func Track123Signature(secret credentials.Secret, ts string) string {
	return hexHMAC(secret, ts)
}

// Verify implements Verifier.
func (v *Track123Verifier) Verify(_ context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	var p struct {
		Verify *struct {
			Timestamp json.RawMessage `json:"timestamp"`
			Signature string          `json:"signature"`
		} `json:"verify"`
	}
	ts, sig := "", ""
	if err := json.Unmarshal(d.Body, &p); err == nil && p.Verify != nil {
		ts = strings.Trim(strings.TrimSpace(string(p.Verify.Timestamp)), `"`)
		sig = strings.TrimSpace(p.Verify.Signature)
	}
	if ts == "" || sig == "" || ts == "null" {
		ts = strings.TrimSpace(d.HeaderValue(Track123TimestampHeader))
		sig = strings.TrimSpace(d.HeaderValue(Track123SignatureHeader))
	}
	if ts == "" || sig == "" {
		return Verified{}, fmt.Errorf("webhook: track123 delivery has no verify object and no %s headers: %w", "X-Track123-*", ErrMissingHeader)
	}
	want := []string{Track123Signature(secret, ts)}
	if v.cfg.sha256Alt {
		sum := sha256.Sum256([]byte(secret.Reveal() + ts))
		want = append(want, hex.EncodeToString(sum[:]))
	}
	return checkSignedTimestamp("track123", v.cfg.clock, ts, sig, want, d.Body)
}

// hexHMAC is lowercase hex HMAC-SHA256 of msg keyed with key: the
// signature of both timestamp-only schemes.
func hexHMAC(key credentials.Secret, msg string) string {
	mac := hmac.New(sha256.New, []byte(key.Reveal()))
	_, _ = mac.Write([]byte(msg))
	return hex.EncodeToString(mac.Sum(nil))
}

// checkSignedTimestamp finishes the schemes that sign only a timestamp
// (Track123, Tracktry): the time must be within the clock's tolerance and
// the signature, compared as lowercase hex, one of want. The replay key
// covers the body too, since two deliveries may share a timestamp.
func checkSignedTimestamp(scheme string, clock Clock, ts, sig string, want []string, body []byte) (Verified, error) {
	at, err := ParseEpoch(ts)
	if err != nil {
		return Verified{}, err
	}
	if err := clock.Check(at); err != nil {
		return Verified{}, err
	}
	sig = strings.ToLower(sig)
	for _, w := range want {
		if Equal(w, sig) {
			return Verified{Timestamp: at, ReplayKey: bodyKey(scheme+":"+sig, body)}, nil
		}
	}
	return Verified{}, fmt.Errorf("webhook: %s signature does not match: %w", scheme, ErrBadSignature)
}
