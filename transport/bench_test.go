package transport_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/transport"
)

// BenchmarkTransport compares a GET through the whole stack (retry, rate
// limit, base) on loopback with the same GET through a plain http.Client.
func BenchmarkTransport(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"status":"in_transit"}}`)
	}))
	defer srv.Close()

	b.Run("plain", func(b *testing.B) {
		base := http.DefaultTransport.(*http.Transport).Clone()
		defer base.CloseIdleConnections()
		hc := &http.Client{Transport: base}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := hc.Get(srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
	})
	b.Run("stack", func(b *testing.B) {
		hc := transport.New(transport.WithRateLimit(rate.Inf, 1))
		defer hc.CloseIdleConnections()
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
			if _, err := transport.Do(hc, "bench", req, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stack_deadline", func(b *testing.B) {
		// A context deadline within the attempt timeout: no attempt timer.
		hc := transport.New(transport.WithRateLimit(rate.Inf, 1))
		defer hc.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			if _, err := transport.Do(hc, "bench", req, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stack_limited", func(b *testing.B) {
		// A bucket that never runs dry: the cost of taking a token.
		hc := transport.New(transport.WithRateLimit(1e9, 1<<30))
		defer hc.CloseIdleConnections()
		ctx := transport.WithLimitKey(context.Background(), "cred")
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			if _, err := transport.Do(hc, "bench", req, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRetryAfter(b *testing.B) {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	for name, v := range map[string]string{"seconds": "120", "date": "Thu, 05 Mar 2026 12:00:30 GMT", "invalid": "soon"} {
		b.Run(name, func(b *testing.B) {
			h := http.Header{"Retry-After": {v}}
			b.ReportAllocs()
			for b.Loop() {
				_, _ = transport.RetryAfter(h, now)
			}
		})
	}
}
