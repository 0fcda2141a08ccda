package tracking_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// weakBatch answers each batch with fresh shipments and keeps only weak
// pointers to them, so a test can tell which ones are still reachable.
type weakBatch struct {
	limit int

	mu   sync.Mutex
	weak map[string]weak.Pointer[tracking.Shipment]
}

func (*weakBatch) ID() string        { return "weak" }
func (b *weakBatch) BatchLimit() int { return b.limit }

func (b *weakBatch) Track(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
	panic("weakBatch is tracked in batches only")
}

func (b *weakBatch) TrackBatch(_ context.Context, reqs []tracking.Request, _ credentials.Credential) ([]tracking.Result, error) {
	out := make([]tracking.Result, len(reqs))
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, r := range reqs {
		s := &tracking.Shipment{TrackingNumber: r.TrackingNumber, Status: tracking.StatusInTransit}
		out[i] = tracking.Result{Request: r, Shipment: s}
		b.weak[r.TrackingNumber] = weak.Make(s)
	}
	return out, nil
}

// A worker waiting on a slow consumer in the middle of a batch holds the
// results it has not sent, not the ones the consumer has had and dropped:
// with batches of B and concurrency C, a lagging consumer would otherwise
// keep up to C whole batches alive.
func TestBatchResultsReleasedAsSent(t *testing.T) {
	const n = 20
	bc := &weakBatch{limit: n, weak: map[string]weak.Pointer[tracking.Shipment]{}}
	c := newClient(t, tracking.WithCarrier(bc), tracking.WithConcurrency(1),
		tracking.WithCredentials(listStore{{Code: "main", Carrier: "weak", Active: true, Default: true}}))
	reqs := make([]tracking.Request, n)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: weakNumber(i)}
	}
	seen := 0
	for _, r := range c.TrackEach(context.Background(), reqs) {
		require.NoError(t, r.Err)
		seen++
		if seen < n/2 {
			continue
		}
		// Half the batch is consumed and dropped; the worker is at most
		// the channel's one slot and its own send ahead of the consumer.
		inHand := r.Shipment.TrackingNumber
		runtime.GC()
		alive := 0
		for num, p := range bc.weak {
			if p.Value() != nil && num != inHand {
				alive++
			}
		}
		assert.LessOrEqual(t, alive, n-seen, "shipments still reachable besides the one in hand")
		break
	}
}

// weakNumber is the i-th number of TestBatchResultsReleasedAsSent.
func weakNumber(i int) string { return "N" + string(rune('A'+i)) }
