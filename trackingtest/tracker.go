package trackingtest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/parcelkit/tracking"
)

// TrackFunc computes a Tracker's answer to a request.
type TrackFunc func(ctx context.Context, req tracking.Request) (*tracking.Shipment, error)

// Tracker is a scripted tracking.Tracker for applications that mock at
// that interface. Script answers per tracking number with Set, and for
// every other number with SetDefault or SetDefaultFunc; Calls tells what
// the application asked. It is safe for concurrent use.
//
// Like tracking.Client, Track first returns ctx's error when ctx has ended
// and an error matching tracking.ErrInvalidRequest for an empty or blank
// tracking number; numbers are matched with surrounding spaces trimmed.
// A number with no scripted answer, when no default is set, gets an error
// matching tracking.ErrNotFound whose message names the number, so that a
// test that forgot to script one fails saying which.
type Tracker struct {
	mu       sync.Mutex
	answers  map[string]answer
	fallback *answer
	fn       TrackFunc
	calls    []tracking.Request
}

var _ tracking.Tracker = (*Tracker)(nil)

// answer is one scripted outcome.
type answer struct {
	shipment *tracking.Shipment
	err      error
}

// NewTracker returns a Tracker with nothing scripted.
func NewTracker() *Tracker {
	return &Tracker{answers: map[string]answer{}}
}

// Set scripts the answer for trackingNumber: a copy of s (whose
// TrackingNumber, when empty, is filled from the request) and err. A later
// Set for the same number replaces it.
func (t *Tracker) Set(trackingNumber string, s *tracking.Shipment, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.answers[strings.TrimSpace(trackingNumber)] = answer{shipment: cloneShipment(s), err: err}
}

// SetDefault scripts the answer for every number that has none of its own,
// replacing any earlier default.
func (t *Tracker) SetDefault(s *tracking.Shipment, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fallback, t.fn = &answer{shipment: cloneShipment(s), err: err}, nil
}

// SetDefaultFunc makes fn answer every number that has no answer of its
// own, replacing any earlier default. fn may be called concurrently.
func (t *Tracker) SetDefaultFunc(fn TrackFunc) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fallback, t.fn = nil, fn
}

// Track records the request and returns its scripted answer.
func (t *Tracker) Track(ctx context.Context, req tracking.Request) (*tracking.Shipment, error) {
	number := strings.TrimSpace(req.TrackingNumber)
	t.mu.Lock()
	t.calls = append(t.calls, cloneRequest(req))
	a, ok := t.answers[number]
	fallback, fn := t.fallback, t.fn
	t.mu.Unlock()

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if number == "" {
		return nil, fmt.Errorf("trackingtest: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	switch {
	case ok:
	case fn != nil:
		return fn(ctx, req)
	case fallback != nil:
		a = *fallback
	default:
		return nil, fmt.Errorf("trackingtest: Tracker has no answer for tracking number %q; script one with Set or SetDefault: %w",
			number, tracking.ErrNotFound)
	}
	return a.result(number, "")
}

// Calls returns a copy of every request Track received, in arrival order.
func (t *Tracker) Calls() []tracking.Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]tracking.Request, len(t.calls))
	for i, r := range t.calls {
		out[i] = cloneRequest(r)
	}
	return out
}

// result returns a fresh copy of the scripted shipment, its empty
// TrackingNumber and Carrier filled in, and the scripted error.
func (a answer) result(number, carrier string) (*tracking.Shipment, error) {
	s := cloneShipment(a.shipment)
	if s != nil {
		if s.TrackingNumber == "" {
			s.TrackingNumber = number
		}
		if s.Carrier == "" {
			s.Carrier = carrier
		}
	}
	return s, a.err
}
