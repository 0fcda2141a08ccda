package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

// down is what a provider that is down answers, after the retries.
func down(carrier string) error {
	return &tracking.APIError{Carrier: carrier, StatusCode: http.StatusServiceUnavailable, Attempts: 5}
}

// failoverClient registers scripted carriers "a", "b" and "c", each with
// a default credential "<id>-main" (and "b" a second one, "b-other"),
// routing through them in that order. a and b answer in transit; c is
// not scripted.
func failoverClient(t *testing.T, opts ...tracking.Option) (*tracking.Client, map[string]*trackingtest.Carrier) {
	t.Helper()
	cars := map[string]*trackingtest.Carrier{"a": scripted("a"), "b": scripted("b"), "c": trackingtest.NewCarrier("c")}
	store := newStore(t, asDefault(apiCred("a-main", "a")), asDefault(apiCred("b-main", "b")), apiCred("b-other", "b"),
		asDefault(apiCred("c-main", "c")))
	opts = append([]tracking.Option{tracking.WithCarrier(cars["a"]), tracking.WithCarrier(cars["b"]), tracking.WithCarrier(cars["c"]),
		tracking.WithCredentials(store), tracking.WithFailover("a", "b", "c")}, opts...)
	return newClient(t, opts...), cars
}

func TestFailoverMovesOnWhenTheFirstIsDown(t *testing.T) {
	c, cars := failoverClient(t)
	cars["a"].SetDefault(nil, down("a"))

	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " 1Z999 "})
	require.NoError(t, err)
	assert.Equal(t, "b", s.Carrier, "the answer names the carrier that served it")
	assert.Equal(t, []string{"a-main"}, cars["a"].CredentialCodes())
	assert.Equal(t, []string{"b-main"}, cars["b"].CredentialCodes(), "b is called with its own credential")
	assert.Equal(t, "", cars["b"].Calls()[0].Request.Credential)
	assert.Equal(t, "1Z999", cars["b"].Calls()[0].Request.TrackingNumber)
	assert.Empty(t, cars["c"].Calls())
}

func TestFailoverFirstHealthyCarrierAnswers(t *testing.T) {
	c, cars := failoverClient(t)
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	require.NoError(t, err)
	assert.Equal(t, "a", s.Carrier)
	assert.Empty(t, cars["b"].Calls())
}

// The caller's fault and the answers that do not fail over by default
// stop at the first carrier, and come back as they are.
func TestFailoverStops(t *testing.T) {
	for name, answer := range map[string]error{
		"not found":       &tracking.APIError{Carrier: "a", StatusCode: http.StatusNotFound},
		"unauthorized":    &tracking.APIError{Carrier: "a", StatusCode: http.StatusUnauthorized},
		"invalid request": &tracking.APIError{Carrier: "a", StatusCode: http.StatusBadRequest},
		"quota":           &tracking.APIError{Carrier: "a", StatusCode: http.StatusPaymentRequired},
	} {
		t.Run(name, func(t *testing.T) {
			c, cars := failoverClient(t)
			cars["a"].SetDefault(nil, answer)
			_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
			assert.Same(t, answer, err)
			assert.Empty(t, cars["b"].Calls())
		})
	}
	t.Run("empty number", func(t *testing.T) {
		c, cars := failoverClient(t)
		_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: " "})
		assert.ErrorIs(t, err, tracking.ErrInvalidRequest)
		assert.Empty(t, cars["a"].Calls())
	})
	t.Run("cancelled", func(t *testing.T) {
		c, cars := failoverClient(t)
		ctx, cancel := context.WithCancel(context.Background())
		cars["a"].SetDefaultFunc(func(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
			cancel() // the caller gives up while a is answering
			return nil, context.Canceled
		})
		_, err := c.Track(ctx, tracking.Request{TrackingNumber: "1Z999"})
		assert.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, cars["b"].Calls())
	})
}

