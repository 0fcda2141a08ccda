package transport_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/transport"
)

// countingBase counts the requests that reach it and delegates to its own
// clone of the default transport.
type countingBase struct {
	n     atomic.Int64
	inner *http.Transport
}

func newCountingBase(t *testing.T) *countingBase {
	b := &countingBase{inner: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(b.inner.CloseIdleConnections)
	return b
}

func (b *countingBase) RoundTrip(r *http.Request) (*http.Response, error) {
	b.n.Add(1)
	return b.inner.RoundTrip(r)
}

func TestWithHTTPClientCopiesTheClient(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	base := newCountingBase(t)
	jar, _ := cookiejar.New(nil)
	redirect := func(*http.Request, []*http.Request) error { return nil }
	user := &http.Client{Transport: base, Timeout: time.Minute, Jar: jar, CheckRedirect: redirect}
	before := *user

	hc := newClient(t, transport.WithHTTPClient(user))
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.EqualValues(t, 2, base.n.Load(), "every attempt went through the user's transport")

	assert.NotSame(t, user, hc)
	assert.Same(t, before.Transport, user.Transport, "the user's client is not modified")
	assert.Equal(t, before.Timeout, user.Timeout)
	assert.Same(t, before.Jar, user.Jar)
	assert.Equal(t, time.Minute, hc.Timeout)
	assert.Same(t, jar, hc.Jar)
	assert.NotNil(t, hc.CheckRedirect)
}

// Options are recorded, then assembled: WithBase and WithTimeout win over
// what WithHTTPClient brings, whichever comes first.
func TestOptionOrderDoesNotMatter(t *testing.T) {
	srv := newServer(t, statuses(200))
	for name, order := range map[string]func(user *http.Client, base http.RoundTripper) []transport.Option{
		"client first": func(user *http.Client, base http.RoundTripper) []transport.Option {
			return []transport.Option{transport.WithHTTPClient(user), transport.WithBase(base), transport.WithTimeout(time.Second)}
		},
		"client last": func(user *http.Client, base http.RoundTripper) []transport.Option {
			return []transport.Option{transport.WithBase(base), transport.WithTimeout(time.Second), transport.WithHTTPClient(user)}
		},
	} {
		t.Run(name, func(t *testing.T) {
			userBase, base := newCountingBase(t), newCountingBase(t)
			hc := newClient(t, order(&http.Client{Transport: userBase, Timeout: time.Hour}, base)...)
			_, err := get(t, hc, context.Background(), srv.URL)
			require.NoError(t, err)
			assert.EqualValues(t, 1, base.n.Load())
			assert.EqualValues(t, 0, userBase.n.Load())
			assert.Equal(t, time.Second, hc.Timeout)
		})
	}
}

func TestWithHTTPClientWithoutTransportUsesDefaultBase(t *testing.T) {
	srv := newServer(t, statuses(200))
	hc := newClient(t, transport.WithHTTPClient(&http.Client{}), transport.WithHTTPClient(nil))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
}

// The base is used as given: the transport neither replaces nor changes it.
func TestBaseIsNotMutated(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	base := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(base.CloseIdleConnections)
	snapshot := base.Clone()
	hc := newClient(t, transport.WithBase(base))
	_, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, snapshot.MaxIdleConnsPerHost, base.MaxIdleConnsPerHost)
	assert.Equal(t, snapshot.ResponseHeaderTimeout, base.ResponseHeaderTimeout)
	assert.Equal(t, snapshot.IdleConnTimeout, base.IdleConnTimeout)
}

func TestCloseIdleConnectionsReachesTheBase(t *testing.T) {
	var closed atomic.Int64
	base := closer{RoundTripper: http.DefaultTransport, closed: &closed}
	hc := transport.New(transport.WithBase(base))
	hc.CloseIdleConnections()
	assert.EqualValues(t, 1, closed.Load())
}

type closer struct {
	http.RoundTripper
	closed *atomic.Int64
}

func (c closer) CloseIdleConnections() { c.closed.Add(1) }

