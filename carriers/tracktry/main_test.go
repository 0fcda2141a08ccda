package tracktry

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/transport"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fastRetry keeps retries quick: the machine is shared, and tests assert
// counts, never timings.
var fastRetry = transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// testOptions are the options every test carrier gets: no local limit,
// fast retries, and the transport's backoff instead of the two-minute
// rate-limit wait.
func testOptions(base string, more ...Option) []Option {
	return append([]Option{
		WithBaseURL(base),
		WithRateLimit(rate.Inf, 1),
		WithRetry(fastRetry),
		WithRateLimitWait(0),
	}, more...)
}

// fixture reads testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roundTripFunc is an http.RoundTripper from a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
