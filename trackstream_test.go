//go:build go1.25

package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
)

// streamRequest is the i-th request of the streams below: every 50th has
// no number, every third uses the "other" credential, every 17th is
// unknown to the carrier.
func streamRequest(i int) tracking.Request {
	r := tracking.Request{TrackingNumber: fmt.Sprint("N", i)}
	switch {
	case i%50 == 13:
		r.TrackingNumber = "  "
	case i%17 == 0:
		r.TrackingNumber = fmt.Sprint("missing-", i)
	}
	if i%3 == 0 {
		r.Credential = "other"
	}
	return r
}

// counted is an endless sequence of streamRequest that counts what was
// pulled from it.
func counted(pulled *atomic.Int64) iter.Seq[tracking.Request] {
	return func(yield func(tracking.Request) bool) {
		for i := 0; ; i++ {
			pulled.Add(1)
			if !yield(streamRequest(i)) {
				return
			}
		}
	}
}

func newBatchClient(t *testing.T, bc *batchCarrier, concurrency int) *tracking.Client {
	t.Helper()
	c, err := tracking.NewClient(tracking.WithCarrier(bc), tracking.WithConcurrency(concurrency),
		tracking.WithCredentials(listStore{cred("main", bc.id, true), cred("other", bc.id, false)}))
	require.NoError(t, err)
	return c
}

// Every request read gets exactly one result, under its own index, and
// batches never pass the limit nor mix credentials.
func TestTrackStreamIndicesAndBatches(t *testing.T) {
	const n = 1000
	bc := &batchCarrier{id: "batchy", limit: 7}
	c := newBatchClient(t, bc, 4)
	var pulled atomic.Int64
	seen := map[int]bool{}
	for i, r := range c.TrackStream(context.Background(), limit(counted(&pulled), n)) {
		require.False(t, seen[i], "index %d yielded twice", i)
		seen[i] = true
		want := streamRequest(i)
		require.Equal(t, want, r.Request, "result %d carries request %d as given", i, i)
		switch {
		case i%50 == 13:
			assert.ErrorIs(t, r.Err, tracking.ErrInvalidRequest, "request %d", i)
		case i%17 == 0:
			assert.ErrorIs(t, r.Err, tracking.ErrNotFound, "request %d", i)
		default:
			require.NoError(t, r.Err, "request %d", i)
			assert.Equal(t, want.TrackingNumber, r.Shipment.TrackingNumber)
		}
	}
	assert.Len(t, seen, n)
	assert.EqualValues(t, n, pulled.Load())

	bc.mu.Lock()
	defer bc.mu.Unlock()
	tracked := 0
	for k, b := range bc.batches {
		assert.LessOrEqual(t, len(b), 7)
		for _, num := range b {
			var i int
			if _, err := fmt.Sscanf(num, "N%d", &i); err != nil {
				_, err = fmt.Sscanf(num, "missing-%d", &i)
				require.NoError(t, err, num)
			}
			wantCred := "main"
			if i%3 == 0 {
				wantCred = "other"
			}
			assert.Equal(t, wantCred, bc.creds[k], "number %s in a batch of credential %s", num, bc.creds[k])
		}
		tracked += len(b)
	}
	assert.Equal(t, n-n/50, tracked, "every valid request tracked once")
}

// limit is the first n requests of seq.
func limit(seq iter.Seq[tracking.Request], n int) iter.Seq[tracking.Request] {
	return func(yield func(tracking.Request) bool) {
		if n <= 0 {
			return
		}
		i := 0
		for r := range seq {
			if !yield(r) {
				return
			}
			if i++; i == n {
				return
			}
		}
	}
}

// A partial batch goes out when the input pauses: a sequence that waits
// for its first results before yielding more would otherwise never get
// them (synctest reports the deadlock).
func TestTrackStreamFlushesWhenTheInputPauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bc := &batchCarrier{id: "batchy", limit: 100}
		c := newBatchClient(t, bc, 2)
		resume := make(chan struct{})
		seq := func(yield func(tracking.Request) bool) {
			for i := range 3 {
				if !yield(tracking.Request{TrackingNumber: fmt.Sprint("A", i)}) {
					return
				}
			}
			<-resume // a cursor waiting for its next page
			for i := range 2 {
				if !yield(tracking.Request{TrackingNumber: fmt.Sprint("B", i)}) {
					return
				}
			}
		}
		got := 0
		for _, r := range c.TrackStream(context.Background(), seq) {
			require.NoError(t, r.Err)
			got++
			if got == 3 {
				close(resume)
			}
		}
		assert.Equal(t, 5, got)
		bc.mu.Lock()
		defer bc.mu.Unlock()
		total := 0
		for _, b := range bc.batches {
			total += len(b)
		}
		assert.Equal(t, 5, total)
	})
}

