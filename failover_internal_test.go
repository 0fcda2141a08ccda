package tracking

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// canWait: only a rate-limit answer that names a positive wait ending
// before the deadline can be waited for.
func TestCanWait(t *testing.T) {
	far, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	near, cancel2 := context.WithTimeout(context.Background(), time.Second)
	defer cancel2()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"wait fits", far, &APIError{Kind: ErrRateLimited, RetryAfter: time.Minute}, true},
		{"wait outlasts the deadline", near, &APIError{Kind: ErrRateLimited, RetryAfter: time.Minute}, false},
		{"no deadline", context.Background(), &APIError{Kind: ErrRateLimited, RetryAfter: time.Second}, false},
		{"no wait named", far, &APIError{Kind: ErrRateLimited}, false},
		{"negative wait", far, &APIError{Kind: ErrRateLimited, RetryAfter: -time.Second}, false},
		{"not an APIError", far, errors.New("dial tcp: refused"), false},
	} {
		assert.Equal(t, tc.want, canWait(tc.ctx, tc.err), tc.name)
	}
}