func TestDefaultFailoverPolicy(t *testing.T) {
	live := context.Background()
	soon, cancel := context.WithTimeout(live, time.Minute)
	defer cancel()
	ended, stop := context.WithCancel(live)
	stop()
	limited := func(wait time.Duration) error {
		return &tracking.APIError{Carrier: "a", StatusCode: http.StatusTooManyRequests, RetryAfter: wait}
	}
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"nil", live, nil, false},
		{"503", live, down("a"), true},
		{"502", live, &tracking.APIError{StatusCode: http.StatusBadGateway}, true},
		{"connection error", live, &tracking.APIError{Kind: tracking.ErrUnavailable, Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, true},
		{"bare net error", live, &net.OpError{Op: "read", Err: errors.New("reset")}, true},
		{"carrier's own timeout", live, fmt.Errorf("attempt: %w", context.DeadlineExceeded), true},
		{"open circuit", live, fmt.Errorf("a: %w", tracking.ErrCircuitOpen), true},
		{"rate limited, no wait given", live, limited(0), true},
		{"rate limited, no deadline", live, limited(10 * time.Second), true},
		{"rate limited, wait fits the deadline", soon, limited(10 * time.Second), false},
		{"rate limited, wait passes the deadline", soon, limited(10 * time.Minute), true},
		{"not found", live, &tracking.APIError{StatusCode: http.StatusNotFound}, false},
		{"unauthorized", live, &tracking.APIError{StatusCode: http.StatusUnauthorized}, false},
		{"invalid request", live, &tracking.APIError{StatusCode: http.StatusBadRequest}, false},
		{"quota", live, &tracking.APIError{StatusCode: http.StatusPaymentRequired}, false},
		{"unsupported", live, &tracking.APIError{StatusCode: http.StatusNotImplemented}, false},
		{"undecodable", live, &tracking.DecodeError{Carrier: "a", Err: errors.New("bad")}, false},
		{"cancelled", live, context.Canceled, false},
		{"503 after the caller gave up", ended, down("a"), false},
		{"timeout after the caller gave up", ended, context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tracking.DefaultFailoverPolicy(tt.ctx, tt.err))
		})
	}
}

func TestFailoverPolicyIsReplaceable(t *testing.T) {
	orNotFound := func(ctx context.Context, err error) bool {
		return tracking.DefaultFailoverPolicy(ctx, err) || errors.Is(err, tracking.ErrNotFound)
	}
	c, cars := failoverClient(t, tracking.WithFailoverPolicy(orNotFound))
	cars["a"].SetDefault(nil, &tracking.APIError{Carrier: "a", StatusCode: http.StatusNotFound})
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	require.NoError(t, err)
	assert.Equal(t, "b", s.Carrier)

	never := func(context.Context, error) bool { return false }
	c, cars = failoverClient(t, tracking.WithFailoverPolicy(never))
	cars["a"].SetDefault(nil, down("a"))
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Empty(t, cars["b"].Calls())
}

func TestFailoverErrorJoinsEveryAttempt(t *testing.T) {
	c, cars := failoverClient(t)
	first := down("a")
	cars["a"].SetDefault(nil, first)
	cars["b"].SetDefault(nil, &tracking.APIError{Carrier: "b", Kind: tracking.ErrUnavailable,
		Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}, Message: "could not reach the provider"})
	cars["c"].SetDefault(nil, &tracking.APIError{Carrier: "c", StatusCode: http.StatusTooManyRequests, RetryAfter: time.Hour})

	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	var fe *tracking.FailoverError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{"a", "b", "c"}, fe.Carriers())
	assert.True(t, fe.Exhausted)
	assert.Equal(t, "1Z999", fe.TrackingNumber)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.ErrorIs(t, err, tracking.ErrRateLimited)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Same(t, first, apiErr, "errors.As finds the first attempt's *APIError")
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr)
	assert.Equal(t, `tracking: every carrier failed for "1Z999" (tried a, b, c); `+
		"a: provider unavailable (HTTP 503); 5 attempts; retry later; "+
		"b: provider unavailable: could not reach the provider: dial: connection refused; retry later; "+
		"c: rate limited (HTTP 429); retry after 1h0m0s; slow down or lower the carrier's rate limit; "+
		"the providers are failing: retry later, or add another carrier to WithFailover", err.Error())
}

func TestFailoverErrorWhenALaterCarrierStops(t *testing.T) {
	c, cars := failoverClient(t)
	cars["a"].SetDefault(nil, down("a"))
	cars["b"].SetDefault(nil, &tracking.APIError{Carrier: "b", StatusCode: http.StatusNotFound})

	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	var fe *tracking.FailoverError
	require.ErrorAs(t, err, &fe)
	assert.False(t, fe.Exhausted)
	assert.Equal(t, []string{"a", "b"}, fe.Carriers())
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Contains(t, err.Error(), "the last error does not fail over: act on it as it says")
	assert.Empty(t, cars["c"].Calls())
}

