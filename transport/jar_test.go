package transport_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/transport"
)

// TestJarCookiesOncePerAttempt: with a cookie jar on the client, every
// attempt carries the jar's cookies once, retries included, and the
// caller's request is left as it was. (http.Client adds the cookies to
// the request it is given; the attempts used to share one header map, so
// each retry sent them once more and the caller's request kept them.)
func TestJarCookiesOncePerAttempt(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := newServer(t, func(i int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Cookie")+"|"+r.Header.Get("X-Caller"))
		mu.Unlock()
		statuses(503, 503, 200)(i, w, r)
	})
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	jar.SetCookies(u, []*http.Cookie{{Name: "s", Value: "1"}})
	hc := newClient(t)
	hc.Jar = jar

	for _, body := range []string{"", `{"n":1}`} {
		mu.Lock()
		seen = nil
		mu.Unlock()
		srv.n.Store(0)
		method := http.MethodGet
		if body != "" {
			method = http.MethodPut // idempotent: retried
		}
		req, err := http.NewRequestWithContext(context.Background(), method, srv.URL, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("X-Caller", "kept")
		resp, err := transport.Do(hc, "fake", req, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		mu.Lock()
		assert.Equal(t, []string{"s=1|kept", "s=1|kept", "s=1|kept"}, seen, "body %q: the cookie once per attempt", body)
		mu.Unlock()
		assert.Empty(t, req.Header.Get("Cookie"), "the caller's request is left as it was")
		assert.Equal(t, "kept", req.Header.Get("X-Caller"))
	}
}
