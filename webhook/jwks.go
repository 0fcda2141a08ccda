package webhook

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
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
)

// JWKSConfig says where a JSON Web Key Set is and how its keys are cached.
type JWKSConfig struct {
	// Name names the set's owner in errors, such as "shipengine"
	// ("provider" when empty).
	Name string
	// URL is where the set is fetched.
	URL string
	// Client fetches it (a plain http.Client when nil). Each fetch is
	// bounded to 10 seconds whatever the client's own Timeout.
	Client *http.Client
	// Static, when not nil, is the set itself and nothing is fetched
	// (offline tests, pinned keys).
	Static []byte
	// MinRefresh is the least time between two fetches caused by an
	// unknown key id (1 minute when zero or less).
	MinRefresh time.Duration
	// TTL is how long fetched keys are trusted (12 hours when zero or
	// less).
	TTL time.Duration
}

// JWKS is a provider's published signing keys, fetched when first needed
// and cached. An unknown key id causes at most one refresh per
// MinRefresh; keys other than RSA are refused. A carrier's scheme (such as
// ShipEngine's) holds one.
type JWKS struct {
	cfg     JWKSConfig
	refresh *rate.Limiter

	mu       sync.Mutex
	keys     map[string]*rsa.PublicKey
	others   map[string]string // kid -> kty of keys that cannot verify
	fetched  time.Time         // last successful fetch
	tried    time.Time         // last fetch attempt
	lastErr  error             // why the last attempt failed, if it did
	inflight chan struct{}     // closed when the running fetch ends
}

// NewJWKS returns a key set as cfg says, defaults filled in.
func NewJWKS(cfg JWKSConfig) *JWKS {
	if cfg.Name == "" {
		cfg.Name = "provider"
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{} // fetch bounds each request: jwksFetchTimeout
	}
	if cfg.MinRefresh <= 0 {
		cfg.MinRefresh = time.Minute
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 12 * time.Hour
	}
	return &JWKS{cfg: cfg, refresh: rate.NewLimiter(rate.Every(cfg.MinRefresh), 1)}
}

// RSAKey returns the RSA key kid names. An unknown kid causes at most one
// refresh per interval (and an expired cache one per interval too, so
// unauthenticated requests cannot make a verifier hammer the JWKS). One
// fetch runs at a time, in its own goroutine and outside the lock, so
// cached keys keep verifying while it runs; each caller waits for it only
// until its own context ends, and the fetch goes on for the next callers.
// Errors match ErrUnknownKey (no usable key by that id) or
// ErrKeysUnavailable (the set could not be read: the delivery may be
// genuine).
func (v *JWKS) RSAKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	v.mu.Lock()
	now := time.Now()
	stale := v.keys == nil || now.Sub(v.fetched) > v.cfg.TTL
	k, kerr, known := v.lookup(kid)
	if known && !stale {
		v.mu.Unlock()
		return k, kerr
	}
	ch := v.inflight
	if ch == nil {
		// An expired cache is refreshed once per interval; meanwhile its
		// keys keep verifying, and only unknown ids spend the limiter.
		if !stale || now.Sub(v.tried) < v.cfg.MinRefresh {
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
		return nil, fmt.Errorf("webhook: the %s JWKS fetch did not finish before the delivery's deadline; the delivery will be retried: %w: %w",
			v.cfg.Name, ErrKeysUnavailable, context.Cause(ctx))
	}
}

// refreshKeys runs one fetch, stores its outcome and closes done. ctx
// carries the triggering request's values but not its cancellation; fetch
// bounds it.
func (v *JWKS) refreshKeys(ctx context.Context, done chan struct{}) {
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
func (v *JWKS) lookup(kid string) (*rsa.PublicKey, error, bool) {
	if k, ok := v.keys[kid]; ok {
		return k, nil, true
	}
	if kty, ok := v.others[kid]; ok {
		return nil, fmt.Errorf("webhook: %s key %q is %s, not RSA: %w", v.cfg.Name, kid, kty, ErrUnknownKey), true
	}
	return nil, nil, false
}

// fromCache answers from the cache, stale or not: a known key keeps
// verifying through a JWKS outage; an unknown one, while the last fetch
// failed, gets the outage as the answer (a rotated key cannot be told from
// a forged id then), so that the provider retries. Called with v.mu held.
func (v *JWKS) fromCache(kid string) (*rsa.PublicKey, error) {
	if k, err, known := v.lookup(kid); known {
		return k, err
	}
	if v.lastErr != nil { // the key may exist: the set could not be read
		return nil, v.lastErr
	}
	return nil, fmt.Errorf("webhook: %s key id %q is not in the JWKS: %w", v.cfg.Name, kid, ErrUnknownKey)
}

// maxJWKSSize bounds the key set read from the endpoint; ShipEngine's is a
// few KiB.
const maxJWKSSize = 1 << 20

// jwksFetchTimeout bounds one JWKS fetch, body included, whatever client
// JWKSConfig gave.
const jwksFetchTimeout = 10 * time.Second

// fetch reads the JWKS. It is bounded by its own timeout rather than by the
// request that triggered it, since other deliveries wait for its result.
// Every failure matches ErrKeysUnavailable: whatever the key endpoint
// answers, the delivery is not at fault and the provider should retry.
func (v *JWKS) fetch(ctx context.Context) (map[string]*rsa.PublicKey, map[string]string, error) {
	doc := v.cfg.Static
	if doc == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), jwksFetchTimeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.cfg.URL, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: JWKS URL %q: %w: %w", v.cfg.URL, ErrKeysUnavailable, err)
		}
		resp, err := v.cfg.Client.Do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: fetching the %s JWKS failed; the delivery will be retried: %w: %w", v.cfg.Name, ErrKeysUnavailable, errors.Unwrap(err))
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, nil, fmt.Errorf("webhook: fetching the %s JWKS answered HTTP %d; the delivery will be retried: %w", v.cfg.Name, resp.StatusCode, ErrKeysUnavailable)
		}
		doc, err = io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: reading the %s JWKS failed; the delivery will be retried: %w: %w", v.cfg.Name, ErrKeysUnavailable, err)
		}
		if len(doc) > maxJWKSSize {
			return nil, nil, fmt.Errorf("webhook: the %s JWKS is over %d bytes; the delivery will be retried: %w", v.cfg.Name, maxJWKSSize, ErrKeysUnavailable)
		}
	}
	keys, others, err := ParseJWKS(doc)
	if err != nil {
		// ParseJWKS says ErrMalformed, which would blame the delivery (400,
		// not retried): %v keeps its text without that match.
		return nil, nil, fmt.Errorf("webhook: the %s JWKS could not be read (%v); the delivery will be retried: %w", v.cfg.Name, err, ErrKeysUnavailable)
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
