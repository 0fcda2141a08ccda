package transport

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pacer shares one timer among its attempts only outside a bubble,
// which it tells by time.Now's monotonic reading: if a toolchain ever
// gives one inside a bubble, this fails before a shared timer is touched
// from two bubbles (a fatal error).
func TestInBubble(t *testing.T) {
	assert.False(t, inBubble(time.Now()), "outside a bubble")
	synctest.Test(t, func(t *testing.T) {
		assert.True(t, inBubble(time.Now()), "inside a bubble")
	})
}

// errBoundPassed is testWatch's cause.
var errBoundPassed = errors.New("bound passed")

// testWatch is a watch bounding attempts to a minute.
func testWatch() *attemptWatch { return &attemptWatch{timeout: time.Minute, cause: errBoundPassed} }

// ends records when each attempt's context ended, on the bubble's clock.
func ends(t *testing.T, start time.Time, as ...*attempt) []time.Duration {
	t.Helper()
	got := make([]time.Duration, len(as))
	for i, a := range as {
		select {
		case <-a.ctx.Done():
			got[i] = -1 // ended before the wait: by end or its parent
		default:
			<-a.ctx.Done()
			got[i] = time.Since(start)
		}
	}
	return got
}

// Attempts end at their own bound, in the order they started, with the
// watch's cause; one that ended first is not cancelled again, and the one
// timer follows the oldest attempt left.
func TestAttemptWatchEndsEachAtItsBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := testWatch()
		start := time.Now()
		first := w.add(context.Background())
		time.Sleep(10 * time.Second)
		second := w.add(context.Background())
		time.Sleep(10 * time.Second)
		third := w.add(context.Background())
		time.Sleep(5 * time.Second)
		second.end() // the middle one answered

		<-first.ctx.Done()
		assert.Equal(t, time.Minute, time.Since(start), "the oldest ends at its bound")
		first.end() // as the pacer does once the timed-out attempt returns
		assert.Equal(t, []time.Duration{-1, -1, 80 * time.Second}, ends(t, start, first, second, third),
			"ending an attempt the watch already ended leaves the others watched")
		for _, a := range []*attempt{first, third} {
			assert.Equal(t, context.DeadlineExceeded, a.ctx.Err())
			assert.Same(t, errBoundPassed, context.Cause(&a.ctx))
			assert.True(t, a.ctx.timedOut())
		}
		assert.Equal(t, context.Canceled, second.ctx.Err(), "ended, not timed out")
		assert.False(t, second.ctx.timedOut())
		dl, ok := third.ctx.Deadline()
		assert.True(t, ok)
		assert.Equal(t, start.Add(80*time.Second), dl)

		w.mu.Lock()
		assert.Nil(t, w.head, "every attempt left the list")
		assert.Nil(t, w.tail)
		w.mu.Unlock()
		synctest.Wait()
		w.mu.Lock()
		assert.False(t, w.armed, "nothing left to watch")
		w.mu.Unlock()

		// An attempt after a quiet spell re-arms the timer for itself.
		time.Sleep(time.Hour)
		again := time.Now()
		late := w.add(context.Background())
		assert.Equal(t, []time.Duration{time.Minute}, ends(t, again, late))
	})
}

// An attempt that ends before its bound releases it: it is cancelled at
// once, not at the bound, and the watch forgets it.
func TestAttemptWatchEndReleases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := testWatch()
		var as []*attempt
		for range 5 {
			as = append(as, w.add(context.Background()))
		}
		for _, i := range []int{2, 0, 4, 1, 3} {
			as[i].end()
			assert.Equal(t, context.Canceled, as[i].ctx.Err())
		}
		w.mu.Lock()
		assert.Nil(t, w.head)
		assert.Nil(t, w.tail)
		w.mu.Unlock()
		as[0].end() // twice: nothing more
		assert.Equal(t, context.Canceled, as[0].ctx.Err())
	})
}

// The caller's context still ends an attempt before its bound, with the
// caller's cause.
func TestAttemptWatchFollowsTheParent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := testWatch()
		parent, cancel := context.WithCancelCause(context.Background())
		a := w.add(parent)
		callerGone := errors.New("caller gone")
		time.Sleep(time.Second)
		cancel(callerGone)
		<-a.ctx.Done()
		assert.Equal(t, context.Canceled, a.ctx.Err())
		assert.Same(t, callerGone, context.Cause(&a.ctx))
		assert.False(t, a.ctx.timedOut())
		a.end()
		w.mu.Lock()
		assert.Nil(t, w.head)
		w.mu.Unlock()
	})
}

// A parent deadline just after the bound is not reported as the attempt's.
func TestAttemptDeadlineIsTheNearer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := testWatch()
		parent, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a := w.add(parent)
		defer a.end()
		dl, _ := a.ctx.Deadline()
		want, _ := parent.Deadline()
		assert.Equal(t, want, dl)
	})
}

// Inside a bubble, start gives the attempt a timer of its own and leaves
// the watch's list alone.
func TestAttemptInABubbleHasItsOwnTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := testWatch()
		start := time.Now()
		a := w.start(context.Background())
		w.mu.Lock()
		require.Nil(t, w.head)
		require.Nil(t, w.timer)
		w.mu.Unlock()
		<-a.ctx.Done()
		assert.Equal(t, time.Minute, time.Since(start))
		assert.Equal(t, context.DeadlineExceeded, a.ctx.Err())
		assert.True(t, a.ctx.timedOut())
		a.end()
	})
}
