package redisstore

import (
	"crypto/sha256"
	"encoding/hex"
)

// keyPrefix starts every key this package writes, so that they can be
// found (SCAN MATCH tracking:*) and told apart from an application's own.
const keyPrefix = "tracking:"

// redisKey builds a Redis key from kind, the namespace and the caller's
// key. The caller's key is hashed: whatever a custom carrier or verifier
// puts in it (a signature, even a key by mistake) never reaches Redis in
// clear, and its length is bounded.
func redisKey(kind, namespace, key string) string {
	sum := sha256.Sum256([]byte(key))
	k := keyPrefix + kind + ":"
	if namespace != "" {
		k += namespace + ":"
	}
	return k + hex.EncodeToString(sum[:16])
}
