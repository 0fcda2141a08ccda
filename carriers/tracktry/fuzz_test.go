package tracktry

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// fuzzCarrier answers every request with status and body, without network
// or retries.
func fuzzCarrier(status int, body []byte) *Carrier {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(string(body))), Request: r}, nil
	})
	return New(WithHTTPClient(&http.Client{Transport: rt}), WithBaseURL(mockRoot), WithRateLimit(rate.Inf, 1),
		WithRetry(transport.RetryPolicy{MaxRetries: -1}), WithAutoRegister(false))
}

// checkErr fails unless err is one of the carrier's typed errors.
func checkErr(t *testing.T, err error) {
	t.Helper()
	var apiErr *tracking.APIError
	var decErr *tracking.DecodeError
	if !errors.As(err, &apiErr) && !errors.As(err, &decErr) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if apiErr != nil && apiErr.Carrier != ID {
		t.Fatalf("error names carrier %q", apiErr.Carrier)
	}
}

// checkShipment fails on a shipment breaking the model's promises.
func checkShipment(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	if s == nil {
		t.Fatal("nil shipment without error")
	}
	if !s.Status.Valid() {
		t.Fatalf("status %q", s.Status)
	}
	for _, e := range s.Events {
		if !e.Status.Valid() {
			t.Fatalf("event status %q", e.Status)
		}
		if !e.Time.IsZero() && e.Time.Location() != nil && e.Time.Location().String() != "UTC" {
			t.Fatalf("event time not UTC: %v", e.Time)
		}
	}
}

func seedFixtures(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(fixture(f, n))
	}
	for _, s := range []string{"", "null", "{}", "[]", `{"meta":{"code":200},"data":"x"}`, "<html>", `{"meta":{"code":429}}`,
		`{"meta":{"code":200},"data":{"items":[{"tracking_number":1,"origin_info":{"trackinfo":[{"Date":7}]}}]}}`} {
		f.Add([]byte(s))
	}
}

func FuzzGetResponse(f *testing.F) {
	seedFixtures(f, "get-tracking-delivered.json", "get-tracking-data-array-pending.json", "realtime-response-in-transit.json",
		"create-response.json", "error-tracking-not-exist-4017.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := fuzzCarrier(200, body).get(context.Background(), "usps", "X1", mockCred)
		if err != nil {
			checkErr(t, err)
			return
		}
		checkShipment(t, s)
	})
}

func FuzzListResponse(f *testing.F) {
	seedFixtures(f, "list-trackings-page.json", "list-empty-4031.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		n := 0
		for s, err := range fuzzCarrier(200, body).ListMatching(context.Background(), Query{Limit: 2}, mockCred) {
			if err != nil {
				checkErr(t, err)
				return
			}
			checkShipment(t, s)
			if n++; n > 10 {
				return // a body that always fills the page repeats itself
			}
		}
	})
}

func FuzzErrorEnvelope(f *testing.F) {
	for _, n := range []string{"error-invalid-key-4001.json", "error-insufficient-balance-4021.json",
		"error-rate-limited-429.json", "error-tracking-not-exist-4017.json", "batch-create-response-partial.json"} {
		for _, status := range []int{200, 400, 401, 429, 500} {
			f.Add(status, fixture(f, n))
		}
	}
	f.Add(502, []byte("<html>Bad Gateway</html>"))
	f.Add(200, []byte(`{"meta":{"code":99999999999999999999}}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 {
			return
		}
		c := fuzzCarrier(status, body)
		_, err := c.get(context.Background(), "usps", "X1", mockCred)
		if err != nil {
			checkErr(t, err)
		}
		results, err := c.RegisterBatch(context.Background(), []tracking.Request{{TrackingNumber: "A1", Courier: "usps"},
			{TrackingNumber: "300400000001", Courier: "4px"}}, mockCred)
		if err != nil {
			checkErr(t, err)
			return
		}
		for _, r := range results {
			if r.Err != nil {
				checkErr(t, r.Err)
			} else {
				checkShipment(t, r.Shipment)
			}
		}
	})
}

func FuzzParseWebhook(f *testing.F) {
	seedFixtures(f, "webhook-track-tm-v2-assumed.json", "get-tracking-delivered.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := ParseWebhook(body)
		if err != nil {
			checkErr(t, err)
			return
		}
		if len(got) == 0 {
			t.Fatal("no shipment and no error")
		}
		for _, s := range got {
			checkShipment(t, s)
			if s.TrackingNumber == "" {
				t.Fatalf("a webhook shipment without a tracking number: %+v", s)
			}
		}
	})
}
