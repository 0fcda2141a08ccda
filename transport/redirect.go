package transport

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// keepSecretsOnRedirect wraps a redirect policy (nil: net/http's default,
// at most 10 redirects). net/http drops Authorization and Cookie when a
// redirect leaves the original host, but resends every other header, so a
// key sent in a provider's own header (API-Key, Track123-Api-Secret,
// Australia Post's Account-Number...) would follow a redirect to any host,
// or from https to plain http. On such a redirect every header is dropped
// whose name looks like a credential's (the redactor's rule) or whose
// value holds a value marked with WithSecrets, in any form the redactor
// knows; a redirect within the host (or to a subdomain of it, as net/http
// allows) keeps them.
func keepSecretsOnRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && leavesOrigin(via[0].URL, req.URL) {
			r, marked := newRedactor(via[0]), secretsOf(req.Context())
			for name, vs := range req.Header {
				if sensitiveName(name) || slices.ContainsFunc(vs, func(v string) bool { return r.carriesSecret(v, marked) }) {
					delete(req.Header, name)
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// leavesOrigin reports whether a redirect from the first request's URL to
// dest goes to another host or downgrades https to http.
func leavesOrigin(first, dest *url.URL) bool {
	if first.Scheme == "https" && dest.Scheme != "https" {
		return true
	}
	from, to := strings.ToLower(first.Hostname()), strings.ToLower(dest.Hostname())
	return to != from && !strings.HasSuffix(to, "."+from)
}
