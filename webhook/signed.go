package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// HexHMAC returns the lowercase hex HMAC-SHA256 of msg keyed with key:
// the signature of the schemes that sign only a timestamp (Track123,
// Tracktry), for their verifiers and their test signers.
func HexHMAC(key credentials.Secret, msg string) string {
	mac := hmac.New(sha256.New, []byte(key.Reveal()))
	_, _ = mac.Write([]byte(msg))
	return hex.EncodeToString(mac.Sum(nil))
}

// CheckSignedTimestamp finishes a scheme that signs only a timestamp: ts
// must be a Unix time (ParseEpoch) inside clock's tolerance, and sig,
// compared as lowercase hex in constant time, one of want. scheme names
// the provider in errors and in the replay key, which covers the body
// too: two deliveries may share a timestamp.
func CheckSignedTimestamp(scheme string, clock Clock, ts, sig string, want []string, body []byte) (Verified, error) {
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
			return Verified{Timestamp: at, ReplayKey: bodyKey(body, scheme, ":", sig), ValidFor: clock.ValidFor(at)}, nil
		}
	}
	return Verified{}, fmt.Errorf("webhook: %s signature does not match: %w", scheme, ErrBadSignature)
}

// BodyReplayKey identifies a delivery by its body, for schemes that sign
// no body: the same bytes twice are one delivery. prefix names the scheme
// (and may add what it signed).
func BodyReplayKey(prefix string, body []byte) string { return bodyKey(body, prefix) }

// bodyKey is the parts, a colon and the hex SHA-256 of body, built in one
// allocation: Track123's verifier is measured against a bare HMAC.
func bodyKey(body []byte, parts ...string) string {
	sum := sha256.Sum256(body)
	n := 1 + hex.EncodedLen(len(sum))
	for _, p := range parts {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	b.WriteByte(':')
	var digest [2 * sha256.Size]byte
	hex.Encode(digest[:], sum[:])
	b.Write(digest[:])
	return b.String()
}
