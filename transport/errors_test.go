package transport_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

func TestHTMLErrorPageBecomesAPIError(t *testing.T) {
	page := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>" +
		strings.Repeat("<p>padding</p>", 200) + "</body></html>"
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, page)
	})
	hc := newClient(t)
	var decoderSaw int
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	_, err := transport.Do(hc, "fake", req, func(r *transport.Response, e *tracking.APIError) {
		decoderSaw = len(r.Body) // a JSON decoder would fail here and leave e alone
	})
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, fast.MaxRetries+1, apiErr.Attempts)
	assert.Equal(t, len(page), decoderSaw)
	assert.Contains(t, apiErr.Message, "not JSON")
	assert.NotContains(t, err.Error(), "<html")
	assert.Less(t, len(err.Error()), 400)
}

func TestLongBodyIsShortenedInTheError(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(400)
		_, _ = io.WriteString(w, `{"message":"`+strings.Repeat("bad input ", 500)+`"}`)
	})
	hc := newClient(t)
	_, err := get(t, hc, context.Background(), srv.URL)
	require.ErrorIs(t, err, tracking.ErrInvalidRequest)
	assert.Less(t, len(err.Error()), 400)
}

func TestTruncatedBodyBecomesTypedError(t *testing.T) {
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"data":[`)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	hc := newClient(t)
	resp, err := get(t, hc, context.Background(), srv.URL)
	assert.Nil(t, resp)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, 1, apiErr.Attempts)
}

// With a classifier the transport reads the body itself: a truncated body
// is then a transient failure, retried for an idempotent request.
func TestTruncatedBodyIsRetriedWithAClassifier(t *testing.T) {
	srv := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
		if i == 0 {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"data":[`)
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		_, _ = io.WriteString(w, `{"data":[]}`)
	})
	hc := newClient(t, transport.WithClassifier(classify))
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, `{"data":[]}`, string(resp.Body))
	assert.Equal(t, 2, srv.count())

	// A POST is not retried, and the caller still sees the break.
	srv2 := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"data":[`)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	_, err = post(t, hc, context.Background(), srv2.URL)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Equal(t, 1, srv2.count())
}

func TestOversizedBodyIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 32 MiB")
	}
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	srv := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		for range transport.MaxBody>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	for name, opts := range map[string][]transport.Option{"plain": nil, "classifier": {transport.WithClassifier(classify)}} {
		t.Run(name, func(t *testing.T) {
			hc := newClient(t, opts...)
			_, err := get(t, hc, context.Background(), srv.URL)
			require.ErrorIs(t, err, tracking.ErrInvalidResponse)
		})
	}
}

const (
	querySecret  = "QUERY-SECRET-4f9a"
	headerSecret = "HEADER-SECRET-77c1"
	bearerSecret = "BEARER-SECRET-0d2e"
)

// secretRequest carries a key in the query and in two auth headers.
func secretRequest(t *testing.T, method, base string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, base+"/v1/track?number=1Z999&api_key="+querySecret, nil)
	require.NoError(t, err)
	req.Header.Set("Track123-Api-Secret", headerSecret)
	req.Header.Set("Authorization", "Bearer "+bearerSecret)
	return req
}

func assertNoSecret(t *testing.T, text string) {
	t.Helper()
	for _, s := range []string{querySecret, headerSecret, bearerSecret} {
		assert.NotContains(t, text, s)
	}
}

func TestNoSecretInErrorsOrLogs(t *testing.T) {
	echo := func(status int) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, r *http.Request) {
			// A careless provider quoting the credentials back.
			w.WriteHeader(status)
			_, _ = io.WriteString(w, "invalid key "+r.Header.Get("Track123-Api-Secret")+" for "+r.URL.RawQuery+" "+r.Header.Get("Authorization"))
		}
	}
	cases := map[string]func(t *testing.T) string{
		"401 echoing the key": func(t *testing.T) string { return newServer(t, echo(401)).URL },
		"503 echoing the key": func(t *testing.T) string { return newServer(t, echo(503)).URL },
		"429 past MaxRetryAfter": func(t *testing.T) string {
			return newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "86400")
				echo(429)(0, w, r)
			}).URL
		},
		"dropped connection": func(t *testing.T) string {
			return newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { hijackClose(t, w) }).URL
		},
		"connection refused": func(t *testing.T) string { return "http://" + closedAddr(t) },
	}
	for name, url := range cases {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			hc := newClient(t, transport.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			req := secretRequest(t, http.MethodGet, url(t))
			_, err := transport.Do(hc, "fake", req, func(r *transport.Response, e *tracking.APIError) {
				e.Message = string(r.Body) // a decoder that keeps the body's text
				e.Code = "E" + strconv.Itoa(r.StatusCode)
			})
			require.Error(t, err)
			assertNoSecret(t, err.Error())
			assertNoSecret(t, logs.String())
			assert.Contains(t, logs.String(), `"level":"DEBUG"`, "the logger was used")
			assert.Contains(t, logs.String(), "/v1/track", "the path is logged, the query is not")
			assert.NotContains(t, logs.String(), "number=1Z999")
		})
	}
}

// Nothing is written anywhere without WithLogger: not to stderr, stdout,
// the log package or slog's default.
func TestSilentByDefault(t *testing.T) {
	var global bytes.Buffer
	oldLog, oldFlags := log.Writer(), log.Flags()
	log.SetOutput(&global)
	oldSlog := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&global, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() {
		log.SetOutput(oldLog)
		log.SetFlags(oldFlags)
		slog.SetDefault(oldSlog)
	})
	stdout, stderr := captureStd(t)

	srv := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
		switch i % 3 {
		case 0:
			w.WriteHeader(503)
		case 1:
			hijackClose(t, w)
		default:
			w.WriteHeader(429)
		}
	})
	hc := newClient(t)
	for range 3 {
		_, _ = get(t, hc, context.Background(), srv.URL)
	}
	_, _ = post(t, hc, context.Background(), srv.URL)
	_, _ = get(t, hc, context.Background(), "http://"+closedAddr(t))

	assert.Empty(t, global.String())
	assert.Empty(t, stdout(), "stdout")
	assert.Empty(t, stderr(), "stderr")
}

// captureStd redirects os.Stdout and os.Stderr to pipes until the returned
// readers are called.
func captureStd(t *testing.T) (stdout, stderr func() string) {
	capture := func(f **os.File) func() string {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		old := *f
		*f = w
		done := make(chan string)
		go func() {
			b, _ := io.ReadAll(r)
			done <- string(b)
		}()
		var out string
		var finished bool
		stop := func() string {
			if !finished {
				finished = true
				*f = old
				_ = w.Close()
				out = <-done
				_ = r.Close()
			}
			return out
		}
		t.Cleanup(func() { stop() })
		return stop
	}
	return capture(&os.Stdout), capture(&os.Stderr)
}

func TestContextErrorsAreReturnedAsThemselves(t *testing.T) {
	srv := newServer(t, statuses(200))
	hc := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := get(t, hc, ctx, srv.URL)
	require.ErrorIs(t, err, context.Canceled)
	var apiErr *tracking.APIError
	assert.False(t, errors.As(err, &apiErr))
	assert.Equal(t, 0, srv.count())
}

// Redact cleans every text field of the errors in the chain, the
// underlying error's text included, and leaves a clean underlying error
// as it is, so that errors.Is still reaches it.
func TestRedact(t *testing.T) {
	const key, secret = "K3Y-1234", "s3cr3t-5678"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"+secret))
	leaky := &tracking.APIError{Carrier: "fake", StatusCode: 200, Code: basic, Message: "bad " + url.QueryEscape(secret),
		RequestID: key, Err: fmt.Errorf("upstream said %s", basic)}
	decodeErr := &tracking.DecodeError{Carrier: "fake", Field: "data." + key, Err: errors.New("near " + secret)}
	err := fmt.Errorf("outer: %w", transport.Redact(&tracking.APIError{Carrier: "fake", Kind: tracking.ErrInvalidResponse, Err: decodeErr}, key, secret))
	require.Same(t, leaky, transport.Redact(leaky, key, secret))
	for _, text := range []string{leaky.Error(), fmt.Sprintf("%+v", leaky), err.Error()} {
		for _, s := range []string{key, secret, basic[len("Basic "):], url.QueryEscape(secret)} {
			assert.NotContains(t, text, s)
		}
		assert.Contains(t, text, "[REDACTED]")
	}
	assert.ErrorIs(t, err, tracking.ErrInvalidResponse)

	clean := &tracking.APIError{Carrier: "fake", Message: "no secret", Err: io.ErrUnexpectedEOF}
	assert.ErrorIs(t, transport.Redact(clean, key, secret), io.ErrUnexpectedEOF, "a clean cause keeps its chain")
	plain := errors.New("not an API error " + key)
	assert.Same(t, plain, transport.Redact(plain, key, secret), "other errors are returned as they are")
	assert.NoError(t, transport.Redact(nil, key))
	assert.Same(t, clean, transport.Redact(clean), "no secrets, nothing to do")
}

// A secret inside the cause of a transport failure is scrubbed: a proxy
// quoting the request's Authorization header in a connection error.
func TestSecretInUnderlyingErrorIsRedacted(t *testing.T) {
	base := rtFunc(func(r *http.Request) (*http.Response, error) {
		return nil, errors.New("proxy refused " + r.Header.Get("Authorization"))
	})
	hc := newClient(t, transport.WithBase(base), transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}))
	req := secretRequest(t, http.MethodGet, "http://provider.example")
	_, err := transport.Do(hc, "fake", req, nil)
	require.ErrorIs(t, err, tracking.ErrUnavailable)
	assertNoSecret(t, err.Error())
	assert.Contains(t, err.Error(), "proxy refused [REDACTED]")

	// And a cause without a secret is kept whole, chain included.
	cause := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	hc = newClient(t, transport.WithRetry(transport.RetryPolicy{MaxRetries: -1}),
		transport.WithBase(rtFunc(func(*http.Request) (*http.Response, error) { return nil, cause })))
	_, err = transport.Do(hc, "fake", secretRequest(t, http.MethodGet, "http://provider.example"), nil)
	var opErr *net.OpError
	require.ErrorAs(t, err, &opErr)
	assert.Same(t, cause, opErr)
}
