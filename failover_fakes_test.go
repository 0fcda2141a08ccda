package tracking_test

// Everything the failover tests know of particular fakes (their seeded
// numbers, their fault methods, their wire) is in this file; the tests
// in failover_integration_test.go go through fakePair.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// fakePair is a Track123 fake (first) and a Tracktry fake (second) that
// both hold the same USPS parcel.
type fakePair struct {
	first  *track123test.Server
	second *tracktrytest.Server
	req    tracking.Request // the parcel both hold
}

// newFakePair starts the two fakes. Call it outside a synctest bubble:
// their listeners wait on the network, which a bubble cannot, so the
// clients below reach their handlers in process instead.
func newFakePair(t *testing.T) *fakePair {
	t.Helper()
	p := &fakePair{first: track123test.NewServer(), second: tracktrytest.NewServer(),
		req: tracking.Request{TrackingNumber: track123test.NumberDelivered, Courier: "usps"}}
	t.Cleanup(p.first.Close)
	t.Cleanup(p.second.Close)
	p.second.Add("usps", track123test.NumberDelivered, "delivered", "")
	return p
}

// pairOptions are the carriers' settings for a test.
type pairOptions struct {
	retry      transport.RetryPolicy // both carriers' retries; zero: the default
	secondRate rate.Limit            // the second carrier's rate limit; 0: its default
}

// client returns a client failing over from the first fake to the second,
// whose carriers reach the fakes' handlers in process (no sockets), so
// that the whole exchange runs inside a synctest bubble.
func (p *fakePair) client(t *testing.T, o pairOptions, opts ...tracking.Option) *tracking.Client {
	t.Helper()
	firstOpts := []track123.Option{track123.WithBaseURL(p.first.BaseURL()), track123.WithRetry(o.retry),
		track123.WithHTTPClient(&http.Client{Transport: inProcess{p.first.Config.Handler}})}
	secondOpts := []tracktry.Option{tracktry.WithBaseURL(p.second.BaseURL()), tracktry.WithRetry(o.retry),
		tracktry.WithHTTPClient(&http.Client{Transport: inProcess{p.second.Config.Handler}})}
	if o.secondRate > 0 {
		secondOpts = append(secondOpts, tracktry.WithRateLimit(o.secondRate, 1))
	}
	store, err := credentials.NewMemoryStore(p.first.Credential(), p.second.Credential())
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]tracking.Option{
		tracking.WithCarrier(track123.New(firstOpts...)),
		tracking.WithCarrier(tracktry.New(secondOpts...)),
		tracking.WithCredentials(store),
		tracking.WithFailover(track123.ID, tracktry.ID),
	}, opts...)
	c, err := tracking.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The carriers' IDs, in failover order.
const (
	firstID  = track123.ID
	secondID = tracktry.ID
)

// firstDown makes the first fake answer every request with a 503.
func (p *fakePair) firstDown() { p.first.FailNext(1_000_000, http.StatusServiceUnavailable) }

// firstDrops makes the first fake close every connection unanswered.
func (p *fakePair) firstDrops() { p.first.DropNext(1_000_000) }

// firstUp clears the first fake's faults; its counters restart at zero.
func (p *fakePair) firstUp() { p.first.Reset() }

// firstRequests is how many requests the first fake received.
func (p *fakePair) firstRequests() int { return p.first.Requests() }

// secondLimit makes the second fake refuse requests faster than
// perSecond, as the provider does.
func (p *fakePair) secondLimit(perSecond float64) { p.second.RateLimit(perSecond, 1, time.Second) }

// secondRequests is how many requests the second fake received.
func (p *fakePair) secondRequests() int { return p.second.Requests() }

// secondRefused is how many requests the second fake refused for going
// too fast, whatever status it answered them with.
func (p *fakePair) secondRefused() int {
	n := 0
	for _, h := range p.second.Hits() {
		if h.Fault == "ratelimit" {
			n++
		}
	}
	return n
}

// secondPeak is the most requests the second fake received within any
// window of length d.
func (p *fakePair) secondPeak(d time.Duration) int { return p.second.MaxInWindow(d) }

// inProcess serves requests with a fake's handler in the caller's
// goroutine. A handler that drops the connection (it aborts, having no
// connection to hijack) is a connection error, as on the wire.
type inProcess struct{ h http.Handler }

func (ip inProcess) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			resp, err = nil, errors.New("connection reset by peer")
		}
	}()
	rec := httptest.NewRecorder()
	ip.h.ServeHTTP(rec, r.Clone(r.Context()))
	if r.Body != nil {
		_ = r.Body.Close()
	}
	resp = rec.Result()
	resp.Request = r
	return resp, nil
}

// Two providers hold the same parcel; the first is down, so the client
// asks the second, and the answer names it. When both are down, the
// error names both and matches what each failed with.
func ExampleWithFailover() {
	first := track123test.NewServer()
	defer first.Close()
	second := tracktrytest.NewServer()
	defer second.Close()
	second.Add("usps", track123test.NumberDelivered, "delivered", "")
	first.FailNext(100, http.StatusServiceUnavailable) // Track123 is down

	store, err := credentials.NewMemoryStore(first.Credential(), second.Credential())
	if err != nil {
		fmt.Println(err)
		return
	}
	noRetry := transport.RetryPolicy{MaxRetries: -1} // keeps the example fast
	client, err := tracking.NewClient(
		tracking.WithCarrier(track123.New(track123.WithBaseURL(first.BaseURL()), track123.WithRetry(noRetry))),
		tracking.WithCarrier(tracktry.New(tracktry.WithBaseURL(second.BaseURL()), tracktry.WithRetry(noRetry))),
		tracking.WithCredentials(store),
		tracking.WithFailover(track123.ID, tracktry.ID), // the order to try them in
		tracking.WithBreaker(3, time.Minute),            // after 3 failures, leave Track123 alone for a minute
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	req := tracking.Request{TrackingNumber: track123test.NumberDelivered, Courier: "usps"}
	s, err := client.Track(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Carrier, s.Status)

	second.FailNext(100, http.StatusServiceUnavailable) // Tracktry is down too
	_, err = client.Track(ctx, req)
	var fe *tracking.FailoverError
	if errors.As(err, &fe) {
		fmt.Println(fe.Carriers(), errors.Is(err, tracking.ErrUnavailable))
	}
	// Output:
	// tracktry delivered
	// [track123 tracktry] true
}
