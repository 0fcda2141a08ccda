package transport

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

// callState is one call's bookkeeping, carried in its context. A call is
// one Do (or one use of the client), redirects included.
type callState struct {
	mu       sync.Mutex
	attempts int           // attempts made so far, over redirects too
	wrote    bool          // the current attempt's request reached the connection
	nextWait time.Duration // the wait checkRetry chose for the retry it allowed
	lastCost int           // budget tokens spent on the latest retry; 0 when none
	last     *Response     // the answer the transport turned into an error
}

func (s *callState) startAttempt() {
	s.mu.Lock()
	s.attempts++
	s.wrote = false
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

type stateKey struct{}

func stateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(stateKey{}).(*callState)
	return s
}
