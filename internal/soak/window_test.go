//go:build go1.25

package soak

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/transport"
)

// handlerTransport serves requests with a fake's handler in memory, each
// after a random delay below jitter: the time between the SDK handing a
// request over and the provider counting it, which varies. It lets a
// carrier and its fake run in a synctest bubble, where a loopback server
// cannot (network I/O never lets the bubble's clock move), so that a run of
// ten seconds takes milliseconds and its jitter is the test's choice rather
// than the machine's load.
type handlerTransport struct {
	handler http.Handler
	jitter  time.Duration

	mu  sync.Mutex
	rng *rand.Rand
}

func (h *handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	d := time.Duration(h.rng.Int64N(int64(h.jitter)))
	h.mu.Unlock()
	time.Sleep(d)
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// strictWindowRun is TrackMany of calls numbers at R = 20 per second and
// burst 1, through ShipEngine's carrier, against its fake counting a strict
// one-second window of 20, with up to jitter between send and count.
type strictWindowRun struct {
	calls   int
	jitter  time.Duration
	pacing  []transport.LimiterOption
	refused int     // 429s the fake served
	peak    int     // most requests the fake served within one second
	rate    float64 // served requests per second, as the fake saw them
	failed  int     // results with an error
}

func (run *strictWindowRun) do(t *testing.T) {
	srv := shipenginetest.NewServer() // outside the bubble: its listener is never used
	t.Cleanup(srv.Close)
	reqs := must(t)(seedShipEngine(srv, shipEngineSmall, "SW", run.calls))
	store := storeOf(t, srv.Credential())
	synctest.Test(t, func(t *testing.T) {
		srv.RateLimitWindow(strictRate, time.Second, time.Second)
		base := &handlerTransport{handler: srv.Config.Handler, jitter: run.jitter, rng: rand.New(rand.NewPCG(7, 11))}
		client := strictWindowClient(t, srv, base, store, run.pacing)
		for _, r := range client.TrackMany(context.Background(), reqs) {
			if r.Err != nil {
				run.failed++
			}
		}
	})
	run.rate = servedRate(srv.Hits())
	run.refused = srv.Served(http.StatusTooManyRequests)
	run.peak = srv.MaxInWindow(time.Second)
}

// The measurement: against a provider counting a strict one-second
// window, pacing at exactly R is served 429s, since jitter between the SDK
// and the provider squeezes R+1 requests into some second; the default
// margin is served none and keeps at least 0.95 R. The facts asserted are
// the fake's, on the bubble's clock: no timing of this machine.
func TestStrictWindowPacing(t *testing.T) {
	t.Run("default margin", func(t *testing.T) {
		run := &strictWindowRun{calls: 200, jitter: 15 * time.Millisecond}
		run.do(t)
		assert.Zero(t, run.refused, "429s served")
		assert.Zero(t, run.failed)
		assert.LessOrEqual(t, run.peak, strictRate)
		assert.GreaterOrEqual(t, run.rate/strictRate, 0.95, "achieved rate %.2f/s", run.rate)
		t.Logf("achieved %.3f of R, peak %d in 1 s, %d refused", run.rate/strictRate, run.peak, run.refused)
	})
	// The control: the same run without margin is refused, so the test
	// above can fail.
	t.Run("no margin", func(t *testing.T) {
		run := &strictWindowRun{calls: 200, jitter: 15 * time.Millisecond, pacing: []transport.LimiterOption{transport.RateMargin(0)}}
		run.do(t)
		assert.Positive(t, run.refused, "429s served")
		t.Logf("achieved %.3f of R, peak %d in 1 s, %d refused, %d failed", run.rate/strictRate, run.peak, run.refused, run.failed)
	})
	// A larger margin absorbs a larger jitter: 5% covers 52 ms a second.
	t.Run("wider margin", func(t *testing.T) {
		run := &strictWindowRun{calls: 200, jitter: 50 * time.Millisecond, pacing: []transport.LimiterOption{transport.RateMargin(0.05)}}
		run.do(t)
		assert.Zero(t, run.refused, "429s served")
		assert.GreaterOrEqual(t, run.rate/strictRate, 0.94)
	})
}
