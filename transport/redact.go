package transport

import (
	"cmp"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/parcelkit/tracking"
)

// redacted replaces a secret found in an error or a log line.
const redacted = "[redacted]"

// redactor knows the secret values a request carries (auth headers, key
// parameters in the query, URL credentials), so that text a provider
// echoes back (an error body quoting the key) can be cleaned before it
// reaches an error or a log line.
type redactor struct{ secrets []string }

// minSecret is the shortest value treated as a secret: shorter ones would
// blank out ordinary words.
const minSecret = 4

func newRedactor(req *http.Request) redactor {
	var r redactor
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) < minSecret {
			return
		}
		r.secrets = append(r.secrets, v)
		scheme, rest, ok := strings.Cut(v, " ")
		if !ok {
			return
		}
		rest = strings.TrimSpace(rest)
		if len(rest) >= minSecret {
			r.secrets = append(r.secrets, rest) // the token after "Bearer "
		}
		if strings.EqualFold(scheme, "basic") {
			if raw, err := base64.StdEncoding.DecodeString(rest); err == nil {
				user, pass, _ := strings.Cut(string(raw), ":")
				for _, s := range []string{user, pass} {
					if len(s) >= minSecret {
						r.secrets = append(r.secrets, s)
					}
				}
			}
		}
	}
	for name, vs := range req.Header {
		if sensitiveName(name) {
			for _, v := range vs {
				add(v)
			}
		}
	}
	if req.URL != nil {
		for name, vs := range req.URL.Query() {
			if sensitiveName(name) {
				for _, v := range vs {
					add(v)
				}
			}
		}
		if u := req.URL.User; u != nil {
			add(u.Username())
			if p, ok := u.Password(); ok {
				add(p)
			}
		}
	}
	// Longest first, so that a value containing another is replaced whole.
	slices.SortFunc(r.secrets, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	r.secrets = slices.Compact(r.secrets)
	return r
}

// sensitiveName reports whether a header or query parameter name looks
// like it carries a credential.
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie":
		return true
	}
	for _, w := range []string{"key", "secret", "token", "auth", "pass", "sig", "credential", "session"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// scrub replaces every secret in s.
func (r redactor) scrub(s string) string {
	for _, v := range r.secrets {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, redacted)
		}
	}
	return s
}

// redact scrubs err of req's secrets. The redactor is built here, on the
// failure path, rather than for every call.
func redact(req *http.Request, err error) error {
	if err == nil {
		return nil
	}
	return newRedactor(req).apply(err)
}

// apply scrubs the text of an *tracking.APIError in place; other errors
// (a context's end) are returned as they are.
func (r redactor) apply(err error) error {
	if len(r.secrets) == 0 {
		return err
	}
	var e *tracking.APIError
	if !errors.As(err, &e) {
		return err
	}
	e.Message = r.scrub(e.Message)
	e.Code = r.scrub(e.Code)
	e.RequestID = r.scrub(e.RequestID)
	if e.Err != nil {
		if s := e.Err.Error(); r.scrub(s) != s {
			e.Err = errors.New(r.scrub(s))
		}
	}
	return err
}
