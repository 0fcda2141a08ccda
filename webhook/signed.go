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
			d := hexSHA256(body)
			key := scheme + ":" + sig + ":" + string(d[:]) // BodyReplayKey(scheme+":"+sig, body) in one allocation
			return Verified{Timestamp: at, ReplayKey: key, ValidFor: clock.ValidFor(at)}, nil
		}
	}
	return Verified{}, fmt.Errorf("webhook: %s signature does not match: %w", scheme, ErrBadSignature)
}

// BodyReplayKey identifies a delivery by its body, for schemes that sign
// no body: the same bytes twice are one delivery. prefix names the scheme
// (and may add what it signed).
func BodyReplayKey(prefix string, body []byte) string {
	d := hexSHA256(body)
	return prefix + ":" + string(d[:]) // one allocation: the concatenation
}

// hexSHA256 is the lowercase hex SHA-256 of b, on the stack.
func hexSHA256(b []byte) [2 * sha256.Size]byte {
	sum := sha256.Sum256(b)
	var d [2 * sha256.Size]byte
	hex.Encode(d[:], sum[:])
	return d
}
