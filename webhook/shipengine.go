package webhook

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/credentials"
)

// DefaultShipEngineJWKSURL is where ShipEngine publishes its webhook keys.
const DefaultShipEngineJWKSURL = "https://api.shipengine.com/jwks"

// ShipEngine's signature headers.
const (
	ShipEngineKeyIDHeader     = "X-ShipEngine-RSA-SHA256-Key-ID"
	ShipEngineSignatureHeader = "X-ShipEngine-RSA-SHA256-Signature"
	ShipEngineTimestampHeader = "X-ShipEngine-Timestamp"
)

// WithJWKSURL sets the JWKS location (for other regions). ShipEngine.
func WithJWKSURL(u string) VerifierOption { return func(c *verifierConfig) { c.jwksURL = u } }

// WithJWKSClient sets the HTTP client that fetches the JWKS. Each fetch is
// bounded to 10 seconds whatever the client's own Timeout. ShipEngine.
func WithJWKSClient(hc *http.Client) VerifierOption {
	return func(c *verifierConfig) { c.jwksClient = hc }
}

// WithStaticJWKS uses a fixed JWKS document instead of fetching one
// (offline tests, pinned keys). ShipEngine.
func WithStaticJWKS(doc []byte) VerifierOption {
	return func(c *verifierConfig) { c.staticJWKS = doc }
}

// WithJWKSRefresh sets the least time between two fetches caused by an
// unknown key id (1 minute by default) and how long fetched keys are
// trusted (12 hours by default). ShipEngine.
func WithJWKSRefresh(minInterval, ttl time.Duration) VerifierOption {
	return func(c *verifierConfig) { c.refreshMin, c.keyTTL = minInterval, ttl }
}

// ShipEngineVerifier checks ShipEngine's RSA-SHA256 (PKCS#1 v1.5)
// signature over timestamp + "." + body, with the key its key id names in
// ShipEngine's JWKS. Keys are cached; an unknown key id causes at most one
// refresh per interval. Keys other than RSA are refused.
type ShipEngineVerifier struct {
	cfg     verifierConfig
	refresh *rate.Limiter

	mu       sync.Mutex
	keys     map[string]*rsa.PublicKey
	others   map[string]string // kid -> kty of keys that cannot verify
	fetched  time.Time         // last successful fetch
	tried    time.Time         // last fetch attempt
	lastErr  error             // why the last attempt failed, if it did
	inflight chan struct{}     // closed when the running fetch ends
}

var _ Verifier = (*ShipEngineVerifier)(nil)

// NewShipEngineVerifier returns a verifier fetching keys from
// DefaultShipEngineJWKSURL unless an option says otherwise.
func NewShipEngineVerifier(opts ...VerifierOption) *ShipEngineVerifier {
	cfg := newVerifierConfig(opts)
	if cfg.jwksURL == "" {
		cfg.jwksURL = DefaultShipEngineJWKSURL
	}
	if cfg.jwksClient == nil {
		cfg.jwksClient = &http.Client{} // fetch bounds each request: jwksFetchTimeout
	}
	if cfg.refreshMin <= 0 {
		cfg.refreshMin = time.Minute
	}
	if cfg.keyTTL <= 0 {
		cfg.keyTTL = 12 * time.Hour
	}
	return &ShipEngineVerifier{cfg: cfg, refresh: rate.NewLimiter(rate.Every(cfg.refreshMin), 1)}
}

// SecretField is "": ShipEngine signs with keys it publishes.
func (v *ShipEngineVerifier) SecretField() string { return "" }

// MissingHeaderStatus is 404: ShipEngine advises answering a delivery
// without signature headers as if the endpoint did not exist.
func (v *ShipEngineVerifier) MissingHeaderStatus() int { return http.StatusNotFound }

