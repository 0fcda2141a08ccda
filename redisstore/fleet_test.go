package redisstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/redisstore"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// strictWindow is a provider's front door that counts requests in a
// strict sliding window: a request is refused with 429 when limit were
// already accepted in the window before it.
type strictWindow struct {
	limit  int
	window time.Duration
	next   http.Handler

	mu       sync.Mutex
	accepted []time.Time
	refused  int
}

func (s *strictWindow) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := time.Now()
	n := 0
	for i := len(s.accepted) - 1; i >= 0 && now.Sub(s.accepted[i]) < s.window; i-- {
		n++
	}
	if n >= s.limit {
		s.refused++
		s.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		http.Error(w, `{"errors":[{"message":"Too Many Requests"}]}`, http.StatusTooManyRequests)
		return
	}
	s.accepted = append(s.accepted, now)
	s.mu.Unlock()
	s.next.ServeHTTP(w, r)
}

func (s *strictWindow) refusals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// provider is one fake ShipEngine behind a strict window of limit a
// second; arrivals records every request as the provider sees it, before
// the window.
func provider(t *testing.T, limit int) (fake *shipenginetest.Server, front *strictWindow, arrivals *fakeprovider.Faults, url string) {
	t.Helper()
	fake = shipenginetest.NewServer()
	t.Cleanup(fake.Close)
	front = &strictWindow{limit: limit, window: time.Second, next: fake.Config.Handler}
	arrivals = fakeprovider.NewFaults(fakeprovider.Writers{})
	srv := httptest.NewServer(arrivals.Wrap(front))
	t.Cleanup(srv.Close)
	return fake, front, arrivals, srv.URL
}

// replicas builds n carriers as n replicas would: each with its own Redis
// client and connections, its own Limiter and its own HTTP client, all
// for one provider account.
func replicas(t *testing.T, n int, addr, url string, r rate.Limit, opts ...redisstore.Option) []*shipengine.Carrier {
	t.Helper()
	out := make([]*shipengine.Carrier, n)
	for i := range out {
		lim, err := redisstore.NewLimiter(newClient(t, addr), r, 1, opts...)
		require.NoError(t, err)
		out[i] = shipengine.New(shipengine.WithBaseURL(url), shipengine.WithLimiter(lim))
	}
	return out
}

// The proof for the limiter: four replicas sharing one API key never put
// more than R requests into any one-second window of a provider counting
// strictly, are never refused, and together reach at least 0.95 of R.
//
// The rate is the limiter's only while the test process runs: a process
// the machine does not schedule for a while loses the slots of that while
// (the limiter then takes new slots rather than crowd the provider's
// window), as any client would. On a loaded two-core machine under -race
// this process was measured starved for 0.7-1.5 s of a 3 s run. So a run
// that falls short of 0.95 R is repeated, up to fleetAttempts runs, but
// only when the starvation a probe measured explains the shortfall; the
// safety assertions (no 429, at most R in any window) hold on every run.
func TestFourReplicasShareOneLimit(t *testing.T) {
	addr := redisAddr(t)
	const R, calls = 20, 50                  // about 2.5 s a run
	seconds := float64(calls-1) / (0.95 * R) // the longest span that makes 0.95 R
	needed := time.Duration(seconds * float64(time.Second))
	for attempt := 1; ; attempt++ {
		run := runFleet(t, addr, R, calls)
		assert.Zero(t, run.refused, "429s served")
		assert.LessOrEqual(t, run.maxInWindow, R, "requests in one window as the provider counts them")
		achieved := float64(calls-1) / run.span.Seconds()
		t.Logf("run %d: achieved %.2f a second of %d (%.3f); the process was starved %v of %v",
			attempt, achieved, R, achieved/R, run.starved.Round(time.Millisecond), run.span.Round(time.Millisecond))
		if t.Failed() || achieved >= 0.95*R {
			return
		}
		if run.span-run.starved > needed || attempt == fleetAttempts {
			t.Errorf("the fleet reached %.2f a second, under 0.95 of %d; the process was starved %v of %v (starvation explains a shortfall only when the run, less it, is within %v)",
				achieved, R, run.starved.Round(time.Millisecond), run.span.Round(time.Millisecond), needed)
			return
		}
	}
}

// fleetAttempts bounds the runs of TestFourReplicasShareOneLimit.
const fleetAttempts = 3

// fleetRun is what the provider saw in one run of the four replicas.
type fleetRun struct {
	refused     int           // 429s served
	maxInWindow int           // the most requests in any one-second window
	span        time.Duration // from the first measured arrival to the last
	starved     time.Duration // how long the process was not scheduled during the run
}

