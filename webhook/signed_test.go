package webhook_test

import (
	"encoding/binary"
	"hash/crc32"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// signedKey verifies body under a signed timestamp, the time window off,
// and returns the replay key.
func signedKey(t *testing.T, body []byte) string {
	t.Helper()
	const secret, ts = credentials.Secret("s"), "1772042712345"
	sig := webhook.HexHMAC(secret, ts)
	got, err := webhook.CheckSignedTimestamp("p", webhook.Clock{Tolerance: -1}, ts, sig, []string{sig}, body)
	require.NoError(t, err)
	return got.ReplayKey
}

// The replay key of a timestamp-signed delivery is fixed text: replicas
// sharing a replay store during a rolling upgrade must build the same key
// for the same delivery, or it is processed twice. Changing the digest
// breaks this test; say so in the CHANGELOG when it is meant.
func TestSignedTimestampReplayKeyStable(t *testing.T) {
	const sig = "cc3cd8272f79bebc4c21a212fbcf9b9bb61d725674cb0b5a96f54a22cc555d34"
	require.Equal(t, webhook.HexHMAC("s", "1772042712345"), sig)
	// The CRC-32C of "123456789" is e3069283 and its CRC-32 cbf43926 (the
	// check values of both polynomials); 9 is its length.
	assert.Equal(t, "p:"+sig+":e3069283cbf43926:9", signedKey(t, []byte("123456789")))
	assert.Equal(t, "p:"+sig+":0000000000000000:0", signedKey(t, nil))
	// An uppercase signature is the same delivery.
	got, err := webhook.CheckSignedTimestamp("p", webhook.Clock{Tolerance: -1}, "1772042712345",
		"CC3CD8272F79BEBC4C21A212FBCF9B9BB61D725674CB0B5A96F54A22CC555D34", []string{sig}, []byte("123456789"))
	require.NoError(t, err)
	assert.Equal(t, signedKey(t, []byte("123456789")), got.ReplayKey)
}

// The same delivery twice has one key; any other body another.
func TestSignedTimestampReplayKeyBody(t *testing.T) {
	body := []byte(`{"verify":{"timestamp":"1772042712345"},"data":{"trackNo":"X"}}`)
	assert.Equal(t, signedKey(t, body), signedKey(t, append([]byte{}, body...)))
	for i := range body {
		changed := append([]byte{}, body...)
		changed[i] ^= 1
		assert.NotEqual(t, signedKey(t, body), signedKey(t, changed), "byte %d flipped", i)
	}
}

// Two bodies of different lengths whose CRC-32C and CRC-32 both agree
// still have different keys: the length is in the key.
func TestSignedTimestampReplayKeyLength(t *testing.T) {
	a := []byte(`{"data":{"trackNo":"X"}}`)
	b := crcTwin(t, a)
	require.NotEqual(t, len(a), len(b))
	require.Equal(t, crc32.Checksum(a, crc32.MakeTable(crc32.Castagnoli)), crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
	require.Equal(t, crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b))
	assert.NotEqual(t, signedKey(t, a), signedKey(t, b))
}

// crcTwin returns a followed by 12 bytes chosen so that both CRCs of the
// result are a's. A CRC is affine in the message bits for a fixed length,
// so the bytes solve a linear system over GF(2): 64 equations (the two
// CRCs), 96 unknowns (the bits appended), solved with a XOR basis.
func crcTwin(t *testing.T, a []byte) []byte {
	t.Helper()
	const n = 12
	castagnoli := crc32.MakeTable(crc32.Castagnoli)
	sums := func(b []byte) uint64 {
		return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
	}
	zero := append(append([]byte{}, a...), make([]byte, n)...)
	base := sums(zero)
	type vec struct {
		v     uint64
		combo [2]uint64 // which appended bits make v
	}
	var basis [64]*vec
	for bit := range 8 * n {
		m := append([]byte{}, zero...)
		m[len(a)+bit/8] ^= 1 << (bit % 8)
		x := &vec{v: sums(m) ^ base}
		x.combo[bit/64] = 1 << (bit % 64)
		for i := 63; i >= 0 && x.v != 0; i-- {
			if x.v>>i&1 == 0 {
				continue
			}
			if basis[i] == nil {
				basis[i] = x
				break
			}
			x.v ^= basis[i].v
			x.combo[0] ^= basis[i].combo[0]
			x.combo[1] ^= basis[i].combo[1]
		}
	}
	target := sums(a) ^ base
	var combo [2]uint64
	for i := 63; i >= 0; i-- {
		if target>>i&1 == 0 {
			continue
		}
		require.NotNil(t, basis[i], "the appended bits do not reach every CRC bit")
		target ^= basis[i].v
		combo[0] ^= basis[i].combo[0]
		combo[1] ^= basis[i].combo[1]
	}
	out := append([]byte{}, zero...)
	var tail [16]byte
	binary.LittleEndian.PutUint64(tail[:8], combo[0])
	binary.LittleEndian.PutUint64(tail[8:], combo[1])
	for i := range n {
		out[len(a)+i] = tail[i]
	}
	return out
}