// A request that names its carrier goes to it alone, and through its
// breaker only when the caller opts in.
func TestFailoverNamedCarrier(t *testing.T) {
	c, cars := failoverClient(t, tracking.WithBreaker(1, time.Hour))
	cars["a"].SetDefault(nil, down("a"))
	ctx := context.Background()
	_, err := c.Track(ctx, tracking.Request{TrackingNumber: "1Z999", Carrier: "a"})
	assert.Equal(t, "a", cars["a"].Calls()[0].Request.Carrier)
	var apiErr *tracking.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode, "no failover: a's own error")
	assert.Empty(t, cars["b"].Calls())

	// Open a's circuit through a routed request, then name a again.
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1Z999"})
	require.NoError(t, err)
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1Z999"})
	require.NoError(t, err)
	assert.Len(t, cars["a"].Calls(), 2, "the circuit opened after one failure")
	_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1Z999", Carrier: "a"})
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.NotErrorIs(t, err, tracking.ErrCircuitOpen)
	assert.Len(t, cars["a"].Calls(), 3, "a named carrier is called, breaker or not")

	c, cars = failoverClient(t, tracking.WithBreaker(1, time.Hour), tracking.WithBreakerOnNamedCarrier(true))
	cars["a"].SetDefault(nil, down("a"))
	for range 3 {
		_, err = c.Track(ctx, tracking.Request{TrackingNumber: "1Z999", Carrier: "a"})
	}
	assert.ErrorIs(t, err, tracking.ErrCircuitOpen)
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "a", apiErr.Carrier)
	assert.Contains(t, err.Error(), `a: provider unavailable: not sent: credential "a-main" failed 1 times in a row`)
	assert.Len(t, cars["a"].Calls(), 1)
	assert.Empty(t, cars["b"].Calls())
	for _, r := range c.TrackMany(ctx, []tracking.Request{{TrackingNumber: "1Z999", Carrier: "a"}}) {
		assert.ErrorIs(t, r.Err, tracking.ErrCircuitOpen, "TrackMany's single calls too")
	}
	assert.Len(t, cars["a"].Calls(), 1)
}

// Each carrier uses its own credential for the request's organization; a
// named credential goes to the carrier it belongs to.
func TestFailoverCredentials(t *testing.T) {
	c, cars := failoverClient(t)
	cars["a"].SetDefault(nil, down("a"))
	_, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999", Credential: "b-other"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a-main"}, cars["a"].CredentialCodes())
	assert.Equal(t, []string{"b-other"}, cars["b"].CredentialCodes())

	// In organization "acme" only b has a credential: a is passed over.
	a, b := scripted("a"), scripted("b")
	c = newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithFailover("a", "b"),
		tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")), inTenant("acme", asDefault(apiCred("acme-b", "b"))))))
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999", Organization: "acme"})
	require.NoError(t, err)
	assert.Equal(t, "b", s.Carrier)
	assert.Empty(t, a.Calls())
	assert.Equal(t, []string{"acme-b"}, b.CredentialCodes())

	// In "other" no carrier has one: the error names both.
	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999", Organization: "other"})
	var fe *tracking.FailoverError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{"a", "b"}, fe.Carriers())
	assert.ErrorIs(t, err, credentials.ErrNoDefault)
	assert.Contains(t, err.Error(), "act on each error as it says")
}

// A carrier that does not serve the request's courier is passed over
// without a call; with none that does, the request is refused.
func TestFailoverCourier(t *testing.T) {
	c, cars, plain := newCourierClient(t, tracking.WithFailover("ups-only", "posts"))
	// A Royal Mail number, detected as such: ups-only does not serve it.
	s, err := c.Track(context.Background(), tracking.Request{TrackingNumber: "RB123456785GB"})
	require.NoError(t, err)
	assert.Equal(t, "posts", s.Carrier)
	assert.Empty(t, cars["ups-only"].Calls())
	assert.Empty(t, plain.Calls())

	s, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999", Courier: "ups"})
	require.NoError(t, err)
	assert.Equal(t, "ups-only", s.Carrier)

	// A carrier that detects couriers itself is passed over too when the
	// number is clearly another courier's.
	rm := &courierCarrier{Carrier: scripted("royal-mail-only"), serves: []string{"royal_mail"}}
	posts := &courierCarrier{Carrier: scripted("posts"), serves: []string{"usps", "royal_mail", "ups"}}
	c2 := newClient(t, tracking.WithCarrier(rm), tracking.WithCarrier(posts), tracking.WithFailover("royal-mail-only", "posts"),
		tracking.WithCredentials(newStore(t, asDefault(apiCred("rm", "royal-mail-only")), asDefault(apiCred("p", "posts")))))
	s, err = c2.Track(context.Background(), tracking.Request{TrackingNumber: "1Z 879E 9303 4683 4440"})
	require.NoError(t, err)
	assert.Equal(t, "posts", s.Carrier)
	assert.Empty(t, rm.Calls())
	s, err = c2.Track(context.Background(), tracking.Request{TrackingNumber: "RB123456785GB"})
	require.NoError(t, err)
	assert.Equal(t, "royal-mail-only", s.Carrier)
	s, err = c2.Track(context.Background(), tracking.Request{TrackingNumber: "no-clear-courier"})
	require.NoError(t, err)
	assert.Equal(t, "royal-mail-only", s.Carrier, "an unknown courier is left to the carrier")

	_, err = c.Track(context.Background(), tracking.Request{TrackingNumber: "1Z999", Courier: "dhl"})
	assert.ErrorIs(t, err, tracking.ErrUnsupported)
	assert.Contains(t, err.Error(), `no carrier of WithFailover (ups-only, posts) serves courier "dhl"`)
	assert.Empty(t, plain.Calls())
}

