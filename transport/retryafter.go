package transport

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfterHeader caps what RetryAfter reports, whatever the header
// says.
const maxRetryAfterHeader = 24 * time.Hour

// RetryAfter parses a Retry-After header, in seconds or as an HTTP date,
// relative to now. It reports false when the header is absent or invalid.
// A date in the past gives 0; anything longer than a day gives a day,
// however many digits the number of seconds has.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && secs > 0 {
		// Too many digits for an int64 is still a number of seconds
		// (RFC 9110 section 10.2.3: delay-seconds = 1*DIGIT), and a very
		// long wait; ParseInt saturates, so secs is MaxInt64 here.
		err = nil
	}
	if err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfterHeader/time.Second) {
			return maxRetryAfterHeader, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfterHeader), true
	}
	return 0, false
}
