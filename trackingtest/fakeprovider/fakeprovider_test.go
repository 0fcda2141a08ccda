package fakeprovider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// provider is a trivial JSON API with its own fault formats.
var provider = Writers{
	Error: func(w http.ResponseWriter, _ *http.Request, status int) {
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"meta":{"code":%d}}`, status)
	},
	RateLimited: func(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
		SetRetryAfter(w.Header(), retryAfter)
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"meta":{"code":429}}`))
	},
}

func okHandler(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
}

// fake starts a server around f; its connections are not reused, so that
// net/http never replays a request on its own after a dropped connection.
func fake(t *testing.T, f *Faults, next http.Handler) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(f.Wrap(next))
	t.Cleanup(srv.Close)
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return srv, &http.Client{Transport: tr}
}

type answer struct {
	status     int
	retryAfter string
	body       string
	err        error
}

func call(t *testing.T, hc *http.Client, url string) answer {
	t.Helper()
	resp, err := hc.Get(url)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), body: string(b), err: err}
}

func TestNoFaultServesTheHandler(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{"data":{"n":1}}`))
	a := call(t, hc, srv.URL+"/v1/track")
	require.NoError(t, a.err)
	assert.Equal(t, 200, a.status)
	assert.Equal(t, `{"data":{"n":1}}`, a.body)
	assert.Equal(t, 1, f.Requests())
	assert.Equal(t, 1, f.RequestsTo("/v1/track"))
	assert.Equal(t, 0, f.RequestsTo("/other"))
	assert.Equal(t, 1, f.Served(200))
	hits := f.Hits()
	require.Len(t, hits, 1)
	assert.Equal(t, http.MethodGet, hits[0].Method)
	assert.Equal(t, "", hits[0].Fault)
}

func TestFailAndRateLimitKeepTheirOrder(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{}`))
	f.FailNext(1, 500)
	f.RateLimitNext(2, 1500*time.Millisecond)
	f.FailNext(1, 503)
	f.RateLimitNext(1, 0)
	f.FailNext(1, 429)

	want := []answer{
		{status: 500, body: `{"meta":{"code":500}}`},
		{status: 429, retryAfter: "2", body: `{"meta":{"code":429}}`}, // rounded up
		{status: 429, retryAfter: "2", body: `{"meta":{"code":429}}`},
		{status: 503, body: `{"meta":{"code":503}}`},
		{status: 429, body: `{"meta":{"code":429}}`},
		{status: 429, body: `{"meta":{"code":429}}`},
		{status: 200, body: `{}`},
	}
	for i, w := range want {
		assert.Equal(t, w, call(t, hc, srv.URL), "request %d", i)
	}
	assert.Equal(t, 4, f.Served(429))
	assert.Equal(t, []string{"fail", "ratelimit", "ratelimit", "fail", "ratelimit", "ratelimit", ""}, faults(f.Hits()))
}

func faults(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Fault
	}
	return out
}

func TestDropNextClosesTheConnection(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{}`))
	f.DropNext(1)
	f.FailNext(1, 502) // a drop takes precedence; the failure waits
	a := call(t, hc, srv.URL)
	require.Error(t, a.err)
	assert.ErrorIs(t, a.err, io.EOF)
	assert.Equal(t, 502, call(t, hc, srv.URL).status)
	assert.Equal(t, 200, call(t, hc, srv.URL).status)
	hits := f.Hits()
	assert.Equal(t, "drop", hits[0].Fault)
	assert.Equal(t, 0, hits[0].Status)
	assert.Equal(t, 3, f.Requests())
}

func TestTruncateNextBreaksTheBody(t *testing.T) {
	for name, body := range map[string]string{"json": `{"data":{"tracking_number":"1Z999","events":[]}}`, "empty": ""} {
		t.Run(name, func(t *testing.T) {
			f := NewFaults(provider)
			srv, hc := fake(t, f, okHandler(body))
			f.TruncateNext(1)
			a := call(t, hc, srv.URL)
			require.ErrorIs(t, a.err, io.ErrUnexpectedEOF)
			assert.Equal(t, 200, a.status)
			assert.Equal(t, body[:len(body)/2], a.body)
			assert.Equal(t, "truncate", f.Hits()[0].Fault)

			a = call(t, hc, srv.URL)
			require.NoError(t, a.err)
			assert.Equal(t, body, a.body)
		})
	}
}

func TestMalformNextIsNotJSON(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{"data":[]}`))
	f.MalformNext(2)
	for range 2 {
		a := call(t, hc, srv.URL)
		require.NoError(t, a.err)
		assert.Equal(t, 200, a.status)
		assert.False(t, json.Valid([]byte(a.body)), a.body)
	}
	a := call(t, hc, srv.URL)
	assert.True(t, json.Valid([]byte(a.body)))
}

