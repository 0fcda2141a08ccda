package soak

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
	"github.com/parcelkit/tracking/transport"
)

// The soak's fault mix, drawn from a fixed seed so that a run repeats.
var (
	soakRates = fakeprovider.Rates{ServerError: 0.20, RateLimited: 0.05, Drop: 0.02, Truncate: 0.01}
	soakSeed  = uint64(20260305)
)

const (
	// soakRetryAfter is what every rate-limit answer of the soak asks for.
	soakRetryAfter = time.Second
	// soakLimit is the fake's limit and the carrier's pace, per second:
	// a little above what a 2-core machine reaches under -race, so that
	// the client runs into its limit in the soak's bursts (the waves of
	// retries after Retry-After) while the soak stays short.
	soakLimit = 1000.0
	// soakClientBurst is the carrier's burst at soakLimit.
	soakClientBurst = 10
	// soakConcurrency is TrackMany's concurrency: enough calls under way
	// that the one-second Retry-After waits (about 5% of attempts) overlap
	// while the other calls keep the limit busy.
	soakConcurrency = 64
)

// soakPolicy retries fast, so that the soak is bound by Retry-After and
// the limiter rather than by backoff.
var soakPolicy = transport.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 20 * time.Millisecond}

// soakCalls is the ShipEngine part's number of calls.
func soakCalls() int {
	if testing.Short() {
		return 1_000
	}
	return 10_000
}

// soakRun is one fake, one carrier and its client, instrumented.
type soakRun struct {
	faults  *fakeprovider.Faults
	client  *tracking.Client
	rec     *recorder
	logs    *lockedBuffer
	scanner *secretScanner
	reqs    []tracking.Request
	// fakeBurst is the burst of the fake's limiter.
	fakeBurst int
}

