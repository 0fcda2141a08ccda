package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/webhook"
	"github.com/parcelkit/tracking/webhook/webhooktest"
)

func TestMemoryReplayStoreConformance(t *testing.T) {
	webhooktest.TestReplayStore(t, func() webhook.ReplayStore { return webhook.NewMemoryReplayStore() })
}

func TestMemoryReplayStoreIsBounded(t *testing.T) {
	ctx := context.Background()
	s := webhook.NewMemoryReplayStore(webhook.WithMaxKeys(3))
	for i, k := range []string{"a", "b", "c"} {
		require.NoError(t, s.Commit(ctx, k, time.Now().Add(time.Duration(i+1)*time.Hour)))
	}
	st, err := s.Reserve(ctx, "d", "t", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.ReplayReserved, st)
	assert.Equal(t, 3, s.Len())
	st, _ = s.Reserve(ctx, "a", "t", time.Minute)
	assert.Equal(t, webhook.ReplayReserved, st, "the committed key closest to its expiry goes first")
	st, _ = s.Reserve(ctx, "c", "t", time.Minute)
	assert.Equal(t, webhook.ReplayDone, st)

	// Full of deliveries being processed: nothing may be dropped.
	full := webhook.NewMemoryReplayStore(webhook.WithMaxKeys(2))
	for _, k := range []string{"x", "y"} {
		st, err := full.Reserve(ctx, k, "t", time.Millisecond)
		require.NoError(t, err)
		require.Equal(t, webhook.ReplayReserved, st)
	}
	_, err = full.Reserve(ctx, "z", "t", time.Minute)
	assert.ErrorIs(t, err, webhook.ErrReplayStoreFull)
	time.Sleep(20 * time.Millisecond) // the leases run out and are pruned
	st, err = full.Reserve(ctx, "z", "t", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.ReplayReserved, st)
	assert.Equal(t, 1, full.Len())
}

func TestReplayStateString(t *testing.T) {
	assert.Equal(t, "reserved", webhook.ReplayReserved.String())
	assert.Equal(t, "in flight", webhook.ReplayInFlight.String())
	assert.Equal(t, "done", webhook.ReplayDone.String())
	assert.Equal(t, "ReplayState(0)", webhook.ReplayState(0).String())
}

// spyStore records what the Handler asks of its store and can fail.
type spyStore struct {
	webhook.MemoryReplayStore
	reserveErr, commitErr error

	mu       sync.Mutex
	reserves int
	releases int
	expiries []time.Time
}

func (s *spyStore) Reserve(ctx context.Context, key, token string, lease time.Duration) (webhook.ReplayState, error) {
	s.mu.Lock()
	s.reserves++
	s.mu.Unlock()
	if s.reserveErr != nil {
		return 0, s.reserveErr
	}
	return s.MemoryReplayStore.Reserve(ctx, key, token, lease)
}

func (s *spyStore) Commit(ctx context.Context, key string, expiry time.Time) error {
	s.mu.Lock()
	s.expiries = append(s.expiries, expiry)
	s.mu.Unlock()
	if s.commitErr != nil {
		return s.commitErr
	}
	return s.MemoryReplayStore.Commit(ctx, key, expiry)
}

func (s *spyStore) Release(ctx context.Context, key, token string) error {
	s.mu.Lock()
	s.releases++
	s.mu.Unlock()
	return s.MemoryReplayStore.Release(ctx, key, token)
}

func TestHandlerUsesTheCallersReplayStore(t *testing.T) {
	store := &spyStore{}
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithReplayStore(store))
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code)
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code)
	assert.Equal(t, 2, store.reserves, "both copies were looked up in the caller's store")
	assert.Equal(t, 1, store.Len())
	assert.Len(t, store.expiries, 1)
	assert.EqualValues(t, 1, rec.calls.Load())
}