// The request the caller passes is not modified by the retry loop.
func TestCallerRequestIsNotModified(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	hc := newClient(t)
	req, err := http.NewRequest(http.MethodPut, srv.URL, http.NoBody)
	require.NoError(t, err)
	body, ctx := req.Body, req.Context()
	_, err = transport.Do(hc, "fake", req, nil)
	require.NoError(t, err)
	assert.Equal(t, body, req.Body)
	assert.Equal(t, ctx, req.Context())
}

func TestDefaultBaseHasTimeouts(t *testing.T) {
	b, ok := transport.DefaultBase().(*http.Transport)
	require.True(t, ok)
	assert.NotZero(t, b.ResponseHeaderTimeout)
	assert.NotZero(t, b.TLSHandshakeTimeout)
	assert.NotSame(t, http.DefaultTransport, b)
}

// An application that wrapped http.DefaultTransport (as OpenTelemetry's
// instrumentation does) must still get a working transport, not a panic.
func TestDefaultBaseWhenDefaultTransportIsWrapped(t *testing.T) {
	orig := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = orig })
	var wrapped atomic.Int64
	http.DefaultTransport = rtFunc(func(r *http.Request) (*http.Response, error) {
		wrapped.Add(1)
		return orig.RoundTrip(r)
	})

	var base http.RoundTripper
	require.NotPanics(t, func() { base = transport.DefaultBase() })
	b, ok := base.(*http.Transport)
	require.True(t, ok)
	assert.NotNil(t, b.Proxy, "proxy from the environment, as net/http's default")
	assert.NotNil(t, b.DialContext)
	assert.True(t, b.ForceAttemptHTTP2)
	assert.Equal(t, 100, b.MaxIdleConns)
	assert.Equal(t, 30*time.Second, b.ResponseHeaderTimeout)
	assert.Equal(t, 10*time.Second, b.TLSHandshakeTimeout)
	assert.Equal(t, time.Second, b.ExpectContinueTimeout)
	assert.Equal(t, 90*time.Second, b.IdleConnTimeout)
	assert.Equal(t, 16, b.MaxIdleConnsPerHost)
	t.Cleanup(b.CloseIdleConnections)

	// A client built without a base works, and nil in the variable too.
	srv := newServer(t, statuses(200))
	var hc *http.Client
	require.NotPanics(t, func() { hc = transport.New() })
	t.Cleanup(hc.CloseIdleConnections)
	_, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Zero(t, wrapped.Load(), "the wrapper is not used behind the user's back")

	http.DefaultTransport = nil
	require.NotPanics(t, func() { _ = transport.DefaultBase() })
	http.DefaultTransport = (*http.Transport)(nil)
	require.NotPanics(t, func() { _ = transport.DefaultBase() })
	http.DefaultTransport = orig // before httptest's Close uses it
}

// Redirects are followed by the outer client; attempts count over them.
func TestRedirectsAreFollowed(t *testing.T) {
	srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		w.WriteHeader(200)
	})
	hc := newClient(t)
	resp, err := get(t, hc, context.Background(), srv.URL+"/old")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 2, resp.Attempts)
}

