// Package webhooktest signs webhook payloads exactly as each provider
// does, so that applications can test their webhook.Handler and the
// package's own tests can too, and checks a webhook.ReplayStore
// implementation with TestReplayStore. Production code never imports it.
package webhooktest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
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

// ShipEngineSigner signs deliveries like ShipEngine and serves the
// matching JWKS.
type ShipEngineSigner struct {
	KeyID string
	Key   *rsa.PrivateKey

	mu     sync.Mutex
	extra  map[string]*rsa.PrivateKey
	server *httptest.Server
	hits   int
}

// NewShipEngineSigner returns a signer with a fresh 2048-bit key.
func NewShipEngineSigner(keyID string) (*ShipEngineSigner, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &ShipEngineSigner{KeyID: keyID, Key: k, extra: map[string]*rsa.PrivateKey{}}, nil
}

// Rotate adds a new key under keyID and signs with it from now on; the
// JWKS lists old and new keys.
func (s *ShipEngineSigner) Rotate(keyID string) error {
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

// Sign returns the headers ShipEngine sends with body at time at.
func (s *ShipEngineSigner) Sign(body []byte, at time.Time) http.Header {
	s.mu.Lock()
	kid, key := s.KeyID, s.Key
	s.mu.Unlock()
	ts := at.UTC().Format(time.RFC3339)
	h := sha256.New()
	h.Write([]byte(ts + "."))
	h.Write(body)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, h.Sum(nil))
	if err != nil {
		panic(fmt.Sprintf("webhooktest: signing: %v", err)) // only with a broken key
	}
	hdr := http.Header{}
	hdr.Set(webhook.ShipEngineKeyIDHeader, kid)
	hdr.Set(webhook.ShipEngineSignatureHeader, base64.StdEncoding.EncodeToString(sig))
	hdr.Set(webhook.ShipEngineTimestampHeader, ts)
	hdr.Set("Content-Type", "application/json")
	return hdr
}

// JWKS returns the key set with every key the signer has used.
func (s *ShipEngineSigner) JWKS() []byte {
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
// returns its URL for webhook.WithJWKSURL. Close it with Close.
func (s *ShipEngineSigner) Server() string {
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
func (s *ShipEngineSigner) Fetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// Close stops the JWKS server, if started.
func (s *ShipEngineSigner) Close() {
	s.mu.Lock()
	srv := s.server
	s.mu.Unlock()
	if srv != nil { // not under s.mu: Close waits for handlers that take it
		srv.Close()
	}
}

// Track123Body wraps data in the body Track123 sends, with the verify
// object for time at signed with secret.
func Track123Body(secret credentials.Secret, data json.RawMessage, at time.Time) []byte {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	b, _ := json.Marshal(map[string]any{
		"data":   data,
		"verify": map[string]string{"timestamp": ts, "signature": webhook.Track123Signature(secret, ts)},
	})
	return b
}

// Track123Headers returns the header variant of Track123's signature.
func Track123Headers(secret credentials.Secret, at time.Time) http.Header {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	h := http.Header{}
	h.Set(webhook.Track123TimestampHeader, ts)
	h.Set(webhook.Track123SignatureHeader, webhook.Track123Signature(secret, ts))
	return h
}

// TracktryBody wraps meta and data in the TrackingMore v2 style body with
// verifyInfo for time at, keyed with the account e-mail.
func TracktryBody(email credentials.Secret, data json.RawMessage, at time.Time) []byte {
	ts := at.Unix()
	b, _ := json.Marshal(map[string]any{
		"meta": map[string]any{"code": 200, "type": "Success", "message": "Success"},
		"data": data,
		"verifyInfo": map[string]any{
			"timeStr":   ts,
			"signature": webhook.TracktrySignature(email, strconv.FormatInt(ts, 10)),
		},
	})
	return b
}

// TrackShipHeaders returns the headers TrackShip sends.
func TrackShipHeaders(apiKey credentials.Secret) http.Header {
	h := http.Header{}
	h.Set(webhook.TrackShipKeyHeader, apiKey.Reveal())
	h.Set("Content-Type", "application/json")
	return h
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
