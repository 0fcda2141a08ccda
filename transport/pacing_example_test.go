package transport_test

import (
	"fmt"
	"time"

	"github.com/parcelkit/tracking/transport"
)

// A limiter paces a little below the rate it is given, so that a provider
// counting a strict window never sees one request too many. The margin and
// the provider's window are options; carriers take the same options as the
// third argument of their WithRateLimit.
func ExampleRateMargin() {
	l := transport.NewLimiter(20, 1) // the default margin, 2%
	fmt.Printf("%.1f per second\n", float64(l.Limit()))

	l = transport.NewLimiter(20, 1, transport.RateMargin(0)) // a provider counting with a token bucket
	fmt.Printf("%.1f per second\n", float64(l.Limit()))

	// 200 a minute with a burst of 10, against a provider counting each
	// minute: the burst's extra 9 come out of the minute's 200.
	l = transport.NewLimiter(transport.PerMinute(200), 10, transport.RateWindow(time.Minute))
	fmt.Printf("%.1f per minute, burst %d\n", float64(l.Limit())*60, l.Burst())
	// Output:
	// 19.6 per second
	// 20.0 per second
	// 187.2 per minute, burst 10
}
