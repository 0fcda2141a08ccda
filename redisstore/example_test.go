package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/redisstore"
	"github.com/parcelkit/tracking/transport"
	"github.com/parcelkit/tracking/webhook"
)

// Every replica builds its carrier with the same shared limiter: one
// provider account, one limit. (It needs a Redis, so it is not run.)
func ExampleNewLimiter() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379",
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, DialerRetries: 1})
	defer rdb.Close()
	limiter, err := redisstore.NewLimiter(rdb, transport.PerMinute(200), 1,
		redisstore.WithNamespace("prod"), redisstore.WithWindow(time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := tracking.NewClient(tracking.WithCarrier(shipengine.New(shipengine.WithLimiter(limiter))))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = client
}

// Every replica's webhook handler uses the same replay store: a delivery
// is processed once, whichever replica receives it. (Not run: it needs a
// Redis.)
func ExampleNewReplayStore() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	replay, err := redisstore.NewReplayStore(rdb, redisstore.WithNamespace("prod"))
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := webhook.NewHandler(track123.WebhookScheme(),
		func(context.Context, webhook.Event) error { return nil },
		webhook.WithSecret(credentials.Secret("the API secret")), webhook.WithReplayStore(replay))
	if err != nil {
		fmt.Println(err)
		return
	}
	http.Handle("POST /webhooks/track123", h)
}

// When Redis cannot be reached, a call fails at once with a typed error
// and no request is sent; with a local fallback it is paced locally.
func ExampleWithLocalFallback() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialerRetries: 1, MaxRetries: -1}) // nothing listens
	defer rdb.Close()
	const key = "shipengine/live/acme/main"

	strict, _ := redisstore.NewLimiter(rdb, 20, 1)
	err := strict.Wait(context.Background(), key)
	fmt.Println(errors.Is(err, redisstore.ErrUnavailable), errors.Is(err, tracking.ErrUnavailable))

	lenient, _ := redisstore.NewLimiter(rdb, 20, 1, redisstore.WithLocalFallback(0.25)) // four replicas
	fmt.Println(lenient.Wait(context.Background(), key))
	// Output:
	// true true
	// <nil>
}
