package transport

import (
	"context"
	"io"
	"net/http"
	"sync"
)

// callState is one call's bookkeeping: one Do, or one use of the client
// New returns, redirects included. It is also the call's context: the
// caller's, with the state as a value, so that starting a call costs one
// allocation. The pacer, below the http.Client, finds it there, or is
// handed it by Do (statePacer), which then need not copy the request.
type callState struct {
	context.Context // the caller's

	mu       sync.Mutex
	attempts int       // attempts made so far, redirect hops included
	wrote    bool      // the current attempt's request reached the connection
	lastCost int       // budget tokens spent on the latest retry; 0 when none
	last     *Response // the answer the transport turned into an error
}

type stateKey struct{}

// newCallState starts a call under ctx.
func newCallState(ctx context.Context) *callState { return &callState{Context: ctx} }

// Value answers for the state itself and asks the caller's context for
// everything else (which keeps context's cancellation fast path: the
// cancelCtx below is found through Value).
func (s *callState) Value(key any) any {
	if key == (stateKey{}) {
		return s
	}
	return s.Context.Value(key)
}

func stateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(stateKey{}).(*callState)
	return s
}

// startAttempt counts an attempt (or a redirect hop) as the pacer sends it.
func (s *callState) startAttempt() {
	s.mu.Lock()
	s.attempts++
	s.wrote = false
	s.mu.Unlock()
}

// markWritten records that the current attempt reached the connection.
func (s *callState) markWritten() {
	s.mu.Lock()
	s.wrote = true
	s.mu.Unlock()
}

func (s *callState) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

func (s *callState) didWrite() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrote
}

// spent records the budget tokens a retry took, and refund returns how
// many a success gives back: what the latest retry took, or successRefund.
func (s *callState) spent(cost int) {
	s.mu.Lock()
	s.lastCost = cost
	s.mu.Unlock()
}

func (s *callState) refund() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastCost == 0 {
		return successRefund
	}
	return s.lastCost
}

// keep records an answer that the transport is about to turn into an
// error, so that Do can still let the carrier's ErrorDecoder read it.
func (s *callState) keep(resp *http.Response) {
	if resp == nil {
		return
	}
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
	}
	s.mu.Lock()
	s.last = &Response{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), Body: body}
	s.mu.Unlock()
}

func (s *callState) lastAnswer() *Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}
