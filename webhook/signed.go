package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strconv"
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
// compared as lowercase hex in constant time, one of want (lowercase
// hex). scheme names the provider in errors and in the replay key. The
// key is the scheme, the signature and a 64-bit digest of the body
// (bodyDigest): two deliveries may share a timestamp.
func CheckSignedTimestamp(scheme string, clock Clock, ts, sig string, want []string, body []byte) (Verified, error) {
	at, err := ParseEpoch(ts)
	if err != nil {
		return Verified{}, err
	}
	if err := clock.Check(at); err != nil {
		return Verified{}, err
	}
	sig, ok := matchHex(sig, want)
	if !ok {
		return Verified{}, fmt.Errorf("webhook: %s signature does not match: %w", scheme, ErrBadSignature)
	}
	var buf [bodyDigestLen]byte
	d := bodyDigest(&buf, body)
	key := scheme + ":" + sig + ":" + string(d) // one allocation: the concatenation
	return Verified{Timestamp: at, ReplayKey: key, ValidFor: clock.ValidFor(at)}, nil
}

// matchHex reports whether sig, as lowercase hex, is one of want (each
// lowercase hex), comparing in constant time, and returns it lowercased.
// A lowercase sig, the usual case, is compared as it is: lowering it first
// would cost a scan of its own.
func matchHex(sig string, want []string) (string, bool) {
	for _, w := range want {
		if Equal(w, sig) {
			return sig, true
		}
	}
	if lower := strings.ToLower(sig); lower != sig {
		for _, w := range want {
			if Equal(w, lower) {
				return lower, true
			}
		}
	}
	return "", false
}

// bodyDigestLen bounds bodyDigest's text: two 8-digit CRCs, a colon and
// the length in at most 16 hex digits.
const bodyDigestLen = 8 + 8 + 1 + 16

// castagnoli is the CRC-32C table; hash/crc32 hands out one shared table
// for it and uses the CPU's CRC32 instruction where there is one.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// bodyDigest writes into buf, and returns, the lowercase hex CRC-32C and
// CRC-32 (IEEE) of body, a colon and body's length in hex: the body's part
// of a timestamp-signed scheme's replay key.
//
// Why a fast checksum is enough here, where BodyReplayKey needs SHA-256,
// and what it gives up: the package doc, "Replay keys". Two CRCs with
// different polynomials make 64 bits, and the length separates bodies of
// different sizes whatever their CRCs. Sources for the CRCs: Go's
// hash/crc32 doc (Castagnoli "has better error detection characteristics
// than IEEE"), and its crc32_amd64.go and crc32_arm64.go, which compute
// both in hardware (SSE4.2 and PCLMULQDQ; the CRC32 instructions). This
// text is kept by replay stores shared across replicas: changing it makes
// a delivery in flight during a rolling upgrade count twice
// (TestSignedTimestampReplayKeyStable).
func bodyDigest(buf *[bodyDigestLen]byte, body []byte) []byte {
	var sums [8]byte
	binary.BigEndian.PutUint32(sums[:4], crc32.Checksum(body, castagnoli))
	binary.BigEndian.PutUint32(sums[4:], crc32.ChecksumIEEE(body))
	hex.Encode(buf[:16], sums[:])
	buf[16] = ':'
	return strconv.AppendUint(buf[:17], uint64(len(body)), 16)
}

// BodyReplayKey identifies a delivery by its body, for schemes that sign
// no body: the same bytes twice are one delivery. prefix names the scheme
// (and may add what it signed). The digest is SHA-256: with nothing
// signed, anyone can send a body, and a weaker digest would let one be
// crafted to collide with a genuine delivery's key and have that delivery
// refused as a replay.
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
