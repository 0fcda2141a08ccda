package transport

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/parcelkit/tracking"
)

// redacted replaces a secret found in an error or a log line. It is the
// marker credentials.Secret prints too, so a secret looks the same
// wherever it was hidden.
const redacted = "[REDACTED]"

// redactor knows the secret values of a call, and the forms a provider
// may echo them back in, so that text a provider returns (an error body
// quoting the key, an Authorization header, a URL) can be cleaned before
// it reaches an error or a log line. It is the only redactor: the
// transport builds one from a request, Redact from a credential's values.
type redactor struct{ secrets []string }

// minSecret is the shortest value treated as a secret: shorter ones would
// blank out ordinary words.
const minSecret = 4

// newRedactor knows the secrets of req: the values of its auth headers and
// key parameters, its URL's credentials, and the credential values marked
// on its context with WithSecrets, with their derived forms.
func newRedactor(req *http.Request) redactor {
	var r redactor
	for name, vs := range req.Header {
		if sensitiveName(name) {
			for _, v := range vs {
				r.addAuth(v)
			}
		}
	}
	if req.URL != nil {
		for name, vs := range req.URL.Query() {
			if sensitiveName(name) {
				for _, v := range vs {
					r.addAuth(v)
				}
			}
		}
		if u := req.URL.User; u != nil {
			p, _ := u.Password()
			r.addCredential([]string{u.Username(), p})
		}
	}
	r.addCredential(secretsOf(req.Context()))
	r.sort()
	return r
}

// credentialRedactor knows values, a credential's, and their derived forms.
func credentialRedactor(values []string) redactor {
	var r redactor
	r.addCredential(values)
	r.sort()
	return r
}

func (r *redactor) add(v string) {
	if len(v) >= minSecret {
		r.secrets = append(r.secrets, v)
	}
}

// addAuth adds the value of an auth header or key parameter: the whole
// value, the token after a scheme ("Bearer xyz"), and for Basic the user
// and password it encodes.
func (r *redactor) addAuth(v string) {
	v = strings.TrimSpace(v)
	r.addForms(v)
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok {
		return
	}
	rest = strings.TrimSpace(rest)
	r.addForms(rest)
	if strings.EqualFold(scheme, "basic") {
		if raw, err := base64.StdEncoding.DecodeString(rest); err == nil {
			user, pass, _ := strings.Cut(string(raw), ":")
			r.addCredential([]string{user, pass})
		}
	}
}

// addCredential adds a credential's values with every form derived from
// them that a request may carry and a provider may quote: each value as
// it is, trimmed, URL-encoded, JSON-escaped and base64-encoded, and the
// HTTP Basic token (RFC 7617: base64 of "user:password") of every
// ordered pair of values, whichever fields a carrier pairs.
func (r *redactor) addCredential(values []string) {
	var vs []string
	for _, v := range values {
		for _, w := range []string{v, strings.TrimSpace(v)} {
			if w != "" && !slices.Contains(vs, w) {
				vs = append(vs, w)
			}
		}
	}
	for _, v := range vs {
		r.addForms(v)
	}
	for _, a := range vs {
		for _, b := range vs {
			if a != b {
				r.addEncoded(a + ":" + b)
			}
		}
	}
}

// addForms adds v as it is, URL-encoded, JSON-escaped and base64-encoded.
func (r *redactor) addForms(v string) {
	if len(v) < minSecret {
		return
	}
	r.add(v)
	r.add(url.QueryEscape(v))
	r.add(url.PathEscape(v))
	if b, err := json.Marshal(v); err == nil {
		r.add(string(b[1 : len(b)-1]))
	}
	r.addEncoded(v)
}

// addEncoded adds the base64 forms of v. The unpadded forms also match
// inside the padded ones, which then keep only their "=".
func (r *redactor) addEncoded(v string) {
	r.add(base64.RawStdEncoding.EncodeToString([]byte(v)))
	r.add(base64.RawURLEncoding.EncodeToString([]byte(v)))
}

