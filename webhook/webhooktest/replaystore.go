package webhooktest

import (
	"context"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/parcelkit/tracking/webhook"
)

// shortLease is long enough for one call to any store and short enough to
// wait out; the tests only ever wait longer than it, never time a call.
const shortLease = 100 * time.Millisecond

// TestReplayStore checks what webhook.Handler relies on in a ReplayStore,
// in the manner of testing/fstest.TestFS: reservations exclude each other,
// commits and releases behave as documented, leases and commits expire,
// and concurrent reservations of one key let exactly one through. Each
// subtest calls newStore once and uses keys of its own, so stores sharing
// one backend (one Redis) across runs and packages pass too. It waits out
// a few leases of 100 ms, and takes about a second.
func TestReplayStore(t *testing.T, newStore func() webhook.ReplayStore) {
	t.Helper()
	run := rand.Text()[:8] // keys of this run only
	key := func(t *testing.T, name string) string { return "webhooktest/" + run + "/" + t.Name() + "/" + name }

	t.Run("ReserveCommit", func(t *testing.T) {
		s, k := newStore(), key(t, "k")
		a := rand.Text()
		reserve(t, s, k, a, time.Minute, webhook.ReplayReserved)
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayInFlight)
		commit(t, s, k, time.Now().Add(time.Hour))
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayDone)
		release(t, s, k, a) // the former holder's late release
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayDone)
	})

	t.Run("Release", func(t *testing.T) {
		s, k := newStore(), key(t, "k")
		a := rand.Text()
		reserve(t, s, k, a, time.Minute, webhook.ReplayReserved)
		release(t, s, k, rand.Text()) // not the holder: no effect
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayInFlight)
		release(t, s, k, a)
		b := rand.Text()
		reserve(t, s, k, b, time.Minute, webhook.ReplayReserved)
		release(t, s, key(t, "unknown"), b) // a key never reserved: no error
	})

	t.Run("CommitWithoutLease", func(t *testing.T) {
		s, k := newStore(), key(t, "k")
		commit(t, s, k, time.Now().Add(time.Hour))
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayDone)
	})

	t.Run("CommitInThePastForgets", func(t *testing.T) {
		s, k := newStore(), key(t, "k")
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayReserved)
		commit(t, s, k, time.Now().Add(-time.Second))
		reserve(t, s, k, rand.Text(), time.Minute, webhook.ReplayReserved)
	})

	t.Run("Expiry", func(t *testing.T) {
		s := newStore()
		dead, late, committed := key(t, "dead"), key(t, "late"), key(t, "committed")
		a := rand.Text()
		reserve(t, s, dead, rand.Text(), shortLease, webhook.ReplayReserved)
		reserve(t, s, late, a, shortLease, webhook.ReplayReserved)
		reserve(t, s, committed, rand.Text(), time.Minute, webhook.ReplayReserved)
		commit(t, s, committed, time.Now().Add(shortLease))
		time.Sleep(3 * shortLease)

		// A holder that died: its lease ran out and the next copy is processed.
		reserve(t, s, dead, rand.Text(), time.Minute, webhook.ReplayReserved)
		// A committed key is forgotten at its expiry.
		reserve(t, s, committed, rand.Text(), time.Minute, webhook.ReplayReserved)
		// A slow holder's late release leaves the new holder's lease alone...
		reserve(t, s, late, rand.Text(), time.Minute, webhook.ReplayReserved)
		release(t, s, late, a)
		reserve(t, s, late, rand.Text(), time.Minute, webhook.ReplayInFlight)
		// ...and its late commit still counts: the delivery was processed.
		commit(t, s, late, time.Now().Add(time.Hour))
		reserve(t, s, late, rand.Text(), time.Minute, webhook.ReplayDone)
	})

	t.Run("Concurrent", func(t *testing.T) {
		s, k := newStore(), key(t, "k")
		const n = 8
		count := func() map[webhook.ReplayState]int {
			var mu sync.Mutex
			got := map[webhook.ReplayState]int{}
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					st, err := s.Reserve(context.Background(), k, rand.Text(), time.Minute)
					if err != nil {
						t.Errorf("Reserve: %v", err)
						return
					}
					mu.Lock()
					got[st]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			return got
		}
		if got := count(); got[webhook.ReplayReserved] != 1 || got[webhook.ReplayInFlight] != n-1 {
			t.Errorf("%d concurrent reservations of a free key: got %v, want one reserved and the rest in flight", n, got)
		}
		commit(t, s, k, time.Now().Add(time.Hour))
		if got := count(); got[webhook.ReplayDone] != n {
			t.Errorf("%d concurrent reservations of a committed key: got %v, want all done", n, got)
		}
	})

	t.Run("KeysAreIndependent", func(t *testing.T) {
		s := newStore()
		k1, k2 := key(t, "a"), key(t, "b")
		reserve(t, s, k1, rand.Text(), time.Minute, webhook.ReplayReserved)
		reserve(t, s, k2, rand.Text(), time.Minute, webhook.ReplayReserved)
		commit(t, s, k1, time.Now().Add(time.Hour))
		reserve(t, s, k2, rand.Text(), time.Minute, webhook.ReplayInFlight)
	})
}

func reserve(t *testing.T, s webhook.ReplayStore, k, token string, lease time.Duration, want webhook.ReplayState) {
	t.Helper()
	st, err := s.Reserve(context.Background(), k, token, lease)
	if err != nil || st != want {
		t.Fatalf("Reserve(%q): got %v, %v; want %v", k, st, err, want)
	}
}

func commit(t *testing.T, s webhook.ReplayStore, k string, expiry time.Time) {
	t.Helper()
	if err := s.Commit(context.Background(), k, expiry); err != nil {
		t.Fatalf("Commit(%q): %v", k, err)
	}
}

func release(t *testing.T, s webhook.ReplayStore, k, token string) {
	t.Helper()
	if err := s.Release(context.Background(), k, token); err != nil {
		t.Fatalf("Release(%q): %v", k, err)
	}
}