// runFleet has four replicas (two workers each) make calls requests
// through one shared limit of R a second, after one call each to open
// their connections (counted in the window, not in the rate).
func runFleet(t *testing.T, addr string, R, calls int) fleetRun {
	t.Helper()
	const workers = 2
	fake, front, arrivals, url := provider(t, R)
	cs := replicas(t, 4, addr, url, rate.Limit(R), redisstore.WithNamespace(namespace(t)))
	req, cred := shipenginetest.Seeds()[0].Request(), fake.Credential()
	for _, c := range cs {
		_, err := c.Track(context.Background(), req, cred)
		require.NoError(t, err, "warm-up call")
	}
	warm := len(cs)

	probe := startStarvationProbe()
	var next atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for _, c := range cs {
		for range workers {
			wg.Go(func() {
				for next.Add(1) <= int32(calls) {
					if _, err := c.Track(context.Background(), req, cred); err != nil {
						errs <- err
					}
				}
			})
		}
	}
	wg.Wait()
	starved := probe.stop()
	close(errs)
	for err := range errs {
		t.Errorf("Track: %v", err)
	}
	hits := arrivals.Hits()
	require.Len(t, hits, warm+calls)
	return fleetRun{
		refused:     front.refusals(),
		maxInWindow: arrivals.MaxInWindow(time.Second),
		span:        hits[len(hits)-1].Time.Sub(hits[warm].Time),
		starved:     starved,
	}
}

// starvationProbe measures how long the process goes unscheduled: it
// sleeps a millisecond at a time and adds up how late it wakes, counting
// only wakes later than the timer's usual slack.
type starvationProbe struct {
	done    chan struct{}
	starved chan time.Duration
}

func startStarvationProbe() *starvationProbe {
	const tick, slack = time.Millisecond, 2 * time.Millisecond
	p := &starvationProbe{done: make(chan struct{}), starved: make(chan time.Duration)}
	go func() {
		var starved time.Duration
		for {
			select {
			case <-p.done:
				p.starved <- starved
				return
			default:
			}
			t0 := time.Now()
			time.Sleep(tick)
			if late := time.Since(t0) - tick; late > slack {
				starved += late
			}
		}
	}()
	return p
}

// stop ends the probe and returns the starvation it measured.
func (p *starvationProbe) stop() time.Duration {
	close(p.done)
	return <-p.starved
}

// outcome counts what replicas' calls returned, for the outage test.
type outcome struct {
	mu          sync.Mutex
	ok, down    int
	unexpected  []error
	downPhaseOK int // successes while Redis was stopped
	stopped     bool
}

func (o *outcome) record(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case err == nil:
		o.ok++
		if o.stopped {
			o.downPhaseOK++
		}
	case errors.Is(err, redisstore.ErrUnavailable) && errors.Is(err, tracking.ErrUnavailable):
		o.down++
	default:
		o.unexpected = append(o.unexpected, err)
	}
}

func (o *outcome) get() (ok, down, downPhaseOK int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ok, o.down, o.downPhaseOK
}

// waitFor polls cond until it holds; the bound only keeps a broken test
// from hanging, it asserts no timing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 2000 {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

// Redis stopped in the middle of a run: calls fail with the typed error
// and send nothing (or, with the fallback, go on at the local rate);
// nothing panics or leaks (TestMain runs goleak); once Redis is back, the
// same replicas recover without a restart.
func TestRedisOutageMidRun(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		name := "typed error"
		if fallback {
			name = "local fallback"
		}
		t.Run(name, func(t *testing.T) {
			srv := startRedisServer(t)
			fake, front, arrivals, url := provider(t, 1000)
			opts := []redisstore.Option{redisstore.WithNamespace(namespace(t))}
			if fallback {
				opts = append(opts, redisstore.WithLocalFallback(0.25))
			}
			cs := replicas(t, 4, srv.addr(), url, 200, opts...)
			req, cred := shipenginetest.Seeds()[0].Request(), fake.Credential()

			var o outcome
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for _, c := range cs {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						_, err := c.Track(context.Background(), req, cred)
						o.record(err)
					}
				})
			}
			waitFor(t, "calls through Redis", func() bool { ok, _, _ := o.get(); return ok >= 20 })
			srv.stop()
			o.mu.Lock()
			o.stopped = true // counts only calls ending after the server died
			o.mu.Unlock()
			if fallback {
				waitFor(t, "calls paced locally", func() bool { _, _, n := o.get(); return n >= 10 })
			} else {
				waitFor(t, "calls failing with the typed error", func() bool { _, down, _ := o.get(); return down >= 20 })
			}
			srv.start()
			o.mu.Lock()
			o.stopped = false
			okBefore := o.ok
			o.mu.Unlock()
			waitFor(t, "calls through Redis again", func() bool { ok, _, _ := o.get(); return ok >= okBefore+20 })
			close(stop)
			wg.Wait()

			ok, down, _ := o.get()
			assert.Empty(t, o.unexpected, "every failure is the typed error")
			assert.Zero(t, front.refusals())
			assert.Equal(t, ok, arrivals.Requests(), "a call refused for want of Redis sends nothing")
			if fallback {
				assert.Zero(t, down, "the fallback never fails a call")
			} else {
				assert.Positive(t, down)
			}
		})
	}
}