// clock is a fake clock for the hits' times and the rate limit.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(d time.Duration) {
	c.mu.Lock()
	c.t = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC).Add(d)
	c.mu.Unlock()
}

func TestRateLimitEnforcesPerSecond(t *testing.T) {
	f := NewFaults(provider)
	c := &clock{}
	f.now = c.now
	srv, hc := fake(t, f, okHandler(`{}`))
	f.RateLimit(10, 1, 3*time.Second) // one every 100ms

	steps := []struct {
		at     time.Duration
		status int
	}{
		{0, 200},
		{50 * time.Millisecond, 429},
		{99 * time.Millisecond, 429},
		{100 * time.Millisecond, 200},
		{150 * time.Millisecond, 429},
		{250 * time.Millisecond, 200},
		{2 * time.Second, 200},
		{2 * time.Second, 429}, // burst 1: a long pause saves up nothing more
	}
	for _, s := range steps {
		c.set(s.at)
		a := call(t, hc, srv.URL)
		require.NoError(t, a.err)
		assert.Equal(t, s.status, a.status, "at %s", s.at)
		if s.status == 429 {
			assert.Equal(t, "3", a.retryAfter)
		}
	}
	assert.Equal(t, 4, f.Served(429))

	f.RateLimit(0, 0, 0)
	assert.Equal(t, 200, call(t, hc, srv.URL).status, "0 turns it off")
}

// A strict window refuses the (n+1)th request of any span shorter than the
// window, however long the pause before: no burst, unlike the bucket.
func TestRateLimitWindowIsStrict(t *testing.T) {
	f := NewFaults(provider)
	c := &clock{}
	f.now = c.now
	srv, hc := fake(t, f, okHandler(`{}`))
	f.RateLimitWindow(3, time.Second, 2*time.Second)
	steps := []struct {
		at     time.Duration
		status int
	}{
		{0, 200},
		{0, 200},
		{500 * time.Millisecond, 200},
		{999 * time.Millisecond, 429},  // three in (-1ms, 999ms]
		{1000 * time.Millisecond, 200}, // the two at 0 have left: half-open
		{1000 * time.Millisecond, 200},
		{1001 * time.Millisecond, 429}, // 500, 1000, 1000
		{1500 * time.Millisecond, 200}, // 500 has left
		{10 * time.Second, 200},        // a long pause saves up no burst beyond n
		{10 * time.Second, 200},
		{10 * time.Second, 200},
		{10 * time.Second, 429},
	}
	for _, s := range steps {
		c.set(s.at)
		a := call(t, hc, srv.URL)
		require.NoError(t, a.err)
		assert.Equal(t, s.status, a.status, "at %s", s.at)
		if s.status == 429 {
			assert.Equal(t, "2", a.retryAfter)
		}
	}
	assert.Equal(t, 3, f.Served(429))
	var served []Hit
	for _, h := range f.Hits() {
		if h.Status == 200 {
			served = append(served, h)
		}
	}
	assert.Len(t, served, 9)

	f.RateLimitWindow(0, time.Second, 0)
	assert.Equal(t, 200, call(t, hc, srv.URL).status, "0 turns it off")
	f.RateLimitWindow(1, time.Hour, 0)
	assert.Equal(t, 200, call(t, hc, srv.URL).status)
	assert.Equal(t, 429, call(t, hc, srv.URL).status)
	f.Reset()
	assert.Equal(t, 200, call(t, hc, srv.URL).status, "Reset turns it off")
}

func TestRateLimitBurst(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{}`))
	f.RateLimit(0.001, 3, time.Minute) // one token per ~17 minutes
	var got []int
	for range 5 {
		got = append(got, call(t, hc, srv.URL).status)
	}
	assert.Equal(t, []int{200, 200, 200, 429, 429}, got)
	assert.Equal(t, 2, f.Served(429))
}

func TestMaxInWindow(t *testing.T) {
	f := NewFaults(provider)
	c := &clock{}
	f.now = c.now
	srv, hc := fake(t, f, okHandler(`{}`))
	assert.Equal(t, 0, f.MaxInWindow(time.Second), "no hits")
	for _, at := range []time.Duration{0, 100, 150, 1000, 1050, 1100, 3000} {
		c.set(at * time.Millisecond)
		require.NoError(t, call(t, hc, srv.URL).err)
	}
	assert.Equal(t, 4, f.MaxInWindow(time.Second)) // 100, 150, 1000, 1050 (or 150..1100)
	assert.Equal(t, 3, f.MaxInWindow(101*time.Millisecond))
	assert.Equal(t, 2, f.MaxInWindow(100*time.Millisecond)) // half-open: 1000 and 1100 are not within 100ms
	assert.Equal(t, 1, f.MaxInWindow(time.Millisecond))
	assert.Equal(t, 7, f.MaxInWindow(time.Hour))
	assert.Equal(t, 0, f.MaxInWindow(0), "no panic on a zero window")
	assert.Equal(t, 0, f.MaxInWindow(-time.Second))
}

func TestLatencyEndsWithTheRequest(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{}`))
	f.SetLatency(time.Millisecond)
	assert.Equal(t, 200, call(t, hc, srv.URL).status)

	f.SetLatency(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for f.Requests() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	// srv.Close in the cleanup returns because the handler stops waiting.
}