// A redirect to another host, or from https to http, drops the headers that
// carry credentials (net/http drops only Authorization and Cookie); one
// within the host keeps them, and the user's redirect policy still runs.
func TestRedirectsKeepCredentialHeadersAtHome(t *testing.T) {
	type seen struct{ key, token, accept string }
	record := func(into chan<- seen) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, r *http.Request) {
			into <- seen{r.Header.Get("Api-Key"), r.Header.Get("X-Auth-Token"), r.Header.Get("Accept")}
			w.WriteHeader(http.StatusOK)
		}
	}
	send := func(t *testing.T, hc *http.Client, url string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, url, nil)
		require.NoError(t, err)
		req.Header.Set("API-Key", "key-value-123")
		req.Header.Set("X-Auth-Token", "token-value-456")
		req.Header.Set("Accept", "application/json")
		_, err = transport.Do(hc, "fake", req, nil)
		require.NoError(t, err)
	}
	redirectTo := func(target string) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) }
	}

	t.Run("another host", func(t *testing.T) {
		got := make(chan seen, 1)
		// The base answers for elsewhere.example itself: no name to resolve.
		inner := newCountingBase(t)
		base := rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Hostname() != "elsewhere.example" {
				return inner.RoundTrip(r)
			}
			got <- seen{r.Header.Get("Api-Key"), r.Header.Get("X-Auth-Token"), r.Header.Get("Accept")}
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})
		from := newServer(t, redirectTo("http://elsewhere.example/landing"))
		var policyRan atomic.Bool
		hc := newClient(t, transport.WithBase(base), transport.WithHTTPClient(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			policyRan.Store(true)
			return nil
		}}))
		send(t, hc, from.URL)
		assert.Equal(t, seen{"", "", "application/json"}, <-got, "credential headers dropped, others kept")
		assert.True(t, policyRan.Load(), "the user's redirect policy still runs")
	})
	t.Run("same host", func(t *testing.T) {
		got := make(chan seen, 1)
		srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/old" {
				http.Redirect(w, r, "/new", http.StatusFound)
				return
			}
			record(got)(i, w, r)
		})
		send(t, newClient(t), srv.URL+"/old")
		assert.Equal(t, seen{"key-value-123", "token-value-456", "application/json"}, <-got)
	})
	t.Run("https to http", func(t *testing.T) {
		got := make(chan seen, 1)
		plain := newServer(t, record(got))
		secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			redirectTo(plain.URL+"/landing")(0, w, r)
		}))
		t.Cleanup(secure.Close)
		send(t, newClient(t, transport.WithHTTPClient(secure.Client())), secure.URL)
		assert.Equal(t, seen{"", "", "application/json"}, <-got)
	})
}

// A credential value sent under a header whose name says nothing
// (Australia Post's Account-Number, TrackShip's App-Name), raw or in a
// derived form, is dropped on a redirect off the host when the request's
// context marks the credential's values; other headers are kept, and a
// redirect within the host keeps everything.
func TestRedirectsDropHeadersCarryingMarkedSecrets(t *testing.T) {
	const account, app, key, secret = "0001234567", "ab", "K3Y-1234", "s3cr3t-5678"
	type seen map[string]string
	names := []string{"Account-Number", "App-Name", "X-Basic", "X-Quoted", "Accept"}
	record := func(r *http.Request) seen {
		got := seen{}
		for _, n := range names {
			got[n] = r.Header.Get(n)
		}
		return got
	}
	send := func(t *testing.T, hc *http.Client, target string) {
		t.Helper()
		ctx := transport.WithSecrets(transport.WithSecrets(context.Background(), account, app), key, secret)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		require.NoError(t, err)
		req.Header.Set("Account-Number", " "+account)
		req.Header.Set("App-Name", app)
		req.Header.Set("X-Basic", "Basic "+base64.StdEncoding.EncodeToString([]byte(key+":"+secret)))
		req.Header.Set("X-Quoted", "id="+url.QueryEscape(secret))
		req.Header.Set("Accept", "application/json")
		_, err = transport.Do(hc, "fake", req, nil)
		require.NoError(t, err)
	}

	t.Run("another host", func(t *testing.T) {
		got := make(chan seen, 1)
		inner := newCountingBase(t)
		base := rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Hostname() != "elsewhere.example" {
				return inner.RoundTrip(r)
			}
			got <- record(r)
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})
		from := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://elsewhere.example/landing", http.StatusFound)
		})
		send(t, newClient(t, transport.WithBase(base)), from.URL)
		assert.Equal(t, seen{"Account-Number": "", "App-Name": "", "X-Basic": "", "X-Quoted": "", "Accept": "application/json"}, <-got)
	})
	t.Run("same host", func(t *testing.T) {
		got := make(chan seen, 1)
		srv := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/new" {
				http.Redirect(w, r, "/new", http.StatusFound)
				return
			}
			got <- record(r)
		})
		send(t, newClient(t), srv.URL)
		assert.Equal(t, account, (<-got)["Account-Number"])
	})
}
