package tracking_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
)

// track tracks a routed request and returns the carrier that answered.
func track(t *testing.T, c *tracking.Client, req tracking.Request) string {
	t.Helper()
	s, err := c.Track(context.Background(), req)
	require.NoError(t, err)
	return s.Carrier
}

var routed = tracking.Request{TrackingNumber: "1Z999"}

// After repeated failures the circuit opens and a is left alone for the
// cool-down; then one probe goes through, and traffic returns when it
// succeeds.
func TestBreakerOpensThenProbes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, cars := failoverClient(t, tracking.WithBreaker(3, time.Minute))
		cars["a"].SetDefault(nil, down("a"))
		for range 8 {
			assert.Equal(t, "b", track(t, c, routed))
		}
		assert.Len(t, cars["a"].Calls(), 3, "open after 3 failures in a row")

		time.Sleep(time.Minute - time.Millisecond)
		assert.Equal(t, "b", track(t, c, routed))
		assert.Len(t, cars["a"].Calls(), 3, "still cooling down")

		time.Sleep(2 * time.Millisecond)
		cars["a"].SetDefault(&tracking.Shipment{Status: tracking.StatusInTransit}, nil)
		assert.Equal(t, "a", track(t, c, routed), "the probe succeeds")
		assert.Equal(t, "a", track(t, c, routed))
		assert.Len(t, cars["a"].Calls(), 5)
	})
}

func TestBreakerFailedProbeReopens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, cars := failoverClient(t, tracking.WithBreaker(2, time.Minute))
		cars["a"].SetDefault(nil, down("a"))
		for range 3 {
			track(t, c, routed)
		}
		require.Len(t, cars["a"].Calls(), 2)
		time.Sleep(time.Minute + time.Millisecond)
		assert.Equal(t, "b", track(t, c, routed), "the probe fails over too")
		assert.Len(t, cars["a"].Calls(), 3)
		for range 3 {
			assert.Equal(t, "b", track(t, c, routed))
		}
		assert.Len(t, cars["a"].Calls(), 3, "open again for another cool-down")
	})
}

// The defaults: five failures in a row, thirty seconds.
func TestBreakerDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, cars := failoverClient(t)
		cars["a"].SetDefault(nil, down("a"))
		for range 7 {
			track(t, c, routed)
		}
		assert.Len(t, cars["a"].Calls(), tracking.DefaultBreakerFailures)
		time.Sleep(tracking.DefaultBreakerCoolDown + time.Millisecond)
		track(t, c, routed)
		assert.Len(t, cars["a"].Calls(), tracking.DefaultBreakerFailures+1)
	})
}

// Answers, even refusals, say the provider is up; a call the caller cut
// short says nothing. Neither opens the circuit.
func TestBreakerCountsOnlyProviderFailures(t *testing.T) {
	c, cars := failoverClient(t, tracking.WithBreaker(2, time.Hour))
	notFound := &tracking.APIError{Carrier: "a", StatusCode: http.StatusNotFound}
	script := []error{down("a"), notFound, down("a"), notFound, notFound, notFound}
	for _, answer := range script {
		cars["a"].SetDefault(nil, answer)
		_, _ = c.Track(context.Background(), routed)
	}
	assert.Len(t, cars["a"].Calls(), len(script), "a NotFound between failures resets the count")

	cars["a"].SetDefault(nil, down("a"))
	_, _ = c.Track(context.Background(), routed) // 1 failure
	ctx, cancel := context.WithCancel(context.Background())
	cars["a"].SetDefaultFunc(func(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
		cancel()
		return nil, down("a") // as a transport that saw the cancel late might
	})
	for range 3 {
		_, _ = c.Track(ctx, routed)
	}
	assert.Len(t, cars["a"].Calls(), len(script)+2, "a cancelled call does not count; the next one is refused by the caller's context before any call")
	cars["a"].SetDefault(&tracking.Shipment{}, nil)
	assert.Equal(t, "a", track(t, c, routed), "still closed")
}