func TestWithFailoverRefuses(t *testing.T) {
	a, b := scripted("a"), scripted("b")
	for name, tc := range map[string]struct {
		opts []tracking.Option
		want error
	}{
		"no carrier":    {[]tracking.Option{tracking.WithFailover()}, tracking.ErrInvalidRequest},
		"unknown":       {[]tracking.Option{tracking.WithFailover("a", "z")}, tracking.ErrUnknownCarrier},
		"twice":         {[]tracking.Option{tracking.WithFailover("a", "b", "a")}, tracking.ErrInvalidRequest},
		"negative":      {[]tracking.Option{tracking.WithFailover("a"), tracking.WithBreaker(-1, 0)}, tracking.ErrInvalidRequest},
		"negative wait": {[]tracking.Option{tracking.WithBreaker(0, -time.Second)}, tracking.ErrInvalidRequest},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tracking.NewClient(append(tc.opts, tracking.WithCarrier(a), tracking.WithCarrier(b))...)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// The first carrier of the order is the default for the calls that do not
// fail over.
func TestFailoverSetsTheDefaultCarrier(t *testing.T) {
	a, b := scripted("a"), scripted("b")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithFailover("b", "a"),
		tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")), asDefault(apiCred("b-main", "b")))))
	err := c.Register(context.Background(), tracking.Request{TrackingNumber: "1Z999"})
	assert.ErrorContains(t, err, `carrier "b" cannot register numbers`)
}

// TrackMany routes each request that names no carrier on its own; the
// ones that name a carrier go to it.
func TestTrackManyFailsOverPerRequest(t *testing.T) {
	c, cars := failoverClient(t)
	cars["a"].SetDefaultFunc(func(_ context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
		if req.TrackingNumber == "DOWN" {
			return nil, down("a")
		}
		return &tracking.Shipment{Status: tracking.StatusInTransit}, nil
	})
	reqs := []tracking.Request{
		{TrackingNumber: "UP"},
		{TrackingNumber: "DOWN"},
		{TrackingNumber: "DOWN", Carrier: "a"},
		{TrackingNumber: " "},
		{TrackingNumber: "UP", Carrier: "c"},
	}
	res := c.TrackMany(context.Background(), reqs)
	require.Len(t, res, len(reqs))
	require.NoError(t, res[0].Err)
	assert.Equal(t, "a", res[0].Shipment.Carrier)
	require.NoError(t, res[1].Err)
	assert.Equal(t, "b", res[1].Shipment.Carrier)
	assert.ErrorIs(t, res[2].Err, tracking.ErrUnavailable)
	assert.ErrorIs(t, res[3].Err, tracking.ErrInvalidRequest)
	assert.ErrorIs(t, res[4].Err, tracking.ErrNotFound, "c has nothing scripted")
	for i, r := range res {
		assert.Equal(t, reqs[i], r.Request, "each result carries the request as given")
	}
	assert.Len(t, cars["b"].Calls(), 1)
}

// Breaking out of TrackEach while routed requests are failing over and
// blocked in a carrier leaves no goroutine behind.
func TestFailoverTrackEachBreakLeaksNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	c, cars := failoverClient(t, tracking.WithConcurrency(4))
	cars["a"].SetDefault(nil, down("a"))
	cars["b"].SetDefaultFunc(func(ctx context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
		if req.TrackingNumber == "FAST" {
			return &tracking.Shipment{}, nil
		}
		<-ctx.Done()
		return nil, ctx.Err()
	})
	reqs := []tracking.Request{{TrackingNumber: "SLOW1"}, {TrackingNumber: "SLOW2"}, {TrackingNumber: "FAST"}, {TrackingNumber: "SLOW3"}}
	for _, r := range c.TrackEach(context.Background(), reqs) {
		require.NoError(t, r.Err)
		assert.Equal(t, "FAST", r.Request.TrackingNumber)
		break
	}
}