// Verify implements Verifier.
func (v *ShipEngineVerifier) Verify(ctx context.Context, d Delivery, _ credentials.Secret) (Verified, error) {
	kid := strings.TrimSpace(d.HeaderValue(ShipEngineKeyIDHeader))
	sig := strings.TrimSpace(d.HeaderValue(ShipEngineSignatureHeader))
	ts := d.HeaderValue(ShipEngineTimestampHeader)
	if kid == "" || sig == "" || strings.TrimSpace(ts) == "" {
		return Verified{}, fmt.Errorf("webhook: shipengine delivery lacks %s, %s or %s: %w",
			ShipEngineKeyIDHeader, ShipEngineSignatureHeader, ShipEngineTimestampHeader, ErrMissingHeader)
	}
	at, err := parseShipEngineTime(ts)
	if err != nil {
		return Verified{}, err
	}
	if err := v.cfg.clock.Check(at); err != nil {
		return Verified{}, err
	}
	key, err := v.key(ctx, kid)
	if err != nil {
		return Verified{}, err
	}
	raw, err := decodeBase64(sig)
	if err != nil {
		return Verified{}, fmt.Errorf("webhook: shipengine signature is not base64: %w", ErrBadSignature)
	}
	// The signed bytes are the raw header text, a dot and the raw body.
	h := sha256.New()
	_, _ = io.WriteString(h, ts)
	_, _ = h.Write([]byte{'.'})
	_, _ = h.Write(d.Body)
	digest := h.Sum(nil)
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, digest, raw) != nil {
		return Verified{}, fmt.Errorf("webhook: shipengine signature does not match the body: %w", ErrBadSignature)
	}
	// The digest, not the signature text: base64 has several spellings of
	// one signature, and a re-encoded replay must still be recognised.
	return Verified{Timestamp: at, ReplayKey: "shipengine:" + hex.EncodeToString(digest)}, nil
}

// key returns the RSA key for kid. An unknown kid causes at most one
// refresh per interval (and an expired cache one per interval too, so
// unauthenticated requests cannot make the verifier hammer the JWKS). One
// fetch runs at a time, in its own goroutine and outside the lock, so
// cached keys keep verifying while it runs; each caller waits for it only
// until its own context ends, and the fetch goes on for the next callers.
func (v *ShipEngineVerifier) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	v.mu.Lock()
	now := time.Now()
	stale := v.keys == nil || now.Sub(v.fetched) > v.cfg.keyTTL
	k, kerr, known := v.lookup(kid)
	if known && !stale {
		v.mu.Unlock()
		return k, kerr
	}
	ch := v.inflight
	if ch == nil {
		// An expired cache is refreshed once per interval; meanwhile its
		// keys keep verifying, and only unknown ids spend the limiter.
		if !stale || now.Sub(v.tried) < v.cfg.refreshMin {
			if known {
				v.mu.Unlock()
				return k, kerr
			}
			if !v.refresh.Allow() {
				defer v.mu.Unlock()
				return v.fromCache(kid)
			}
		}
		v.tried = now
		ch = make(chan struct{})
		v.inflight = ch
		go v.refreshKeys(context.WithoutCancel(ctx), ch)
	}
	v.mu.Unlock()

	select {
	case <-ch:
		// The fetch that was running has ended: its result is the answer,
		// without starting another.
		v.mu.Lock()
		defer v.mu.Unlock()
		return v.fromCache(kid)
	case <-ctx.Done():
		return nil, fmt.Errorf("webhook: the shipengine JWKS fetch did not finish before the delivery's deadline; the delivery will be retried: %w: %w",
			ErrKeysUnavailable, context.Cause(ctx))
	}
}

// refreshKeys runs one fetch, stores its outcome and closes done. ctx
// carries the triggering request's values but not its cancellation; fetch
// bounds it.
func (v *ShipEngineVerifier) refreshKeys(ctx context.Context, done chan struct{}) {
	keys, others, err := v.fetch(ctx)
	v.mu.Lock()
	defer v.mu.Unlock()
	if err == nil {
		v.keys, v.others, v.fetched = keys, others, time.Now()
	}
	v.lastErr = err
	v.inflight = nil
	close(done)
}

// lookup reports what the cache says of kid. Called with v.mu held.
func (v *ShipEngineVerifier) lookup(kid string) (*rsa.PublicKey, error, bool) {
	if k, ok := v.keys[kid]; ok {
		return k, nil, true
	}
	if kty, ok := v.others[kid]; ok {
		return nil, fmt.Errorf("webhook: shipengine key %q is %s, not RSA: %w", kid, kty, ErrUnknownKey), true
	}
	return nil, nil, false
}

