// Package webhooktest helps test webhook schemes and the applications
// that receive them: a KeySet signs with RSA keys and serves them as a
// JWKS, HMACHeaders signs for the generic HMAC scheme, the oracle helpers
// judge a verifier's answers in fuzz targets, and TestReplayStore checks a
// webhook.ReplayStore implementation. Each provider's own signer is in its
// fake, beside the carrier (track123test.WebhookBody, ...). Production
// code never imports it.
package webhooktest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// KeySet is a provider's RSA signing keys: it signs with the current key
// and publishes every key it has used as a JWKS, served by Server for
// webhook.JWKS. Providers' signers (shipenginetest.WebhookSigner) build
// on it.
type KeySet struct {
	KeyID string          // the current key's id
	Key   *rsa.PrivateKey // the current key, which signs

	mu     sync.Mutex
	extra  map[string]*rsa.PrivateKey
	server *httptest.Server
	hits   int
}

// NewKeySet returns a key set with one fresh 2048-bit key named keyID.
func NewKeySet(keyID string) (*KeySet, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &KeySet{KeyID: keyID, Key: k, extra: map[string]*rsa.PrivateKey{}}, nil
}

// Rotate adds a new key under keyID and signs with it from now on; the
// JWKS lists old and new keys.
func (s *KeySet) Rotate(keyID string) error {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extra[s.KeyID] = s.Key
	s.KeyID, s.Key = keyID, k
	return nil
}

// SignPKCS1v15 signs a SHA-256 digest with the current key and returns the
// key's id and the signature.
func (s *KeySet) SignPKCS1v15(digest []byte) (keyID string, sig []byte) {
	s.mu.Lock()
	kid, key := s.KeyID, s.Key
	s.mu.Unlock()
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest)
	if err != nil {
		panic(fmt.Sprintf("webhooktest: signing: %v", err)) // only with a broken key
	}
	return kid, sig
}

// JWKS returns the key set with every key the signer has used.
func (s *KeySet) JWKS() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []map[string]string
	add := func(kid string, k *rsa.PrivateKey) {
		keys = append(keys, map[string]string{
			"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
		})
	}
	for kid, k := range s.extra {
		add(kid, k)
	}
	add(s.KeyID, s.Key)
	b, _ := json.Marshal(map[string]any{"keys": keys})
	return b
}

// Server starts (once) an httptest server serving the JWKS at /jwks and
// returns its URL, for webhook.JWKSConfig.URL or a carrier's JWKS URL
// option. Close it with Close.
func (s *KeySet) Server() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.server == nil {
		s.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.hits++
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(s.JWKS())
		}))
	}
	return s.server.URL + "/jwks"
}

// Fetches returns how many times the JWKS was fetched from Server.
func (s *KeySet) Fetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// Close stops the JWKS server, if started.
func (s *KeySet) Close() {
	s.mu.Lock()
	srv := s.server
	s.mu.Unlock()
	if srv != nil { // not under s.mu: Close waits for handlers that take it
		srv.Close()
	}
}

// HMACHeaders signs body with v's scheme at time at.
func HMACHeaders(v *webhook.HMACVerifier, secret credentials.Secret, body []byte, at time.Time) http.Header {
	s := v.Scheme()
	ts := ""
	h := http.Header{}
	if s.TimestampHeader != "" {
		ts = strconv.FormatInt(at.Unix(), 10)
		h.Set(s.TimestampHeader, ts)
	}
	h.Set(s.SignatureHeader, v.Sign(secret, ts, body))
	return h
}