func TestHandlerReplayStoreFailureIs503(t *testing.T) {
	store := &spyStore{reserveErr: errors.New("dial tcp 127.0.0.1:6379: connection refused")}
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithReplayStore(store))
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	w := post(h, body, nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, "the provider must retry, not drop the delivery")
	assert.Equal(t, "120", w.Header().Get("Retry-After"))
	assert.Zero(t, rec.calls.Load(), "an unrecorded delivery is not processed")
}

// A failed commit leaves the lease in place: the delivery was processed,
// and releasing would let a copy be processed again at once.
func TestHandlerCommitFailureStill200(t *testing.T) {
	store := &spyStore{commitErr: errors.New("connection reset")}
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithReplayStore(store))
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code)
	assert.Zero(t, store.releases)
	assert.Equal(t, http.StatusServiceUnavailable, post(h, body, nil, "").Code, "the lease still holds")
	assert.EqualValues(t, 1, rec.calls.Load())
}

func TestHandlerWithoutReplayStore(t *testing.T) {
	rec := &recorder{}
	h := track123Handler(t, rec, webhook.WithReplayStore(nil))
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code)
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code)
	assert.EqualValues(t, 2, rec.calls.Load(), "replay detection is off")
}

// A copy arriving while the first is processed must not be acknowledged:
// if the first then fails, the update would be lost.
func TestHandlerDuplicateInFlightIs503(t *testing.T) {
	entered, finish := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	var fail atomic.Bool
	fail.Store(true)
	fn := func(context.Context, webhook.Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			<-finish
		}
		if fail.Load() {
			return errors.New("database down")
		}
		return nil
	}
	h, err := webhook.NewHandler(testScheme(track123.WebhookScheme()), fn,
		webhook.WithSecret("secret-1"), webhook.WithReplayLease(90*time.Second))
	require.NoError(t, err)
	body := track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), time.Now())

	first := make(chan int)
	go func() { first <- post(h, body, nil, "").Code }()
	<-entered
	w := post(h, body, nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Equal(t, "90", w.Header().Get("Retry-After"))
	close(finish)
	assert.Equal(t, http.StatusInternalServerError, <-first)

	fail.Store(false)
	assert.Equal(t, http.StatusOK, post(h, body, nil, "").Code, "after a failure the next copy is processed")
	w = post(h, body, nil, "")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "already processed")
	assert.EqualValues(t, 2, calls.Load())
}

// A processed delivery is remembered while its signed timestamp would
// pass the verifier's check, and for the replay window without one.
func TestHandlerReplayExpiry(t *testing.T) {
	signed := time.Now().Add(-2 * time.Minute).Truncate(time.Millisecond) // as sent
	cases := []struct {
		name   string
		scheme webhook.Scheme
		body   []byte
		hdr    http.Header
		signed bool // want counts from the signed time, else from now
		want   time.Duration
	}{{
		name:   "signed timestamp",
		scheme: track123.WebhookScheme(track123.WithWebhookClock(webhook.Clock{Tolerance: 10 * time.Minute})),
		body:   track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), signed),
		signed: true,
		want:   10*time.Minute + time.Minute, // the tolerance, plus the slack
	}, {
		name:   "default tolerance",
		scheme: track123.WebhookScheme(),
		body:   track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), signed),
		signed: true,
		want:   webhook.DefaultTolerance + time.Minute,
	}, {
		name:   "timestamp check off",
		scheme: track123.WebhookScheme(track123.WithWebhookClock(webhook.Clock{Tolerance: -1})),
		body:   track123test.WebhookBody("secret-1", json.RawMessage(`{"trackNo":"T1"}`), signed),
		want:   3 * time.Hour,
	}, {
		name:   "no timestamp",
		scheme: trackship.WebhookScheme(),
		body:   []byte(`{"data":{"trackNo":"T1"}}`),
		hdr:    trackshiptest.WebhookHeaders("secret-1"),
		want:   3 * time.Hour,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := &spyStore{}
			h, err := webhook.NewHandler(testScheme(c.scheme), (&recorder{}).fn,
				webhook.WithSecret("secret-1"), webhook.WithReplayStore(store), webhook.WithReplayWindow(3*time.Hour))
			require.NoError(t, err)
			before := time.Now()
			require.Equal(t, http.StatusOK, post(h, c.body, c.hdr, "").Code)
			after := time.Now()
			require.Len(t, store.expiries, 1)
			got := store.expiries[0]
			// Bounded by the clock readings around the call, not by timing:
			// the handler and the verifier each read the clock in between.
			lo, hi := before.Add(c.want), after.Add(c.want)
			if c.signed {
				d := after.Sub(before)
				lo, hi = signed.Add(c.want-d), signed.Add(c.want+d)
			}
			assert.False(t, got.Before(lo) || got.After(hi), "expiry %v, want within [%v, %v]", got, lo, hi)
		})
	}
}

