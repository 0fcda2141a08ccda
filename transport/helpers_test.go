package transport_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parcelkit/tracking/transport"
)

// fast is a retry policy that keeps tests quick.
var fast = transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}

// newClient builds a transport client whose idle connections are closed
// when the test ends.
func newClient(t testing.TB, opts ...transport.Option) *http.Client {
	t.Helper()
	hc := transport.New(append([]transport.Option{transport.WithCarrier("fake"), transport.WithRetry(fast)}, opts...)...)
	t.Cleanup(hc.CloseIdleConnections)
	return hc
}

// server is an httptest server answering from a script: the i-th request
// (from 0) gets script(i). It counts requests.
type server struct {
	*httptest.Server
	n atomic.Int64
}

func newServer(t testing.TB, script func(i int, w http.ResponseWriter, r *http.Request)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(s.n.Add(1)) - 1
		script(i, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count() int { return int(s.n.Load()) }

// statuses answers the i-th request with codes[i] (the last code repeats)
// and a small JSON body.
func statuses(codes ...int) func(int, http.ResponseWriter, *http.Request) {
	return func(i int, w http.ResponseWriter, _ *http.Request) {
		code := codes[min(i, len(codes)-1)]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(`{"ok":` + map[bool]string{true: "true", false: "false"}[code < 400] + `}`))
	}
}

// get sends a GET through transport.Do.
func get(t testing.TB, hc *http.Client, ctx context.Context, url string) (*transport.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return transport.Do(hc, "fake", req, nil)
}

// post sends a POST with a small JSON body through transport.Do.
func post(t testing.TB, hc *http.Client, ctx context.Context, url string) (*transport.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"tracking_number":"1Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return transport.Do(hc, "fake", req, nil)
}

// countingLimiter is a Limiter that records every call per key.
type countingLimiter struct {
	mu    sync.Mutex
	calls map[string]int
}

func (l *countingLimiter) Wait(ctx context.Context, key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls == nil {
		l.calls = map[string]int{}
	}
	l.calls[key]++
	return ctx.Err()
}

func (l *countingLimiter) count(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.calls[key]
}

func (l *countingLimiter) total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.calls {
		n += c
	}
	return n
}

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func readAll(r *http.Request) ([]byte, error) { return io.ReadAll(r.Body) }