// fromCache answers from the cache, stale or not: a known key keeps
// verifying through a JWKS outage; an unknown one, while the last fetch
// failed, gets the outage as the answer (a rotated key cannot be told from
// a forged id then), so that the provider retries. Called with v.mu held.
func (v *ShipEngineVerifier) fromCache(kid string) (*rsa.PublicKey, error) {
	if k, err, known := v.lookup(kid); known {
		return k, err
	}
	if v.lastErr != nil { // the key may exist: the set could not be read
		return nil, v.lastErr
	}
	return nil, fmt.Errorf("webhook: shipengine key id %q is not in the JWKS: %w", kid, ErrUnknownKey)
}

// maxJWKSSize bounds the key set read from the endpoint; ShipEngine's is a
// few KiB.
const maxJWKSSize = 1 << 20

// jwksFetchTimeout bounds one JWKS fetch, body included, whatever client
// WithJWKSClient gave.
const jwksFetchTimeout = 10 * time.Second

// fetch reads the JWKS. It is bounded by its own timeout rather than by the
// request that triggered it, since other deliveries wait for its result.
// Every failure matches ErrKeysUnavailable: whatever the key endpoint
// answers, the delivery is not at fault and the provider should retry.
func (v *ShipEngineVerifier) fetch(ctx context.Context) (map[string]*rsa.PublicKey, map[string]string, error) {
	doc := v.cfg.staticJWKS
	if doc == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), jwksFetchTimeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.cfg.jwksURL, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: JWKS URL %q: %w: %w", v.cfg.jwksURL, ErrKeysUnavailable, err)
		}
		resp, err := v.cfg.jwksClient.Do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: fetching the shipengine JWKS failed; the delivery will be retried: %w: %w", ErrKeysUnavailable, errors.Unwrap(err))
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, nil, fmt.Errorf("webhook: fetching the shipengine JWKS answered HTTP %d; the delivery will be retried: %w", resp.StatusCode, ErrKeysUnavailable)
		}
		doc, err = io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: reading the shipengine JWKS failed; the delivery will be retried: %w: %w", ErrKeysUnavailable, err)
		}
		if len(doc) > maxJWKSSize {
			return nil, nil, fmt.Errorf("webhook: the shipengine JWKS is over %d bytes; the delivery will be retried: %w", maxJWKSSize, ErrKeysUnavailable)
		}
	}
	keys, others, err := ParseJWKS(doc)
	if err != nil {
		// ParseJWKS says ErrMalformed, which would blame the delivery (400,
		// not retried): %v keeps its text without that match.
		return nil, nil, fmt.Errorf("webhook: the shipengine JWKS could not be read (%v); the delivery will be retried: %w", err, ErrKeysUnavailable)
	}
	return keys, others, nil
}

// ParseJWKS reads a JSON Web Key Set, returning its RSA keys by key id and
// the key types of the others.
func ParseJWKS(doc []byte) (rsaKeys map[string]*rsa.PublicKey, others map[string]string, err error) {
	var set struct {
		Keys []struct {
			Kty string `json:"kty"`
			Kid string `json:"kid"`
			N   string `json:"n"`
			E   string `json:"e"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(doc, &set); err != nil {
		return nil, nil, fmt.Errorf("webhook: the JWKS is not JSON: %w", ErrMalformed)
	}
	rsaKeys, others = map[string]*rsa.PublicKey{}, map[string]string{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" {
			others[k.Kid] = k.Kty
			continue
		}
		n, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.N, "="))
		e, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.E, "="))
		if err1 != nil || err2 != nil || len(n) < 256 || len(e) == 0 || len(e) > 4 {
			others[k.Kid] = "unusable RSA"
			continue
		}
		exp := int(new(big.Int).SetBytes(e).Int64())
		if exp < 3 || exp%2 == 0 {
			others[k.Kid] = "unusable RSA"
			continue
		}
		rsaKeys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	}
	return rsaKeys, others, nil
}

// parseShipEngineTime reads RFC 3339, zone-less ISO (as UTC) or epoch
// seconds or milliseconds.
func parseShipEngineTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := ParseEpoch(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("webhook: shipengine timestamp %q is not a time: %w", shorten(s), ErrMalformed)
}

// decodeBase64 accepts the standard alphabet, and URL-safe or unpadded
// forms that some proxies produce.
func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}
