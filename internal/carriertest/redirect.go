package carriertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parcelkit/tracking/credentials"
)

// foreignHost is where RedirectOffHost's provider sends every request;
// the base RoundTripper answers for it, so nothing resolves the name.
const foreignHost = "elsewhere.example"

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// RedirectOffHost checks that no value of cred follows a redirect to
// another host, whatever the header carrying it is called. call builds
// the carrier against baseURL with hc as its HTTP client and makes one
// authenticated call with cred (its error is ignored); the provider at
// baseURL redirects every request to another host.
func RedirectOffHost(t *testing.T, cred credentials.Credential, call func(baseURL string, hc *http.Client)) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+foreignHost+"/landing", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	local := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(local.CloseIdleConnections)
	var foreign http.Header
	base := roundTrip(func(r *http.Request) (*http.Response, error) {
		if r.URL.Hostname() != foreignHost {
			return local.RoundTrip(r)
		}
		foreign = r.Header.Clone()
		return &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	call(srv.URL, &http.Client{Transport: base})

	if foreign == nil {
		t.Fatal("the redirect was not followed: the check proves nothing")
	}
	for name, vs := range foreign {
		for _, v := range vs {
			for field, s := range cred.Fields {
				if w := strings.TrimSpace(s.Reveal()); w != "" && strings.Contains(v, w) {
					t.Errorf("header %s carries the credential's %s to another host", name, field)
				}
			}
		}
	}
	if foreign.Get("Accept") == "" {
		t.Error("the other headers must follow the redirect")
	}
}