// streamAhead is TrackStream's documented read-ahead bound: (2C+1)·B + C + 66.
func streamAhead(concurrency, batch int) int64 {
	return int64((2*concurrency+1)*batch + concurrency + 66)
}

// An endless input is read only as far ahead of the consumer as the
// documented bound, however long the consumer pauses, and breaking out of
// the loop stops the reading.
func TestTrackStreamReadsBoundedAhead(t *testing.T) {
	for name, tc := range map[string]struct {
		carrier     tracking.Carrier
		concurrency int
		batch       int
	}{
		"batches of 10": {&batchCarrier{id: "batchy", limit: 10}, 3, 10},
		"one by one":    {&batchCarrier{id: "batchy", limit: 1}, 8, 1},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, err := tracking.NewClient(tracking.WithCarrier(tc.carrier), tracking.WithConcurrency(tc.concurrency),
					tracking.WithCredentials(listStore{cred("main", "batchy", true), cred("other", "batchy", false)}))
				require.NoError(t, err)
				var pulled atomic.Int64
				yielded, most := int64(0), int64(0)
				for range c.TrackStream(context.Background(), counted(&pulled)) {
					yielded++
					if yielded%250 == 1 {
						// The consumer pauses: wait until every goroutine of
						// the pipeline is blocked, so it has read all it will.
						synctest.Wait()
						ahead := pulled.Load() - yielded
						most = max(most, ahead)
						require.LessOrEqual(t, ahead, streamAhead(tc.concurrency, tc.batch), "after %d results", yielded)
					}
					if yielded == 2000 {
						break
					}
				}
				t.Logf("read at most %d ahead (bound %d)", most, streamAhead(tc.concurrency, tc.batch))
				after := pulled.Load()
				assert.Greater(t, most, int64(tc.concurrency*tc.batch), "the pipeline does read ahead, so the bound is tested")
				synctest.Wait()
				assert.Equal(t, after, pulled.Load(), "nothing is read after the loop")
			})
		})
	}
}

// Cancelling ctx stops the reading; the loop ends by itself, every request
// read gets a result (the context's error unless its call was made), and
// no goroutine is left (goleak checks at the end of the package).
func TestTrackStreamCancellation(t *testing.T) {
	bc := &batchCarrier{id: "batchy", limit: 5}
	c := newBatchClient(t, bc, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var pulled atomic.Int64
	seen := map[int]bool{}
	cancelled := 0
	for i, r := range c.TrackStream(ctx, counted(&pulled)) {
		require.False(t, seen[i])
		seen[i] = true
		if len(seen) == 100 {
			cancel()
		}
		switch {
		case errors.Is(r.Err, context.Canceled):
			cancelled++
		case r.Err != nil:
			assert.True(t, errors.Is(r.Err, tracking.ErrNotFound) || errors.Is(r.Err, tracking.ErrInvalidRequest), "request %d: %v", i, r.Err)
		}
	}
	n := pulled.Load()
	assert.Less(t, n, int64(100)+streamAhead(2, 5)+1, "reading stopped")
	assert.Positive(t, cancelled)
	assert.Len(t, seen, int(n), "each request read has its result")
	for i := range seen {
		assert.Less(t, int64(i), n)
	}
}

// A panic in the sequence reaches the caller's goroutine, where it can be
// recovered, rather than killing the process from the reader's.
func TestTrackStreamSequencePanics(t *testing.T) {
	c := newBatchClient(t, &batchCarrier{id: "batchy", limit: 5}, 2)
	seq := func(yield func(tracking.Request) bool) {
		for i := range 3 {
			if !yield(tracking.Request{TrackingNumber: fmt.Sprint("A", i)}) {
				return
			}
		}
		panic("cursor broke")
	}
	assert.PanicsWithValue(t, "cursor broke", func() {
		for range c.TrackStream(context.Background(), seq) {
		}
	})
}

func TestTrackStreamEmpty(t *testing.T) {
	c := newBatchClient(t, &batchCarrier{id: "batchy", limit: 5}, 2)
	for range c.TrackStream(context.Background(), func(func(tracking.Request) bool) {}) {
		t.Fatal("a result for no request")
	}
}
