package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const apiKey = "bench-api-key"

// backend is a minimal ShipEngine stand-in answering every request with
// the delivered sample: no fault injection or routing, so that only the
// client side's cost differs between the two paths.
func backend(tb testing.TB) *httptest.Server {
	tb.Helper()
	body, err := os.ReadFile("testdata/get-tracking-delivered.json")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// sdkTrack returns Client.Track through the whole stack: client,
// credential resolution, carrier, retrying transport, limiter (set to no
// limit: the benchmark measures overhead, not pacing) and decoding.
func sdkTrack(tb testing.TB, base string) func(context.Context) (tracking.Status, error) {
	store, err := credentials.NewMemoryStore(credentials.Credential{
		Code: "bench", Carrier: shipengine.ID, Active: true, Default: true,
		Fields: map[string]credentials.Secret{shipengine.FieldAPIKey: apiKey},
	})
	if err != nil {
		tb.Fatal(err)
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(shipengine.New(shipengine.WithBaseURL(base), shipengine.WithRateLimit(rate.Inf, 1))),
		tracking.WithCredentials(store),
	)
	if err != nil {
		tb.Fatal(err)
	}
	req := tracking.Request{TrackingNumber: "794600000012", Courier: "fedex"}
	return func(ctx context.Context) (tracking.Status, error) {
		s, err := client.Track(ctx, req)
		if err != nil {
			return "", err
		}
		return s.Status, nil
	}
}

// rawTracking is what a hand-written client would decode.
type rawTracking struct {
	TrackingNumber   string `json:"tracking_number"`
	TrackingURL      string `json:"tracking_url"`
	StatusCode       string `json:"status_code"`
	StatusDetailCode string `json:"status_detail_code"`
	CarrierCode      string `json:"carrier_code"`
	ShipDate         string `json:"ship_date"`
	Estimated        string `json:"estimated_delivery_date"`
	Delivered        string `json:"actual_delivery_date"`
	Events           []struct {
		OccurredAt        string   `json:"occurred_at"`
		CarrierOccurredAt string   `json:"carrier_occurred_at"`
		Description       string   `json:"description"`
		CityLocality      *string  `json:"city_locality"`
		StateProvince     *string  `json:"state_province"`
		PostalCode        *string  `json:"postal_code"`
		CountryCode       string   `json:"country_code"`
		EventCode         string   `json:"event_code"`
		StatusCode        string   `json:"status_code"`
		StatusDetailCode  string   `json:"status_detail_code"`
		Latitude          *float64 `json:"latitude"`
		Longitude         *float64 `json:"longitude"`
	} `json:"events"`
}

// rawTrack returns a plain GET and json.Unmarshal of the same answer, with
// the same base transport the SDK uses by default.
func rawTrack(base string) func(context.Context) (string, error) {
	hc := &http.Client{Transport: transport.DefaultBase()}
	url := base + "/v1/tracking?carrier_code=fedex&tracking_number=794600000012"
	return func(ctx context.Context) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return "", err
		}
		req.Header.Set("API-Key", apiKey)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return "", err
		}
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		var v rawTracking
		if err := json.Unmarshal(body, &v); err != nil {
			return "", err
		}
		return v.StatusCode, nil
	}
}

// TestPaths checks that both benchmarked paths work, so that a broken
// setup fails here rather than benchmarking errors.
func TestPaths(t *testing.T) {
	srv := backend(t)
	ctx := context.Background()
	if s, err := sdkTrack(t, srv.URL)(ctx); err != nil || s != tracking.StatusDelivered {
		t.Errorf("SDK path: %v, %v", s, err)
	}
	if code, err := rawTrack(srv.URL)(ctx); err != nil || code != "DE" {
		t.Errorf("raw path: %v, %v", code, err)
	}
}

// BenchmarkTrack compares Client.Track through the whole SDK with a raw
// GET and json.Unmarshal of the same body, on loopback.
func BenchmarkTrack(b *testing.B) {
	srv := backend(b)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		track := sdkTrack(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := track(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		track := rawTrack(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := track(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	// interleaved alternates the two paths call by call and times each,
	// so that both see the same machine: on a shared machine the load
	// changes within a run, and two separate runs measure it as much as
	// the code. It reports each path's ns per call and their ratio.
	b.Run("interleaved", func(b *testing.B) {
		interleave(b, sdkTrack(b, srv.URL), rawTrack(srv.URL), func() (context.Context, context.CancelFunc) {
			return ctx, func() {}
		})
	})
	// interleaved_deadline gives each call of either path a context with a
	// deadline, as a service's request-scoped context has. Both paths pay
	// for it; the SDK then sets no attempt timer of its own (the caller's
	// deadline is the nearer), where with context.Background it bounds
	// each attempt by DefaultAttemptTimeout and the raw client bounds
	// nothing.
	b.Run("interleaved_deadline", func(b *testing.B) {
		interleave(b, sdkTrack(b, srv.URL), rawTrack(srv.URL), func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, 30*time.Second)
		})
	})
}

// interleave runs the sdk and raw paths in turn, each call with a context
// from newCtx (made and cancelled inside the timed call), and reports
// sdk-ns/call, raw-ns/call and sdk/raw.
func interleave[S, R any](b *testing.B, sdk func(context.Context) (S, error), raw func(context.Context) (R, error),
	newCtx func() (context.Context, context.CancelFunc)) {
	var sdkTime, rawTime time.Duration
	for i := 0; b.Loop(); i++ {
		// Alternate which goes first, so neither always runs just
		// after the other's garbage.
		for j := range 2 {
			start := time.Now()
			ctx, cancel := newCtx()
			if (i+j)%2 == 0 {
				_, err := sdk(ctx)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				sdkTime += time.Since(start)
			} else {
				_, err := raw(ctx)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				rawTime += time.Since(start)
			}
		}
	}
	b.ReportMetric(float64(sdkTime.Nanoseconds())/float64(b.N), "sdk-ns/call")
	b.ReportMetric(float64(rawTime.Nanoseconds())/float64(b.N), "raw-ns/call")
	b.ReportMetric(float64(sdkTime)/float64(rawTime), "sdk/raw")
}
