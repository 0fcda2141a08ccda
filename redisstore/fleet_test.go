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
func TestFourReplicasShareOneLimit(t *testing.T) {
	addr := redisAddr(t)
	const R, calls, workers = 20, 50, 2 // about 2.5 s
	fake, front, arrivals, url := provider(t, R)
	cs := replicas(t, 4, addr, url, R, redisstore.WithNamespace(namespace(t)))
	req, cred := shipenginetest.Seeds()[0].Request(), fake.Credential()

	var next atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for _, c := range cs {
		for range workers {
			wg.Go(func() {
				for next.Add(1) <= calls {
					if _, err := c.Track(context.Background(), req, cred); err != nil {
						errs <- err
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Track: %v", err)
	}

	assert.Zero(t, front.refusals(), "429s served")
	assert.LessOrEqual(t, arrivals.MaxInWindow(time.Second), R, "requests in one window as the provider counts them")
	hits := arrivals.Hits()
	require.Len(t, hits, calls)
	achieved := float64(calls-1) / hits[calls-1].Time.Sub(hits[0].Time).Seconds()
	t.Logf("achieved %.2f a second of %d (%.3f)", achieved, R, achieved/R)
	assert.GreaterOrEqual(t, achieved, 0.95*R, "the fleet's rate")
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