// While the probe is under way, the other requests fail over.
func TestBreakerHalfOpenLetsOneProbeThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, cars := failoverClient(t, tracking.WithBreaker(1, time.Minute))
		cars["a"].SetDefault(nil, down("a"))
		track(t, c, routed)
		time.Sleep(time.Minute + time.Millisecond)

		release := make(chan struct{})
		cars["a"].SetDefaultFunc(func(context.Context, tracking.Request, credentials.Credential) (*tracking.Shipment, error) {
			<-release
			return &tracking.Shipment{}, nil
		})
		probe := make(chan string)
		go func() { probe <- track(t, c, routed) }()
		synctest.Wait() // the probe is blocked in a
		for range 3 {
			assert.Equal(t, "b", track(t, c, routed))
		}
		close(release)
		assert.Equal(t, "a", <-probe)
		assert.Len(t, cars["a"].Calls(), 2)
		assert.Equal(t, "a", track(t, c, routed))
	})
}

// One breaker per credential: another organization's credential for the
// same carrier is still sent to.
func TestBreakerPerCredential(t *testing.T) {
	a, b := scripted("a"), scripted("b")
	c := newClient(t, tracking.WithCarrier(a), tracking.WithCarrier(b), tracking.WithFailover("a", "b"), tracking.WithBreaker(1, time.Hour),
		tracking.WithCredentials(newStore(t, asDefault(apiCred("a-main", "a")), asDefault(apiCred("b-main", "b")),
			inTenant("acme", asDefault(apiCred("acme-a", "a"))), inTenant("acme", asDefault(apiCred("acme-b", "b"))))))
	a.SetDefault(nil, down("a"))
	track(t, c, routed)
	track(t, c, routed)
	assert.Equal(t, []string{"a-main"}, a.CredentialCodes())
	track(t, c, tracking.Request{TrackingNumber: "1Z999", Organization: "acme"})
	assert.Equal(t, []string{"a-main", "acme-a"}, a.CredentialCodes())
}

// With every circuit open nothing is sent, and the error says so.
func TestBreakerEveryCircuitOpen(t *testing.T) {
	c, cars := failoverClient(t, tracking.WithBreaker(1, time.Hour))
	for _, id := range []string{"a", "b", "c"} {
		cars[id].SetDefault(nil, down(id))
	}
	_, _ = c.Track(context.Background(), routed)
	_, err := c.Track(context.Background(), routed)
	var fe *tracking.FailoverError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{"a", "b", "c"}, fe.Carriers())
	assert.True(t, fe.Exhausted)
	assert.ErrorIs(t, err, tracking.ErrCircuitOpen)
	assert.Contains(t, err.Error(), "retry later, or add another carrier to WithFailover")
	for _, id := range []string{"a", "b", "c"} {
		assert.Len(t, cars[id].Calls(), 1, id)
	}
}

// The client's own rate limiter declining to wait past a deadline says
// nothing of the provider: the request fails over, and the circuit stays
// closed.
func TestBreakerIgnoresTheLocalRateLimit(t *testing.T) {
	c, cars := failoverClient(t, tracking.WithBreaker(1, time.Hour))
	cars["a"].SetDefault(nil, &tracking.APIError{Carrier: "a", Kind: tracking.ErrRateLimited, RetryAfter: time.Hour,
		Message: "the local rate limit would delay this call past its deadline"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for range 3 {
		s, err := c.Track(ctx, routed)
		require.NoError(t, err)
		assert.Equal(t, "b", s.Carrier)
	}
	assert.Len(t, cars["a"].Calls(), 3, "a's circuit stays closed")
}

// The breaker's state changes reach the client's logger: opening as a
// warning.
func TestBreakerLogsStateChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
		c, cars := failoverClient(t, tracking.WithBreaker(1, time.Minute), tracking.WithLogger(logger))
		cars["a"].SetDefault(nil, down("a"))
		track(t, c, routed)
		time.Sleep(time.Minute + time.Millisecond)
		cars["a"].SetDefault(&tracking.Shipment{}, nil)
		track(t, c, routed)
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		require.Len(t, lines, 3, logs.String())
		assert.Contains(t, lines[0], `level=WARN msg="circuit breaker" carrier=a credential=a-main organization="" from=closed to=open`)
		assert.Contains(t, lines[1], "from=open to=half-open")
		assert.Contains(t, lines[2], "from=half-open to=closed")
		assert.NotContains(t, logs.String(), "secret-value", "no secret in the logs")
	})
}
