package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/redisstore"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func TestReplayStoreConformance(t *testing.T) {
	addr := redisAddr(t)
	webhooktest.TestReplayStore(t, func() webhook.ReplayStore {
		s, err := redisstore.NewReplayStore(newClient(t, addr), redisstore.WithNamespace(namespace(t)))
		require.NoError(t, err)
		return s
	})
}

func TestNewReplayStoreRefusesBadSettings(t *testing.T) {
	_, err := redisstore.NewReplayStore(nil)
	assert.Error(t, err)
	_, err = redisstore.NewReplayStore(newClient(t, closedAddr(t)), redisstore.WithNamespace("a\nb"))
	assert.Error(t, err)
}

// Keys hold the Handler's key only as a hash, and expire by themselves.
func TestReplayStoreKeys(t *testing.T) {
	addr := redisAddr(t)
	rdb := newClient(t, addr)
	ns := namespace(t)
	s, err := redisstore.NewReplayStore(rdb, redisstore.WithNamespace(ns))
	require.NoError(t, err)
	ctx := context.Background()
	const key = "track123|acme|track123:5f2b9c" // a timestamp-only scheme's signature
	st, err := s.Reserve(ctx, key, "tok", time.Minute)
	require.NoError(t, err)
	require.Equal(t, webhook.ReplayReserved, st)
	keys, err := rdb.Keys(ctx, "*"+ns+"*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.True(t, strings.HasPrefix(keys[0], "tracking:replay:"+ns+":"), keys[0])
	assert.NotContains(t, keys[0], "5f2b9c")
	assert.NotContains(t, keys[0], "acme")
	ttl, err := rdb.PTTL(ctx, keys[0]).Result()
	require.NoError(t, err)
	assert.True(t, ttl > 0 && ttl <= time.Minute, "the lease expires on the server: %v", ttl)

	require.NoError(t, s.Commit(ctx, key, time.Now().Add(time.Hour)))
	ttl, err = rdb.PTTL(ctx, keys[0]).Result()
	require.NoError(t, err)
	assert.True(t, ttl > 59*time.Minute && ttl <= time.Hour, "a commit expires at its expiry: %v", ttl)
}

// With Redis down every method fails with the typed error, and the
// Handler answers 503 without calling the application.
func TestReplayStoreRedisDown(t *testing.T) {
	s, err := redisstore.NewReplayStore(newClient(t, closedAddr(t)))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = s.Reserve(ctx, "k", "tok", time.Minute)
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	for _, err := range []error{s.Commit(ctx, "k", time.Now().Add(time.Hour)), s.Commit(ctx, "k", time.Now().Add(-time.Hour)), s.Release(ctx, "k", "tok")} {
		assert.ErrorIs(t, err, redisstore.ErrUnavailable)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.Reserve(cancelled, "k", "tok", time.Minute)
	assert.ErrorIs(t, err, context.Canceled)

	var calls atomic.Int32
	h := replica(t, s, func(context.Context, webhook.Event) error { calls.Add(1); return nil })
	body := track123test.WebhookBody(secret, delivery("T1"), time.Now())
	w := deliver(h, body)
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Zero(t, calls.Load())
}

const secret = "track123-webhook-secret"

// delivery is the data of a Track123 push for number.
func delivery(number string) json.RawMessage {
	return json.RawMessage(`{"trackNo":"` + number + `","transitStatus":"DELIVERED","transitSubStatus":"DELIVERED_04",
		"localLogisticsInfo":{"courierCode":"usps","trackingDetails":[]}}`)
}

// replica is one replica's webhook endpoint.
func replica(t *testing.T, store webhook.ReplayStore, fn func(context.Context, webhook.Event) error) http.Handler {
	t.Helper()
	h, err := webhook.NewHandler(track123.WebhookScheme(), fn,
		webhook.WithSecret(secret), webhook.WithReplayStore(store))
	require.NoError(t, err)
	return h
}

func deliver(h http.Handler, body []byte) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/hooks/track123", bytes.NewReader(body)))
	return w
}

// deliverToAll posts one delivery to every replica at once and returns
// the statuses.
func deliverToAll(hs []http.Handler, body []byte) []int {
	codes := make([]int, len(hs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, h := range hs {
		wg.Go(func() {
			<-start
			codes[i] = deliver(h, body).Code
		})
	}
	close(start)
	wg.Wait()
	return codes
}

// The proof for webhooks: four replicas, each with its own connections to
// one Redis, receive the same delivery at once. It is processed exactly
// once; a first processing that fails is retried successfully.
func TestFourReplicasProcessADeliveryOnce(t *testing.T) {
	addr := redisAddr(t)
	ns := namespace(t)
	var calls atomic.Int32
	var gate chan struct{} // holds the processing until the other copies are answered
	var fail atomic.Bool   // the processing fails
	fn := func(context.Context, webhook.Event) error {
		calls.Add(1)
		<-gate
		if fail.Load() {
			return errors.New("database down")
		}
		return nil
	}
	hs := make([]http.Handler, 4)
	for i := range hs {
		s, err := redisstore.NewReplayStore(newClient(t, addr), redisstore.WithNamespace(ns))
		require.NoError(t, err)
		hs[i] = replica(t, s, fn)
	}
	// deliverHeld posts body to every replica at once; the three copies
	// not being processed are answered first, then the processing ends.
	deliverHeld := func(body []byte) (others []int, processed int) {
		gate = make(chan struct{})
		codes := make(chan int, len(hs))
		for _, h := range hs {
			go func() { codes <- deliver(h, body).Code }()
		}
		for range len(hs) - 1 {
			others = append(others, <-codes)
		}
		close(gate)
		return others, <-codes
	}

	body := track123test.WebhookBody(secret, delivery("T1"), time.Now())
	others, processed := deliverHeld(body)
	assert.Equal(t, []int{503, 503, 503}, others, "copies arriving during the processing are retried later")
	assert.Equal(t, http.StatusOK, processed)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, []int{200, 200, 200, 200}, deliverToAll(hs, body), "the provider's retries")
	assert.EqualValues(t, 1, calls.Load(), "copies of a processed delivery never reach the application")

	// A first processing that fails: no copy is acknowledged until one
	// succeeds, and the next copy is processed.
	calls.Store(0)
	fail.Store(true)
	body = track123test.WebhookBody(secret, delivery("T2"), time.Now())
	others, processed = deliverHeld(body)
	assert.Equal(t, []int{503, 503, 503}, others)
	assert.Equal(t, http.StatusInternalServerError, processed)
	fail.Store(false)
	others, processed = deliverHeld(body)
	assert.Equal(t, []int{503, 503, 503}, others)
	assert.Equal(t, http.StatusOK, processed, "the retry after a failure is processed")
	assert.Equal(t, []int{200, 200, 200, 200}, deliverToAll(hs, body))
	assert.EqualValues(t, 2, calls.Load())
}