func TestResetClearsEverything(t *testing.T) {
	f := NewFaults(provider)
	srv, hc := fake(t, f, okHandler(`{}`))
	f.FailNext(3, 500)
	f.RateLimitNext(1, time.Second)
	f.MalformNext(1)
	f.TruncateNext(1)
	f.DropNext(1)
	f.RateLimit(0.001, 1, time.Minute)
	f.SetRates(Rates{ServerError: 1}, time.Second, 7)
	require.Error(t, call(t, hc, srv.URL).err) // the drop
	f.SetLatency(time.Hour)
	f.Reset()
	assert.Equal(t, 0, f.Requests())
	for range 3 {
		a := call(t, hc, srv.URL)
		require.NoError(t, a.err)
		assert.Equal(t, 200, a.status)
		assert.Equal(t, `{}`, a.body)
	}
	assert.Equal(t, 3, f.Served(200))
}

func TestSetRatesIsRepeatable(t *testing.T) {
	run := func(seed uint64) []string {
		f := NewFaults(provider)
		srv, hc := fake(t, f, okHandler(`{"ok":true}`))
		f.SetRates(Rates{ServerError: 0.2, RateLimited: 0.2, Drop: 0.2, Truncate: 0.2}, 2*time.Second, seed)
		for range 40 {
			a := call(t, hc, srv.URL)
			if a.status == 429 {
				assert.Equal(t, "2", a.retryAfter)
			}
			if a.err != nil && !errors.Is(a.err, io.ErrUnexpectedEOF) && !errors.Is(a.err, io.EOF) {
				t.Errorf("unexpected failure %v", a.err)
			}
		}
		return faults(f.Hits())
	}
	a, b := run(42), run(42)
	assert.Equal(t, a, b, "same seed, same faults")
	kinds := map[string]int{}
	for _, k := range a {
		kinds[k]++
	}
	for _, k := range []string{"", "fail", "ratelimit", "drop", "truncate"} {
		assert.Positive(t, kinds[k], "fault %q drawn", k)
	}
	assert.NotEqual(t, a, run(43))
}

func TestDefaultWriters(t *testing.T) {
	for name, f := range map[string]*Faults{"NewFaults with no writers": NewFaults(Writers{}), "zero Faults": {}} {
		t.Run(name, func(t *testing.T) {
			srv, hc := fake(t, f, okHandler(`{}`))
			f.FailNext(1, 503)
			f.RateLimitNext(1, 30*time.Second)
			a := call(t, hc, srv.URL)
			assert.Equal(t, 503, a.status)
			assert.JSONEq(t, `{"error":{"status":503,"message":"Service Unavailable"}}`, a.body)
			a = call(t, hc, srv.URL)
			assert.Equal(t, 429, a.status)
			assert.Equal(t, "30", a.retryAfter)
			assert.True(t, json.Valid([]byte(a.body)))
		})
	}
}

func TestSetRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "", -time.Second: "", time.Millisecond: "1", time.Second: "1", 1001 * time.Millisecond: "2", 2 * time.Minute: "120"} {
		h := http.Header{}
		SetRetryAfter(h, d)
		assert.Equal(t, want, h.Get("Retry-After"), d.String())
	}
}

// Under concurrent load the hits stay in arrival order.
func TestConcurrentHitsInOrder(t *testing.T) {
	f := NewFaults(provider)
	srv := httptest.NewServer(f.Wrap(okHandler(`{}`)))
	t.Cleanup(srv.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	f.FailNext(5, 500)
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := hc.Get(srv.URL); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	hits := f.Hits()
	require.Len(t, hits, 40)
	for i := 1; i < len(hits); i++ {
		assert.False(t, hits[i].Time.Before(hits[i-1].Time), "hit %d earlier than hit %d", i, i-1)
	}
	assert.Equal(t, []string{"fail", "fail", "fail", "fail", "fail"}, faults(hits[:5]), "the queued faults go to the first arrivals")
	assert.Equal(t, 5, f.Served(500))
	assert.Equal(t, 35, f.Served(200))
}
