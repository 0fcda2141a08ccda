package webhook

import (
	"context"
	"sync"
	"time"
)

// ReplayStore remembers deliveries so that each is processed once. A
// store shared by replicas (Redis, a database) makes that hold across
// them.
type ReplayStore interface {
	// Reserve claims key until expiry, reporting false when it is already
	// claimed (processed, or being processed right now).
	Reserve(ctx context.Context, key string, expiry time.Time) (bool, error)
	// Release gives up a claim, so that the provider's retry of a delivery
	// the application failed to process is accepted.
	Release(ctx context.Context, key string) error
}

// MemoryReplayStore is an in-process ReplayStore that forgets keys after
// their expiry. It is safe for concurrent use; the zero value is ready.
type MemoryReplayStore struct {
	mu    sync.Mutex
	keys  map[string]time.Time
	now   func() time.Time
	sweep time.Time
}

// NewMemoryReplayStore returns an empty store.
func NewMemoryReplayStore() *MemoryReplayStore {
	return &MemoryReplayStore{keys: map[string]time.Time{}, now: time.Now}
}

// Reserve implements ReplayStore.
func (m *MemoryReplayStore) Reserve(_ context.Context, key string, expiry time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]time.Time{}
	}
	now := time.Now()
	if m.now != nil {
		now = m.now()
	}
	if now.Sub(m.sweep) > time.Minute { // bound memory without a goroutine
		for k, exp := range m.keys {
			if !exp.After(now) {
				delete(m.keys, k)
			}
		}
		m.sweep = now
	}
	if exp, ok := m.keys[key]; ok && exp.After(now) {
		return false, nil
	}
	m.keys[key] = expiry
	return true, nil
}

// Release implements ReplayStore.
func (m *MemoryReplayStore) Release(_ context.Context, key string) error {
	m.mu.Lock()
	delete(m.keys, key)
	m.mu.Unlock()
	return nil
}

// Len returns how many keys are held, for tests and metrics.
func (m *MemoryReplayStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}
