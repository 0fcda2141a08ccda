package webhook

import (
	"context"
	"crypto/subtle"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcelkit/tracking/credentials"
)

// Delivery is one webhook request as received: raw body bytes, headers
// and URL. Verifiers read only these, before anything is parsed.
type Delivery struct {
	Header http.Header
	Body   []byte
	URL    *url.URL
}

// HeaderValue returns the first value of the named header, looked up
// case-insensitively (providers and proxies vary the case).
func (d Delivery) HeaderValue(name string) string {
	if v := d.Header.Get(name); v != "" {
		return v
	}
	for k, vs := range d.Header {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// Verified is what a successful verification learned.
type Verified struct {
	// Timestamp is the signed time; zero when the scheme carries none.
	Timestamp time.Time
	// ReplayKey identifies this delivery for the replay store; "" when
	// the scheme gives nothing to tell deliveries apart.
	ReplayKey string
	// ValidFor is how much longer, from the verification, the signed
	// timestamp passes the scheme's check (Clock.ValidFor); zero when
	// nothing bounds it (no signed time, or the check is off). The Handler
	// remembers the delivery that long, or for its replay window when zero.
	ValidFor time.Duration
}

// Verifier checks one provider's signature on the raw delivery. Each
// carrier's WebhookScheme holds one; NewHMACVerifier and
// NewURLTokenVerifier are the generic ones.
type Verifier interface {
	// SecretField names the credential field holding the secret (for
	// example "api_secret"); "" when the scheme needs none (public keys).
	SecretField() string
	// Verify checks d. secret is the field's value; a scheme that needs a
	// secret refuses an empty one with ErrNoSecret (fail closed).
	Verify(ctx context.Context, d Delivery, secret credentials.Secret) (Verified, error)
}

// VerifierFunc adapts a function to Verifier, for apps' own schemes.
type VerifierFunc struct {
	Field string
	Func  func(ctx context.Context, d Delivery, secret credentials.Secret) (Verified, error)
}

// SecretField returns f.Field.
func (f VerifierFunc) SecretField() string { return f.Field }

// Verify calls f.Func.
func (f VerifierFunc) Verify(ctx context.Context, d Delivery, secret credentials.Secret) (Verified, error) {
	return f.Func(ctx, d, secret)
}

// Clock bounds signed timestamps. The zero value uses time.Now and the
// default tolerance.
type Clock struct {
	// Tolerance is how far a timestamp may be from now, in either
	// direction. 0 means DefaultTolerance; a negative value turns the
	// check off (for schemes whose retries may resend old timestamps).
	Tolerance time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// DefaultTolerance is how far a signed timestamp may be from now.
const DefaultTolerance = 5 * time.Minute

// Check returns an error matching ErrStale when t is too old or too far in
// the future.
func (c Clock) Check(t time.Time) error {
	if c.Tolerance < 0 {
		return nil
	}
	tol, now := c.tolerance(), c.now()
	// Compare instants, not a difference: now.Sub(t) saturates beyond
	// ±292 years, and negating the saturated minimum overflows, which made
	// a far-future stamp look fresh.
	switch {
	case t.Before(now.Add(-tol)):
		return fmt.Errorf("webhook: timestamp is %s old, more than the %s tolerance; check the sender's clock or raise the tolerance: %w",
			distance(now, t), tol, ErrStale)
	case t.After(now.Add(tol)):
		return fmt.Errorf("webhook: timestamp is %s in the future, more than the %s tolerance; check the clocks: %w",
			distance(t, now), tol, ErrStale)
	}
	return nil
}

// ValidFor returns how much longer a delivery signed at t passes Check: 0
// when nothing bounds it (t is zero or the check is off).
func (c Clock) ValidFor(t time.Time) time.Duration {
	if t.IsZero() || c.Tolerance < 0 {
		return 0
	}
	return t.Add(c.tolerance()).Sub(c.now())
}

func (c Clock) tolerance() time.Duration {
	if c.Tolerance == 0 {
		return DefaultTolerance
	}
	return c.Tolerance
}

func (c Clock) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// distance renders later-earlier for an error message, saying so when it is
// beyond what a Duration holds.
func distance(later, earlier time.Time) string {
	if d := later.Sub(earlier); d < math.MaxInt64 {
		return d.Round(time.Second).String()
	}
	return "more than 290 years"
}

// ParseEpoch reads a Unix timestamp in seconds (10 digits or fewer) or
// milliseconds (13 digits), as a JSON number or string.
func ParseEpoch(s string) (time.Time, error) {
	s = strings.Trim(strings.TrimSpace(s), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("webhook: timestamp %q is not a Unix time: %w", shorten(s), ErrMalformed)
	}
	if len(s) > 11 {
		return time.UnixMilli(n).UTC(), nil
	}
	return time.Unix(n, 0).UTC(), nil
}

// Equal compares two secrets or signatures in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func shorten(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
