package transport

import (
	"context"
	"io"
	"sync"
	"time"
)

// attemptWatch bounds the attempts of one pacer (WithAttemptTimeout).
//
// A timer per attempt costs more than its own work: adding a runtime timer
// that comes before every other one wakes the thread waiting in the
// network poller, so that it can sleep until that timer instead. In
// bench/ the timer and its context cost a Track a few thousand instructions,
// two allocations and one system call more than the watch does. Every
// attempt of a pacer has the same bound, so attempts end in the order
// they started: the watch keeps them in that order and arms one timer, for
// the oldest. It is re-armed when it fires, about once per bound while
// attempts run.
type attemptWatch struct {
	timeout time.Duration
	cause   error // the cause of an attempt that outlived timeout

	mu         sync.Mutex
	head, tail *attempt    // running attempts, oldest first
	timer      *time.Timer // made by the first attempt; armed while armed is true
	armed      bool

	inBubbles bool // tests: watch attempts made in a bubble too (the client lives in one)
}

// attempt is one bounded attempt: its context and, once there is one, its
// answer's body, whose Close ends the bound.
type attempt struct {
	io.ReadCloser // the answer's body
	ctx           attemptCtx
	cancel        context.CancelCauseFunc

	w          *attemptWatch // nil: the attempt has a timer of its own
	bound      time.Time     // when the watch ends it; read under w.mu, in list order
	prev, next *attempt      // in w's list; guarded by w.mu
	listed     bool          // in w's list; guarded by w.mu
}

// attemptCtx is an attempt's context. The watch cancels it with the
// watch's cause when the bound passes; it then reports what a context from
// context.WithTimeoutCause would: the bound as its deadline, and
// context.DeadlineExceeded.
type attemptCtx struct {
	context.Context // from context.WithCancelCause, or WithTimeoutCause in a bubble
	deadline        time.Time
	cause           error // the watch's
}

// Deadline implements context.Context.
func (c *attemptCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// Err implements context.Context.
func (c *attemptCtx) Err() error {
	err := c.Context.Err()
	if err != nil && c.timedOut() {
		return context.DeadlineExceeded
	}
	return err
}

// timedOut reports whether the bound has passed.
func (c *attemptCtx) timedOut() bool { return context.Cause(c.Context) == c.cause }

// start bounds an attempt under parent, whose deadline, if any, does not
// come within the bound (endsWithin).
func (w *attemptWatch) start(parent context.Context) *attempt {
	if inBubble(time.Now()) && !w.inBubbles {
		// The watch's timer belongs to the bubble that made it, and touching
		// it from elsewhere is fatal: a bubble's attempt takes a timer of
		// its own, on the bubble's clock.
		a := &attempt{ctx: attemptCtx{cause: w.cause}}
		ctx, stop := context.WithTimeoutCause(parent, w.timeout, w.cause)
		a.ctx.Context, a.cancel = ctx, func(error) { stop() }
		a.ctx.deadline, _ = ctx.Deadline()
		return a
	}
	return w.add(parent)
}

// add starts an attempt under the watch.
func (w *attemptWatch) add(parent context.Context) *attempt {
	a := &attempt{ctx: attemptCtx{cause: w.cause}, w: w}
	a.ctx.Context, a.cancel = context.WithCancelCause(parent)
	w.mu.Lock()
	// The bound is read under the lock, so that the list stays in the
	// order of the bounds, which fire relies on (it stops at the first
	// one still running).
	a.bound = time.Now().Add(w.timeout)
	a.ctx.deadline = a.bound
	if dl, ok := parent.Deadline(); ok && dl.Before(a.bound) {
		a.ctx.deadline = dl // reported only: the parent ends the attempt then
	}
	a.prev, a.listed = w.tail, true
	if w.tail != nil {
		w.tail.next = a
	} else {
		w.head = a
	}
	w.tail = a
	if !w.armed {
		w.armed = true
		if w.timer == nil {
			w.timer = time.AfterFunc(w.timeout, w.fire)
		} else {
			w.timer.Reset(w.timeout)
		}
	}
	w.mu.Unlock()
	return a
}

// fire ends the attempts whose bound has passed and re-arms the timer for
// the oldest of the others.
func (w *attemptWatch) fire() {
	now := time.Now()
	var expired []*attempt
	w.mu.Lock()
	for w.head != nil && !now.Before(w.head.bound) {
		a := w.head
		w.unlink(a)
		expired = append(expired, a)
	}
	if w.head != nil {
		w.timer.Reset(w.head.bound.Sub(now))
	} else {
		w.armed = false
	}
	w.mu.Unlock()
	for _, a := range expired {
		a.cancel(w.cause)
	}
}

// unlink takes a out of the list; w.mu is held.
func (w *attemptWatch) unlink(a *attempt) {
	if a.prev != nil {
		a.prev.next = a.next
	} else {
		w.head = a.next
	}
	if a.next != nil {
		a.next.prev = a.prev
	} else {
		w.tail = a.prev
	}
	a.prev, a.next, a.listed = nil, nil, false
}

// end releases the attempt's bound: the attempt failed, or its body is
// closed. The timer stays armed for the oldest attempt left, or fires once
// more for nothing.
func (a *attempt) end() {
	if w := a.w; w != nil {
		w.mu.Lock()
		if a.listed {
			w.unlink(a)
		}
		w.mu.Unlock()
	}
	a.cancel(nil)
}

// Read reads the body. Once the bound has passed, a read that fails says
// so, whatever error the base RoundTripper gives for its ended context.
func (a *attempt) Read(p []byte) (int, error) {
	n, err := a.ReadCloser.Read(p)
	if err != nil && err != io.EOF && a.ctx.timedOut() {
		err = a.ctx.cause
	}
	return n, err
}

// Close closes the body and ends the bound.
func (a *attempt) Close() error {
	err := a.ReadCloser.Close()
	a.end()
	return err
}

// inBubble reports whether now, just read from time.Now, was read inside a
// testing/synctest bubble: there, and only there, time.Now carries no
// monotonic clock reading (the runtime leaves it out on the bubble's fake
// clock; TestInBubble checks it, and .ci/run runs it under both supported
// toolchains). A system clock set before 1885 or after 2157 gives none
// either, which only costs a timer per attempt.
func inBubble(now time.Time) bool { return now == now.Round(0) }