// soakLogger logs everything at debug level as JSON into buf.
func soakLogger(buf *lockedBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestFaultSoak sends calls through TrackMany while the fakes inject
// 5xx, rate limits with Retry-After, dropped connections and truncated
// JSON, and checks every outcome, the rate the fake observed, the
// Retry-After gaps and the secrecy of logs and errors.
func TestFaultSoak(t *testing.T) {
	t.Run("shipengine", func(t *testing.T) {
		srv := shipenginetest.NewServer()
		t.Cleanup(srv.Close)
		r := &soakRun{faults: srv.Faults, logs: &lockedBuffer{}, fakeBurst: serverBurst(soakClientBurst, soakConcurrency)}
		r.reqs = must(t)(seedShipEngine(srv, shipEngineSmall, "SE", soakCalls()))
		logger := soakLogger(r.logs)
		base := newBase()
		t.Cleanup(base.CloseIdleConnections)
		r.rec = newRecorder(base, numberFromQuery)
		carrier := shipengine.New(
			shipengine.WithBaseURL(srv.BaseURL()),
			shipengine.WithHTTPClient(&http.Client{Transport: r.rec}),
			shipengine.WithRateLimit(rate.Limit(soakLimit), soakClientBurst),
			shipengine.WithRetry(soakPolicy),
			shipengine.WithLogger(logger),
		)
		r.client = newSoakClient(t, carrier, logger, srv.Credential())
		r.scanner = newSecretScanner(srv.Credential(), srv.SandboxCredential())
		srv.RateLimit(soakLimit, r.fakeBurst, soakRetryAfter)
		srv.SetRates(soakRates, soakRetryAfter, soakSeed)
		r.run(t)
	})
	t.Run("track123", func(t *testing.T) {
		// Track123's fake scans its trackings for each number asked, so a
		// query costs in proportion to how many it holds: this part is a
		// tenth of the ShipEngine part's size to keep the soak short.
		srv := track123test.NewServer(track123test.WithoutSeed())
		t.Cleanup(srv.Close)
		r := &soakRun{faults: srv.Faults, logs: &lockedBuffer{}, fakeBurst: serverBurst(soakClientBurst, soakConcurrency)}
		r.reqs = must(t)(seedTrack123(srv, "TK", soakCalls()/10))
		logger := soakLogger(r.logs)
		base := newBase()
		t.Cleanup(base.CloseIdleConnections)
		r.rec = newRecorder(base, numberFromBody)
		carrier := track123.New(
			track123.WithBaseURL(srv.BaseURL()),
			track123.WithHTTPClient(&http.Client{Transport: r.rec}),
			track123.WithRateLimit(rate.Limit(soakLimit), soakClientBurst),
			track123.WithRetry(soakPolicy),
			track123.WithLogger(logger),
			// A number is never unknown here; an import would be a
			// second request for the same number and blur the gaps.
			track123.WithAutoRegister(false),
		)
		// One query per number, so that a fault hits one call, as with
		// ShipEngine; the batch path is measured by the benchmark.
		r.client = newSoakClient(t, oneByOne{carrier}, logger, srv.Credential())
		r.scanner = newSecretScanner(srv.Credential())
		srv.RateLimit(soakLimit, r.fakeBurst, soakRetryAfter)
		srv.SetRates(soakRates, soakRetryAfter, soakSeed)
		r.run(t)
	})
}

// oneByOne hides a carrier's BatchTracker, so that TrackMany calls Track
// once per request.
type oneByOne struct{ tracking.Carrier }

func newSoakClient(t *testing.T, carrier tracking.Carrier, logger *slog.Logger, cred credentials.Credential) *tracking.Client {
	t.Helper()
	store, err := credentials.NewMemoryStore(cred)
	if err != nil {
		t.Fatal(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(carrier),
		tracking.WithCredentials(store),
		tracking.WithConcurrency(soakConcurrency),
		tracking.WithLogger(logger),
	)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// run sends every request through TrackMany and checks the run.
func (r *soakRun) run(t *testing.T) {
	assertScannerWorks(t, r.scanner)

	// A backstop only: no call should come near it.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	results := r.client.TrackMany(ctx, r.reqs)
	elapsed := time.Since(start)

	// Every call ends in a shipment or a typed error.
	tally := map[string]int{}
	example := map[string]string{} // one error string per category, for the log
	var errText strings.Builder
	for i, res := range results {
		if res.Request.TrackingNumber != r.reqs[i].TrackingNumber {
			t.Fatalf("result %d is for %q, want %q", i, res.Request.TrackingNumber, r.reqs[i].TrackingNumber)
		}
		if res.Err == nil {
			if res.Shipment == nil {
				t.Errorf("%s: no shipment and no error", res.Request.TrackingNumber)
			} else if res.Shipment.TrackingNumber != res.Request.TrackingNumber {
				t.Errorf("%s: shipment of %q", res.Request.TrackingNumber, res.Shipment.TrackingNumber)
			}
			tally["ok"]++
			continue
		}
		if ctx.Err() != nil {
			t.Fatalf("the soak ran into its backstop deadline: %v", res.Err)
		}
		c := category(res.Err)
		if c == "" {
			t.Errorf("%s: untyped error %T: %v", res.Request.TrackingNumber, res.Err, res.Err)
			c = fmt.Sprintf("untyped %T", res.Err)
		}
		tally[c]++
		fmt.Fprintf(&errText, "%v\n%+v\n", res.Err, res.Err)
		if _, ok := example[c]; !ok {
			example[c] = res.Err.Error()
		}
	}

	hits := r.faults.Hits()
	attempts := r.rec.all()
	t.Logf("%d calls in %v: %s", len(results), elapsed.Round(time.Millisecond), formatTally(tally))
	t.Logf("fake: %d hits (%d rate-limited, %d dropped, %d truncated, %d 5xx); client attempts recorded: %d",
		len(hits), countFault(hits, "ratelimit"), countFault(hits, "drop"), countFault(hits, "truncate"),
		countFault(hits, "fail"), len(attempts))

	// The rate the fake saw stays within its limit and burst. A dropped
	// connection is left out: when it was a reused keep-alive connection,
	// net/http replays a GET on a new one by itself, beneath the
	// transport's limiter, so one token may bring a dropped hit and its
	// replay. Without the dropped hits, each token brings at most one.
	peak := maxInWindow(hits, time.Second, "drop")
	bound := int(soakLimit) + r.fakeBurst
	t.Logf("peak in any 1 s window: %d requests without dropped ones (bound %d); %d with them (fakeprovider.MaxInWindow: %d); "+
		"replays by net/http (fake hits - client attempts): %d",
		peak, bound, maxInWindow(hits, time.Second), r.faults.MaxInWindow(time.Second), len(hits)-len(attempts))
	if peak > bound {
		t.Errorf("the fake saw %d requests within one second, above its limit %v + burst %d", peak, soakLimit, r.fakeBurst)
	}

	// Every Retry-After is waited out before the same number's next attempt.
	checked, bad := checkRetryAfterGaps(attempts)
	t.Logf("Retry-After gaps checked: %d", checked)
	if checked == 0 {
		t.Error("no rate-limit answer with Retry-After was followed by a retry: the gap check proved nothing")
	}
	for i, v := range bad {
		if i == 10 {
			t.Errorf("... and %d more", len(bad)-10)
			break
		}
		t.Errorf("%s: retried %v after a Retry-After of %v", v.number, v.gap, v.retryAfter)
	}

	// No secret in any log line or error string.
	logs := r.logs.String()
	lines := r.scanner.scanLines(t, "log", logs)
	if r.scanner.scanLines(t, "error", errText.String()); !t.Failed() {
		for _, c := range slices.Sorted(maps.Keys(example)) {
			t.Logf("example of %q: %s", c, example[c])
		}
	}
	if lines == 0 || !strings.Contains(logs, `"level":"DEBUG"`) {
		t.Error("no debug log line was written: the secret scan proved nothing")
	}
	t.Logf("log lines scanned: %d (%d KiB); error strings scanned: %d",
		lines, len(logs)>>10, len(results)-tally["ok"])
}

// formatTally lists outcomes, most frequent first.
func formatTally(tally map[string]int) string {
	keys := slices.SortedFunc(maps.Keys(tally), func(a, b string) int { return tally[b] - tally[a] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, tally[k])
	}
	return strings.Join(parts, ", ")
}

// TestSecretScannerCanFail shows that the scan used by the soak finds a
// planted secret, in each printed form, and only where it is.
func TestSecretScannerCanFail(t *testing.T) {
	cred := credentials.Credential{Code: "planted", Fields: map[string]credentials.Secret{
		"api_key": "pl4nted-key/with+chars\"quoted", "api_secret": "second-planted-secret",
	}}
	s := newSecretScanner(cred)
	assertScannerWorks(t, s)
	for _, tc := range []struct {
		line string
		want []string
	}{
		{`{"msg":"attempt","header":"pl4nted-key/with+chars\"quoted"}`, []string{"planted.api_key"}},
		{`{"msg":"attempt","url":"/x?key=pl4nted-key%2Fwith%2Bchars%22quoted"}`, []string{"planted.api_key"}},
		{`error: bad token second-planted-secret`, []string{"planted.api_secret"}},
		{`{"msg":"attempt","api_key":"[REDACTED]"}`, nil},
	} {
		if got := s.find(tc.line); !slices.Equal(got, tc.want) {
			t.Errorf("find(%s) = %v, want %v", tc.line, got, tc.want)
		}
	}
	// The scan the soak runs over its logs and errors reports the planted
	// line, and only it.
	text := "{\"msg\":\"clean\"}\n{\"msg\":\"leak\",\"k\":\"second-planted-secret\"}\n\n{\"msg\":\"clean\"}\n"
	lines, leaks := s.scan(text)
	if lines != 3 || len(leaks) != 1 || leaks[0].line != 2 || !slices.Equal(leaks[0].fields, []string{"planted.api_secret"}) {
		t.Errorf("scan = %d lines, %+v; want 3 lines and a leak on line 2 of planted.api_secret", lines, leaks)
	}
}