// Without WithReplayWindow (or with zero), a delivery whose scheme signs no
// time is remembered for DefaultReplayWindow, not forgotten at once.
func TestHandlerDefaultReplayWindow(t *testing.T) {
	for _, opts := range [][]webhook.Option{nil, {webhook.WithReplayWindow(0)}} {
		store := &spyStore{}
		h, err := webhook.NewHandler(testScheme(trackship.WebhookScheme()), (&recorder{}).fn,
			append(opts, webhook.WithSecret("secret-1"), webhook.WithReplayStore(store))...)
		require.NoError(t, err)
		before := time.Now()
		require.Equal(t, http.StatusOK, post(h, []byte(`{"data":{"trackNo":"T1"}}`), trackshiptest.WebhookHeaders("secret-1"), "").Code)
		after := time.Now()
		require.Len(t, store.expiries, 1)
		got := store.expiries[0]
		assert.False(t, got.Before(before.Add(webhook.DefaultReplayWindow)) || got.After(after.Add(webhook.DefaultReplayWindow)), "expiry %v", got)
	}
}

// A commit whose lease had already run out (the key is no longer held)
// adds the key back; it must not push out another delivery's committed key
// while the store has room, or a copy of that delivery would be processed
// again.
func TestMemoryReplayLateCommitKeepsOthers(t *testing.T) {
	ctx := context.Background()
	s := webhook.NewMemoryReplayStore(webhook.WithMaxKeys(10))
	state, err := s.Reserve(ctx, "a", "tok-a", time.Minute)
	require.NoError(t, err)
	require.Equal(t, webhook.ReplayReserved, state)
	require.NoError(t, s.Commit(ctx, "a", time.Now().Add(time.Hour)))

	require.NoError(t, s.Commit(ctx, "b", time.Now().Add(time.Hour)), "a commit without a live lease")
	assert.Equal(t, 2, s.Len())
	for _, key := range []string{"a", "b"} {
		state, err := s.Reserve(ctx, key, "tok-again", time.Minute)
		require.NoError(t, err)
		assert.Equal(t, webhook.ReplayDone, state, key)
	}
}

// A late commit into a full store forgets the committed key closest to
// its expiry, so the store never holds more than its maximum.
func TestMemoryReplayLateCommitKeepsTheBound(t *testing.T) {
	ctx := context.Background()
	s := webhook.NewMemoryReplayStore(webhook.WithMaxKeys(1))
	_, err := s.Reserve(ctx, "a", "tok-a", time.Minute)
	require.NoError(t, err)
	require.NoError(t, s.Commit(ctx, "a", time.Now().Add(time.Hour)))
	require.NoError(t, s.Commit(ctx, "b", time.Now().Add(time.Hour)), "a commit without a live lease")
	assert.Equal(t, 1, s.Len())
	state, err := s.Reserve(ctx, "b", "tok-again", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.ReplayDone, state, "the newer key is the one kept")
}
