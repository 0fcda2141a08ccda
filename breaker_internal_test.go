package tracking

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Only the client's own limiter declining to wait (rate limited, no HTTP
// status) is kept away from the breaker; a provider's 429, or any other
// failure without a status, is not.
func TestLocalRateLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"local limiter", &APIError{Kind: ErrRateLimited}, true},
		{"wrapped local limiter", fmt.Errorf("track: %w", &APIError{Kind: ErrRateLimited}), true},
		{"provider 429", &APIError{Kind: ErrRateLimited, StatusCode: 429}, false},
		{"no status, unavailable", &APIError{Kind: ErrUnavailable}, false},
		{"not an APIError", errors.New("dial tcp: refused"), false},
		{"bare sentinel", ErrRateLimited, false},
	} {
		assert.Equal(t, tc.want, localRateLimit(tc.err), tc.name)
	}
}
