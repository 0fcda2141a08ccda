package transport_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// A provider that is briefly overloaded: the first request is refused with
// 429, the retry succeeds. An unknown number then gives a typed error.
func ExampleNew() {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if r.URL.Query().Get("number") != "1Z999" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":"not_found","message":"unknown tracking number"}}`)
			return
		}
		fmt.Fprint(w, `{"status":"in_transit"}`)
	}))
	defer srv.Close()

	hc := transport.New(
		transport.WithCarrier("example"),
		transport.WithRateLimit(transport.PerMinute(600), 5),
		transport.WithRetry(transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}),
	)
	defer hc.CloseIdleConnections()

	ctx := transport.WithLimitKey(context.Background(), "main-credential")
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/track?number=1Z999", nil)
	resp, err := transport.Do(hc, "example", req, nil)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(resp.StatusCode, string(resp.Body), "after", resp.Attempts, "attempts")

	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/track?number=nope", nil)
	_, err = transport.Do(hc, "example", req, nil)
	fmt.Println(errors.Is(err, tracking.ErrNotFound))
	fmt.Println(err)
	// Output:
	// 200 {"status":"in_transit"} after 2 attempts
	// true
	// example: not found (HTTP 404): {"error":{"code":"not_found","message":"unknown tracking number"}}; check the tracking number and courier code
}

// An ErrorDecoder reads the provider's error envelope into the APIError.
func ExampleDo() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":"bad_key","message":"the API key is not valid"}`)
	}))
	defer srv.Close()
	hc := transport.New(transport.WithCarrier("example"))
	defer hc.CloseIdleConnections()

	decode := func(r *transport.Response, e *tracking.APIError) {
		var env struct{ Code, Message string }
		if json.Unmarshal(r.Body, &env) == nil {
			e.Code, e.Message = env.Code, env.Message
		}
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/track", nil)
	req.Header.Set("API-Key", "not-a-real-key")
	_, err := transport.Do(hc, "example", req, decode)
	fmt.Println(errors.Is(err, tracking.ErrUnauthorized))
	fmt.Println(err)
	// Output:
	// true
	// example: unauthorized (HTTP 401, code bad_key): the API key is not valid; request id req-42; check the credential's fields and that it is enabled at the provider
}
