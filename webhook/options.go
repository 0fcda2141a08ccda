package webhook

import (
	"net/http"
	"time"
)

// VerifierOption configures a verifier. Each option says which schemes it
// applies to; the others ignore it.
type VerifierOption func(*verifierConfig)

type verifierConfig struct {
	clock      Clock
	jwksURL    string
	jwksClient *http.Client
	staticJWKS []byte
	refreshMin time.Duration
	keyTTL     time.Duration
	sha256Alt  bool
	hmac       HMACScheme
}

func newVerifierConfig(opts []VerifierOption) verifierConfig {
	var c verifierConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithTolerance sets how far a signed timestamp may be from now, in both
// directions (DefaultTolerance by default; negative turns the check off).
// All schemes with a timestamp.
func WithTolerance(d time.Duration) VerifierOption {
	return func(c *verifierConfig) { c.clock.Tolerance = d }
}

// WithClock sets the current time's source, for tests. All schemes.
func WithClock(now func() time.Time) VerifierOption {
	return func(c *verifierConfig) { c.clock.Now = now }
}
