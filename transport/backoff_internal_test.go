package transport

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestBackoffBounds(t *testing.T) {
	p := RetryPolicy{MinWait: 100 * time.Millisecond, MaxWait: 2 * time.Second}
	for attempt := 1; attempt <= 12; attempt++ {
		// The step doubles from MinWait and stops at MaxWait.
		step := p.MinWait << (attempt - 1)
		if attempt > 6 || step > p.MaxWait {
			step = p.MaxWait
		}
		lo, hi := step/2, step
		seen := map[time.Duration]bool{}
		for range 500 {
			d := backoff(p, attempt)
			if d < lo || d > hi {
				t.Fatalf("attempt %d: backoff %s outside [%s, %s]", attempt, d, lo, hi)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits in 500 draws: no jitter", attempt, len(seen))
		}
	}
}

func TestBackoffEdges(t *testing.T) {
	tests := []struct {
		name    string
		p       RetryPolicy
		attempt int
		lo, hi  time.Duration
	}{
		{"zero policy", RetryPolicy{}, 1, 0, 0},
		{"one nanosecond", RetryPolicy{MinWait: 1, MaxWait: 1}, 5, 0, 1},
		{"odd step reaches its top", RetryPolicy{MinWait: 3, MaxWait: 3}, 1, 1, 3},
		{"huge MaxWait does not overflow", RetryPolicy{MinWait: time.Second, MaxWait: 1<<63 - 1}, 80, (1<<63 - 1) / 2, 1<<63 - 1},
		{"attempt 0", RetryPolicy{MinWait: time.Second, MaxWait: time.Minute}, 0, time.Second / 2, time.Second},
	}
	for _, tc := range tests {
		for range 100 {
			if d := backoff(tc.p, tc.attempt); d < tc.lo || d > tc.hi {
				t.Fatalf("%s: %s outside [%s, %s]", tc.name, d, tc.lo, tc.hi)
			}
		}
	}
	// The odd step's top is reachable: the jitter covers [d/2, d].
	top := false
	for range 1000 {
		top = top || backoff(RetryPolicy{MinWait: 3, MaxWait: 3}, 1) == 3
	}
	if !top {
		t.Error("backoff never reached the top of its range")
	}
}

// The first wait is drawn from [MinWait/2, MinWait], not a doubled step.
func TestBackoffFirstStep(t *testing.T) {
	p := RetryPolicy{MinWait: 100 * time.Millisecond, MaxWait: 10 * time.Second}
	for range 200 {
		if w := backoff(p, 1); w < 50*time.Millisecond || w > 100*time.Millisecond {
			t.Fatalf("attempt 1 waited %s, want within [50ms, 100ms]", w)
		}
	}
}

func TestDefaultRetryPolicyValues(t *testing.T) {
	want := RetryPolicy{MaxRetries: 4, MinWait: 250 * time.Millisecond, MaxWait: 10 * time.Second, MaxRetryAfter: 2 * time.Minute}
	if got := DefaultRetryPolicy(); got != want {
		t.Errorf("DefaultRetryPolicy() = %+v, want the documented %+v", got, want)
	}
}

// A value of exactly minSecret bytes is a secret; a shorter one is not.
func TestRedactorShortestSecret(t *testing.T) {
	r := credentialRedactor([]string{"abcd", "xyz"})
	if got := r.scrub("k=abcd n=xyz"); got != "k="+redacted+" n=xyz" {
		t.Errorf("got %q", got)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://x/?api_key=wxyz", nil)
	if got := newRedactor(req).scrub("wxyz"); got != redacted {
		t.Errorf("a 4-byte key parameter: got %q", got)
	}
}

func TestPolicyDefaults(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	if p != DefaultRetryPolicy() {
		t.Errorf("zero policy = %+v, want the defaults %+v", p, DefaultRetryPolicy())
	}
	p = RetryPolicy{MaxRetries: -1, MinWait: time.Second, MaxWait: time.Millisecond}.withDefaults()
	if p.MaxRetries != 0 || p.MaxWait != time.Second {
		t.Errorf("got %+v: negative retries mean none, MaxWait is raised to MinWait", p)
	}
}

func TestRetryBudgetTakeAndRefund(t *testing.T) {
	b := NewRetryBudget(12)
	for i, want := range []bool{true, true, false} {
		if got := b.take(5); got != want {
			t.Fatalf("take %d = %v: it must spend while tokens last and refuse without spending", i+1, got)
		}
	}
	if got := b.Available(); got != 2 {
		t.Fatalf("Available = %d, want 2", got)
	}
	b.refund(100)
	if got := b.Available(); got != 12 {
		t.Fatalf("refund must stop at capacity: %d", got)
	}
	var nilBudget *RetryBudget
	if !nilBudget.take(1000) {
		t.Error("a nil budget never refuses")
	}
	nilBudget.refund(1)
}

func TestIsIdempotent(t *testing.T) {
	for method, want := range map[string]bool{
		http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true, http.MethodPut: true,
		http.MethodDelete: true, http.MethodPost: false, http.MethodPatch: false,
	} {
		req, _ := http.NewRequest(method, "http://x", nil)
		if got := isIdempotent(req); got != want {
			t.Errorf("%s: %v, want %v", method, got, want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, "http://x", nil)
	req = req.WithContext(Idempotent(req.Context()))
	if !isIdempotent(req) {
		t.Error("Idempotent(ctx) must mark a POST")
	}
}

func TestRedactor(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://user:hunter22@api.example.com/v1/x?number=1Z999&api_key=abcd1234&q=ok", nil)
	req.Header.Set("Authorization", "Basic "+"YWNjdDAwMTpwYXNzd29yZDk=") // acct001:password9
	req.Header.Set("X-Api-Key", "k3y-value")
	req.Header.Set("Content-Type", "application/json")
	r := newRedactor(req)
	in := "got abcd1234 k3y-value acct001 password9 hunter22 1Z999 application/json YWNjdDAwMTpwYXNzd29yZDk="
	got := r.scrub(in)
	for _, s := range []string{"abcd1234", "k3y-value", "acct001", "password9", "hunter22", "YWNjdDAwMTpwYXNzd29yZDk="} {
		if strings.Contains(got, s) {
			t.Errorf("%q still holds %q", got, s)
		}
	}
	for _, s := range []string{"1Z999", "application/json"} {
		if !strings.Contains(got, s) {
			t.Errorf("%q lost the harmless %q", got, s)
		}
	}
}

// A credential's values are known in every form a request derives from
// them: a Basic token of any two fields, URL-encoded, JSON-escaped and
// base64 values; ordinary words and short values are left alone.
func TestRedactorDerivedForms(t *testing.T) {
	key, secret, account := "key/with+plus", `sec"ret&<9>`, " 1234567 "
	r := credentialRedactor([]string{key, secret, account, "ab"})
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	reversed := base64.StdEncoding.EncodeToString([]byte(secret + ":" + key))
	jsonSecret, _ := json.Marshal(secret)
	forms := []string{
		key, secret, "1234567", "Basic " + basic, "Bearer " + key, reversed,
		url.QueryEscape(key), url.PathEscape(secret), string(jsonSecret),
		base64.StdEncoding.EncodeToString([]byte(key)), base64.RawURLEncoding.EncodeToString([]byte(key + ":" + secret)),
	}
	for _, f := range forms {
		got := r.scrub("before " + f + " after (ab)")
		for _, s := range []string{key, secret, "1234567", basic, reversed, url.QueryEscape(key), string(jsonSecret[1 : len(jsonSecret)-1])} {
			if strings.Contains(got, s) {
				t.Errorf("%q: %q still holds %q", f, got, s)
			}
		}
		if !strings.HasPrefix(got, "before") || !strings.HasSuffix(got, "after (ab)") || !strings.Contains(got, redacted) {
			t.Errorf("%q: %q lost the text around the secret", f, got)
		}
	}
}

// With a MaxWait near the largest Duration, the overflow guard does not
// jump to MaxWait early: the second attempt still waits about twice
// MinWait.
func TestBackoffWithAHugeMaxWait(t *testing.T) {
	p := RetryPolicy{MinWait: time.Millisecond, MaxWait: math.MaxInt64}
	for range 20 {
		if w := backoff(p, 2); w < time.Millisecond || w > 2*time.Millisecond {
			t.Fatalf("backoff(attempt 2) = %v, want within [1ms, 2ms]", w)
		}
	}
}
