package soak

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
	"github.com/parcelkit/tracking/transport"
)

// strictRate is the limit of the strict-window runs, the provider's and
// the carrier's: 20 per second, the measurement.
const strictRate = 20

// strictWindowClient is a client of ShipEngine's carrier over base, paced
// at strictRate with burst 1 and the given pacing options, concurrency 8.
func strictWindowClient(tb testing.TB, srv *shipenginetest.Server, base http.RoundTripper, store credentials.Store, pacing []transport.LimiterOption) *tracking.Client {
	carrier := shipengine.New(
		shipengine.WithBaseURL(srv.BaseURL()),
		shipengine.WithHTTPClient(&http.Client{Transport: base}),
		shipengine.WithRateLimit(strictRate, 1, pacing...),
	)
	return newBenchClient(tb, carrier, store, 8)
}

// servedRate is the rate of the requests the fake served (200), as its
// clock saw them: (served-1) / (last - first). 0 with fewer than two.
func servedRate(hits []fakeprovider.Hit) float64 {
	var first, last time.Time
	served := 0
	for _, h := range hits {
		if h.Status == http.StatusOK {
			if served == 0 {
				first = h.Time
			}
			last = h.Time
			served++
		}
	}
	if served < 2 {
		return 0
	}
	return float64(served-1) / last.Sub(first).Seconds()
}

// BenchmarkStrictWindow is TestStrictWindowPacing on the machine's own
// clock and loopback: TrackMany of 200 numbers through ShipEngine at
// WithRateLimit(20, 1) against its fake counting a strict one-second window
// of 20 (RateLimitWindow), with the limiter's default margin and with none.
// One iteration takes about ten seconds. It reports, as the fake saw them:
//
//	rate/R          served requests per second over R, (served-1)/(last-first)
//	429s            refusals
//	peak-req-in-1s  the most requests within any second
func BenchmarkStrictWindow(b *testing.B) {
	for _, bc := range []struct {
		name   string
		pacing []transport.LimiterOption
	}{
		{"margin_default", nil},
		{"margin_0", []transport.LimiterOption{transport.RateMargin(0)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv := shipenginetest.NewServer()
			b.Cleanup(srv.Close)
			reqs := must(b)(seedShipEngine(srv, shipEngineSmall, "SW", 200))
			store := storeOf(b, srv.Credential())
			var rateSum float64
			var refused, peak int
			for range b.N {
				srv.Reset()
				srv.RateLimitWindow(strictRate, time.Second, time.Second)
				base := newBase()
				client := strictWindowClient(b, srv, base, store, bc.pacing)
				for _, r := range client.TrackMany(context.Background(), reqs) {
					if r.Err != nil {
						b.Fatalf("%s: %v", r.Request.TrackingNumber, r.Err)
					}
				}
				base.CloseIdleConnections()
				rateSum += servedRate(srv.Hits()) / strictRate
				refused += srv.Served(http.StatusTooManyRequests)
				peak = max(peak, srv.MaxInWindow(time.Second))
			}
			b.ReportMetric(rateSum/float64(b.N), "rate/R")
			b.ReportMetric(float64(refused)/float64(b.N), "429s")
			b.ReportMetric(float64(peak), "peak-req-in-1s")
		})
	}
}