// sort puts the longest secrets first, so that a value containing another
// (a Basic token and the key inside it) is replaced whole.
func (r *redactor) sort() {
	slices.SortFunc(r.secrets, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	r.secrets = slices.Compact(r.secrets)
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

// redactRequest scrubs err of req's secrets. The redactor is built here,
// on the failure path, rather than for every call.
func redactRequest(req *http.Request, err error) error {
	if err == nil {
		return nil
	}
	return newRedactor(req).apply(err)
}

// Redact removes secrets, a credential's values, from the text of the
// *tracking.APIError and *tracking.DecodeError in err's chain, in place,
// and returns err. It knows the forms a request derives from them and a
// provider may quote back: URL-encoded and JSON-escaped values, base64,
// and HTTP Basic tokens built from any two of them (Bearer tokens hold
// the value itself). Values shorter than 4 bytes are left alone: they
// would match ordinary text. Each is replaced with "[REDACTED]".
//
// A carrier calls it on the errors it builds itself from a provider's answer (an
// error envelope sent with HTTP 200), before wrapping them: a wrapper
// made by fmt.Errorf keeps the text it had when made.
func Redact(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return credentialRedactor(secrets).apply(err)
}

// apply scrubs the text of the *tracking.APIError and *tracking.DecodeError
// in err's chain in place; other errors (a context's end) are returned as
// they are.
func (r redactor) apply(err error) error {
	if len(r.secrets) == 0 {
		return err
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch e := e.(type) {
		case *tracking.APIError:
			e.Message = r.scrub(e.Message)
			e.Code = r.scrub(e.Code)
			e.RequestID = r.scrub(e.RequestID)
			e.Err = r.scrubErr(e.Err)
		case *tracking.DecodeError:
			e.Field = r.scrub(e.Field)
			e.Err = r.scrubErr(e.Err)
		}
	}
	return err
}

// scrubErr returns err, or an error with its text scrubbed when that
// text holds a secret. The replacement keeps the text, not the chain: the
// original would still render the secret to whoever unwrapped it.
func (r redactor) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	if s := err.Error(); r.scrub(s) != s {
		return errors.New(r.scrub(s))
	}
	return err
}

// secretsKey marks a context's credential; see WithSecrets.
type secretsKey struct{}

// marks is what WithSecrets and WithCredential put on a context.
type marks struct {
	values []string // the credential's values, secret or not
	code   string   // the credential's code, for log lines
}

// WithSecrets returns a context whose requests carry the values of a
// credential (every field, secret or not: a key, a password, an account
// number, an application name). The transport then knows them however a
// carrier sends them, under whatever header name and in whatever derived
// form (see Redact):
//   - a redirect to another host, or from https to http, drops every
//     header whose value holds one of them, on top of the headers whose
//     name looks like a credential's;
//   - Do's errors and the debug log lines are scrubbed of them.
//
// Marking values, not header names, is what keeps a new carrier safe: its
// provider's header names need not be known to the transport. Calls add
// to the values already marked on ctx.
func WithSecrets(ctx context.Context, values ...string) context.Context {
	if len(values) == 0 {
		return ctx
	}
	return WithCredential(ctx, codeOf(ctx), values...)
}

// WithCredential is WithSecrets that also names the credential by its
// code (never secret), which Do's debug line for the call shows.
func WithCredential(ctx context.Context, code string, values ...string) context.Context {
	m := &marks{values: append(slices.Clip(secretsOf(ctx)), values...), code: code}
	return context.WithValue(ctx, secretsKey{}, m)
}

// secretsOf returns the values marked on ctx with WithSecrets.
func secretsOf(ctx context.Context) []string {
	if m, ok := ctx.Value(secretsKey{}).(*marks); ok {
		return m.values
	}
	return nil
}

// codeOf returns the credential code marked on ctx with WithCredential.
func codeOf(ctx context.Context) string {
	if m, ok := ctx.Value(secretsKey{}).(*marks); ok {
		return m.code
	}
	return ""
}

// carriesSecret reports whether a header value holds a secret r knows,
// or equals a marked value too short for the redactor (a header holding
// only "ab" came from the credential as surely as a long one).
func (r redactor) carriesSecret(v string, marked []string) bool {
	if r.scrub(v) != v {
		return true
	}
	v = strings.TrimSpace(v)
	for _, m := range marked {
		if m = strings.TrimSpace(m); m != "" && m == v {
			return true
		}
	}
	return false
}

// stripURL drops the *url.Error layers net/http wraps around failures:
// their text holds the whole URL, query (and any key in it) included.
func stripURL(err error) error {
	for {
		ue, ok := err.(*url.Error)
		if !ok || ue.Err == nil {
			return err
		}
		err = ue.Err
	}
}

// redactURL drops the query and credentials from a URL for logs and errors.
func redactURL(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	u := *req.URL
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}
