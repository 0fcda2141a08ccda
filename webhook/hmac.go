package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// HMACScheme describes a generic HMAC-SHA256 signature, for techTRACK
// custom webhooks and applications' own senders.
type HMACScheme struct {
	// SignatureHeader carries the signature (default "X-Signature").
	SignatureHeader string
	// TimestampHeader carries the signed time, in Unix seconds or
	// milliseconds; "" when the sender signs no time. Default "X-Timestamp".
	TimestampHeader string
	// Template is the signed content, with {timestamp} and {body} replaced
	// by the header's text and the raw body (default "{timestamp}.{body}",
	// or "{body}" without a timestamp header).
	Template string
	// Base64 selects base64 signatures instead of lowercase hex.
	Base64 bool
	// Prefix is stripped from the signature first, e.g. "sha256=".
	Prefix string
	// SecretField names the credential field with the key (default
	// "webhook_secret").
	SecretField string
}

// HMACOption configures NewHMACVerifier.
type HMACOption func(*hmacConfig)

type hmacConfig struct {
	clock  Clock
	scheme HMACScheme
}

// WithHMACScheme sets the header names, template and encoding.
func WithHMACScheme(s HMACScheme) HMACOption { return func(c *hmacConfig) { c.scheme = s } }

// WithHMACClock sets the timestamp tolerance and the clock (the zero
// Clock by default: DefaultTolerance and time.Now).
func WithHMACClock(clock Clock) HMACOption { return func(c *hmacConfig) { c.clock = clock } }

// HMACVerifier checks a generic HMAC-SHA256 signature (see HMACScheme).
type HMACVerifier struct {
	clock  Clock
	scheme HMACScheme
}

var _ Verifier = (*HMACVerifier)(nil)

// NewHMACVerifier returns a generic HMAC-SHA256 verifier.
func NewHMACVerifier(opts ...HMACOption) *HMACVerifier {
	var cfg hmacConfig
	for _, o := range opts {
		o(&cfg)
	}
	s := cfg.scheme
	if s.SignatureHeader == "" {
		s.SignatureHeader = "X-Signature"
	}
	if s.TimestampHeader == "" && s.Template == "" {
		s.TimestampHeader = "X-Timestamp"
	}
	if s.Template == "" {
		s.Template = "{timestamp}.{body}"
		if s.TimestampHeader == "" {
			s.Template = "{body}"
		}
	}
	if s.SecretField == "" {
		s.SecretField = "webhook_secret"
	}
	return &HMACVerifier{clock: cfg.clock, scheme: s}
}

// Scheme returns the scheme in force, defaults filled in.
func (v *HMACVerifier) Scheme() HMACScheme { return v.scheme }

// SecretField implements Verifier.
func (v *HMACVerifier) SecretField() string { return v.scheme.SecretField }

// Sign returns the signature for body at the timestamp text ts; senders
// and tests use it.
func (v *HMACVerifier) Sign(secret credentials.Secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret.Reveal()))
	before, after, hasBody := strings.Cut(v.scheme.Template, "{body}")
	_, _ = mac.Write([]byte(strings.ReplaceAll(before, "{timestamp}", ts)))
	if hasBody {
		_, _ = mac.Write(body)
		_, _ = mac.Write([]byte(strings.ReplaceAll(after, "{timestamp}", ts)))
	}
	sum := mac.Sum(nil)
	if v.scheme.Base64 {
		return v.scheme.Prefix + base64.StdEncoding.EncodeToString(sum)
	}
	return v.scheme.Prefix + hex.EncodeToString(sum)
}

// Verify implements Verifier.
func (v *HMACVerifier) Verify(_ context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	sig := strings.TrimSpace(d.HeaderValue(v.scheme.SignatureHeader))
	var ts string
	if v.scheme.TimestampHeader != "" {
		ts = strings.TrimSpace(d.HeaderValue(v.scheme.TimestampHeader))
	}
	if sig == "" || (v.scheme.TimestampHeader != "" && ts == "") {
		return Verified{}, fmt.Errorf("webhook: delivery lacks %s or its timestamp header: %w", v.scheme.SignatureHeader, ErrMissingHeader)
	}
	var out Verified
	if ts != "" {
		at, err := ParseEpoch(ts)
		if err != nil {
			return Verified{}, err
		}
		if err := v.clock.Check(at); err != nil {
			return Verified{}, err
		}
		out.Timestamp, out.ValidFor = at, v.clock.ValidFor(at)
	}
	if p := v.scheme.Prefix; p != "" {
		if len(sig) < len(p) || !strings.EqualFold(sig[:len(p)], p) {
			return Verified{}, fmt.Errorf("webhook: signature lacks the %q prefix: %w", p, ErrBadSignature)
		}
		sig = sig[len(p):]
	}
	want := strings.TrimPrefix(v.Sign(secret, ts, d.Body), v.scheme.Prefix)
	if !v.scheme.Base64 {
		sig = strings.ToLower(sig)
	}
	if !Equal(want, sig) {
		return Verified{}, fmt.Errorf("webhook: signature does not match: %w", ErrBadSignature)
	}
	out.ReplayKey = "hmac:" + sig
	return out, nil
}

// URLTokenVerifier checks an unguessable token in the webhook URL's query,
// for senders that sign nothing (techTRACK). It binds nothing else: see the
// package doc.
type URLTokenVerifier struct {
	param, field string
}

var _ Verifier = (*URLTokenVerifier)(nil)

// NewURLTokenVerifier checks the query parameter param against the
// credential field (default "webhook_token").
func NewURLTokenVerifier(param, field string) *URLTokenVerifier {
	if param == "" {
		param = "token"
	}
	if field == "" {
		field = "webhook_token"
	}
	return &URLTokenVerifier{param: param, field: field}
}

// SecretField implements Verifier.
func (v *URLTokenVerifier) SecretField() string { return v.field }

// Verify implements Verifier.
func (v *URLTokenVerifier) Verify(_ context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	if secret == "" {
		return Verified{}, ErrNoSecret
	}
	var got string
	if d.URL != nil {
		got = d.URL.Query().Get(v.param)
	}
	if got == "" {
		return Verified{}, fmt.Errorf("webhook: the URL has no %q token: %w", v.param, ErrMissingHeader)
	}
	if !Equal(got, secret.Reveal()) {
		return Verified{}, fmt.Errorf("webhook: the URL token does not match: %w", ErrBadSignature)
	}
	return Verified{ReplayKey: BodyReplayKey("token", d.Body)}, nil
}
