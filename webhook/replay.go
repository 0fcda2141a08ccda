package webhook

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ReplayState is what ReplayStore.Reserve found for a delivery.
type ReplayState int

// The states of a delivery in a ReplayStore.
const (
	// ReplayReserved: the key was free and the caller now holds it, under
	// its token, until the lease runs out. It processes the delivery, then
	// commits or releases.
	ReplayReserved ReplayState = iota + 1
	// ReplayInFlight: another holder's lease is live, so a copy is being
	// processed right now. Its outcome is not known yet.
	ReplayInFlight
	// ReplayDone: a copy was processed and committed.
	ReplayDone
)

// String returns "reserved", "in flight" or "done".
func (s ReplayState) String() string {
	switch s {
	case ReplayReserved:
		return "reserved"
	case ReplayInFlight:
		return "in flight"
	case ReplayDone:
		return "done"
	}
	return fmt.Sprintf("ReplayState(%d)", int(s))
}

// ReplayStore remembers deliveries so that each is processed once, and
// none is lost: a delivery is reserved while it is processed, committed
// when that succeeded and released when it failed, so that the provider's
// next copy is processed. A reservation is a lease: if its holder dies
// without committing or releasing, it runs out and the next copy is
// processed. A store shared by replicas (Redis, a database) makes all this
// hold across them; webhooktest.TestReplayStore checks an implementation.
type ReplayStore interface {
	// Reserve claims key for lease under token (unique per attempt),
	// unless a live lease or a commit holds it. It must be atomic: of
	// concurrent calls for one free key, exactly one gets ReplayReserved.
	Reserve(ctx context.Context, key, token string, lease time.Duration) (ReplayState, error)
	// Commit records key as processed until expiry, whoever holds its
	// lease now: the delivery was processed even if the lease ran out
	// meanwhile. An expiry already past forgets the key.
	Commit(ctx context.Context, key string, expiry time.Time) error
	// Release drops key's lease if token still holds it, so that the next
	// copy is processed. A lease that ran out and was taken by another
	// token, or a committed key, is left alone.
	Release(ctx context.Context, key, token string) error
}

// DefaultMaxKeys bounds a MemoryReplayStore: about 25 MB at most with the
// Handler's keys.
const DefaultMaxKeys = 100_000

// ErrReplayStoreFull is returned by MemoryReplayStore.Reserve when as many
// deliveries as it may hold are being processed at once; the Handler then
// answers 503 so that the provider retries.
var ErrReplayStoreFull = errors.New("webhook: replay store is full of deliveries being processed; raise WithMaxKeys or use a shared store")

// MemoryReplayOption configures NewMemoryReplayStore.
type MemoryReplayOption func(*MemoryReplayStore)

// WithMaxKeys bounds how many keys the store holds (DefaultMaxKeys by
// default). When it is full, the committed key closest to its expiry is
// forgotten first: a copy of that delivery arriving later would be
// processed again.
func WithMaxKeys(n int) MemoryReplayOption { return func(m *MemoryReplayStore) { m.max = n } }

// MemoryReplayStore is an in-process ReplayStore holding at most its
// maximum number of keys, forgetting each at its expiry. It is safe for
// concurrent use; the zero value is ready, with DefaultMaxKeys. It makes
// deliveries count once only within one process: replicas need a shared
// store such as redisstore's.
type MemoryReplayStore struct {
	mu      sync.Mutex
	max     int
	entries map[string]*replayEntry
	leases  expiryHeap // entries being processed, by lease end
	done    expiryHeap // committed entries, by expiry
}

type replayEntry struct {
	key    string
	token  string // the lease holder; "" once committed
	expiry time.Time
	index  int // position in its heap
}

// NewMemoryReplayStore returns an empty store.
func NewMemoryReplayStore(opts ...MemoryReplayOption) *MemoryReplayStore {
	m := &MemoryReplayStore{}
	for _, o := range opts {
		o(m)
	}
	return m
}

// prune forgets what expired by now; the caller holds m.mu. Each entry is
// popped once, so the cost is amortized over the calls that added them.
func (m *MemoryReplayStore) prune(now time.Time) {
	if m.entries == nil {
		m.entries = map[string]*replayEntry{}
	}
	if m.max <= 0 {
		m.max = DefaultMaxKeys
	}
	for _, h := range []*expiryHeap{&m.leases, &m.done} {
		for h.Len() > 0 && !(*h)[0].expiry.After(now) {
			e := heap.Pop(h).(*replayEntry)
			delete(m.entries, e.key)
		}
	}
}

// Reserve implements ReplayStore.
func (m *MemoryReplayStore) Reserve(_ context.Context, key, token string, lease time.Duration) (ReplayState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	m.prune(now)
	if e, ok := m.entries[key]; ok {
		if e.token == "" {
			return ReplayDone, nil
		}
		return ReplayInFlight, nil
	}
	if len(m.entries) >= m.max {
		if m.done.Len() == 0 {
			return 0, ErrReplayStoreFull
		}
		e := heap.Pop(&m.done).(*replayEntry)
		delete(m.entries, e.key)
	}
	e := &replayEntry{key: key, token: token, expiry: now.Add(lease)}
	m.entries[key] = e
	heap.Push(&m.leases, e)
	return ReplayReserved, nil
}

// Commit implements ReplayStore.
func (m *MemoryReplayStore) Commit(_ context.Context, key string, expiry time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	m.prune(now)
	e, ok := m.entries[key]
	if ok {
		m.remove(e)
	}
	if !expiry.After(now) {
		return nil
	}
	if !ok && len(m.entries) >= m.max && m.done.Len() > 0 {
		old := heap.Pop(&m.done).(*replayEntry)
		delete(m.entries, old.key)
	}
	e = &replayEntry{key: key, expiry: expiry}
	m.entries[key] = e
	heap.Push(&m.done, e)
	return nil
}

// Release implements ReplayStore.
func (m *MemoryReplayStore) Release(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok && e.token != "" && e.token == token {
		m.remove(e)
	}
	return nil
}

// remove takes e out of the map and its heap; the caller holds m.mu.
func (m *MemoryReplayStore) remove(e *replayEntry) {
	h := &m.done
	if e.token != "" {
		h = &m.leases
	}
	heap.Remove(h, e.index)
	delete(m.entries, e.key)
}

// Len returns how many keys are held, for tests and metrics.
func (m *MemoryReplayStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// expiryHeap orders entries by expiry, soonest first (container/heap).
type expiryHeap []*replayEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expiry.Before(h[j].expiry) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *expiryHeap) Push(x any) {
	e := x.(*replayEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}

// replaySlack is added to a signed timestamp's last accepted moment, to
// cover the time between its verification and its commit.
const replaySlack = time.Minute
