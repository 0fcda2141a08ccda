package transport

import "sync"

// RetryBudget is a token bucket spent by retries and refilled by
// successes, after the AWS SDK's retry quota: while a provider is down the
// budget empties and calls stop retrying instead of piling on. It is safe
// for concurrent use; share one per provider.
type RetryBudget struct {
	mu       sync.Mutex
	tokens   int
	capacity int
}

// Budget costs, as in the AWS SDK's standard retryer.
const (
	retryCost       = 5
	connErrorCost   = 10
	successRefund   = 1
	DefaultCapacity = 500 // tokens in a new RetryBudget
)

// NewRetryBudget returns a full budget of capacity tokens.
func NewRetryBudget(capacity int) *RetryBudget {
	if capacity < 0 {
		capacity = 0
	}
	return &RetryBudget{tokens: capacity, capacity: capacity}
}

// take spends cost tokens, reporting false (and spending nothing) when
// there are not enough.
func (b *RetryBudget) take(cost int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// refund returns n tokens, up to capacity.
func (b *RetryBudget) refund(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.tokens = min(b.capacity, b.tokens+n)
	b.mu.Unlock()
}

// Available reports the tokens left.
func (b *RetryBudget) Available() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
