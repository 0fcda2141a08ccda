package track123

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

var queryFixtures = []string{
	"query-response-delivered.json",
	"query-response-page-1-of-2.json",
	"query-response-page-2-of-2.json",
	"query-realtime-response-available-for-pickup.json",
	"import-response-partial.json",
	"delete-response-partial.json",
	"courier-list.json",
}

var errorFixtures = []string{
	"error-interface-not-exist-c0113.json",
	"error-invalid-token-a0230.json",
	"error-param-message-key-a0410.json",
	"error-rate-limited-a0706.json",
}

var fuzzCred = credentials.Credential{Code: "fuzz", Carrier: ID, Active: true,
	Fields: map[string]credentials.Secret{FieldAPISecret: "fuzz-secret-value"}}

type answer func(*http.Request) (*http.Response, error)

func (f answer) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fuzzCarrier answers every request with status and body, never retrying.
func fuzzCarrier(status int, body []byte) *Carrier {
	rt := answer(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
	})
	return New(WithHTTPClient(&http.Client{Transport: rt}), WithRetry(transport.RetryPolicy{MaxRetries: -1}),
		WithRateLimit(rate.Inf, 1), WithAutoRegister(false), WithMaxPages(3))
}

// checkErr fails an error that is not typed, or that holds the secret.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var apiErr *tracking.APIError
	var decErr *tracking.DecodeError
	if !errors.As(err, &apiErr) && !errors.As(err, &decErr) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("fuzz-secret-value")) {
		t.Fatalf("error holds the secret: %v", err)
	}
}

func checkShipment(t *testing.T, s *tracking.Shipment) {
	t.Helper()
	if s == nil {
		t.Fatal("nil shipment without an error")
	}
	if !s.Status.Valid() {
		t.Fatalf("status %q", s.Status)
	}
	var prev time.Time
	for i, e := range s.Events {
		if !e.Status.Valid() {
			t.Fatalf("event %d status %q", i, e.Status)
		}
		if !e.Time.IsZero() {
			if e.Time.Location() != time.UTC {
				t.Fatalf("event %d time not UTC", i)
			}
			if !prev.IsZero() && e.Time.After(prev) {
				t.Fatalf("event %d is newer than the one before", i)
			}
			prev = e.Time
		}
	}
	for _, p := range []*time.Time{s.ShippedAt, s.DeliveredAt, s.EstimatedDelivery, &s.UpdatedAt} {
		if p != nil && !p.IsZero() && p.Location() != time.UTC {
			t.Fatal("a shipment time is not UTC")
		}
	}
}

// FuzzQueryResponse feeds any body, as an HTTP 200 answer, to every
// reading call.
func FuzzQueryResponse(f *testing.F) {
	for _, name := range append(queryFixtures, errorFixtures...) {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`{"code":"00000","data":{"accepted":{"content":[{"trackNo":1,"id":229255084490768384123,"localLogisticsInfo":{"trackingDetails":[{"eventTime":"2026-13-45 99:00:00","timezone":"+99:00"}]}}]}}}`))
	f.Add([]byte(`{"code":"00000","data":{"accepted":null,"rejected":[{"trackNo":"X1","error":null}]}}`))
	f.Add([]byte(`{"code":"00000","data":{"accepted":{"content":[{"trackNo":"X1"}],"cursor":"c","totalPages":-1}}}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzCarrier(http.StatusOK, body)
		ctx := context.Background()

		res, err := c.TrackBatch(ctx, []tracking.Request{{TrackingNumber: "9261290000000000000017"}, {TrackingNumber: "X1"}}, fuzzCred)
		checkErr(t, err)
		for _, r := range res {
			checkErr(t, r.Err)
			if r.Err == nil {
				checkShipment(t, r.Shipment)
			}
		}
		for tr, err := range c.ListMatching(ctx, Query{}, fuzzCred) {
			checkErr(t, err)
			if err == nil {
				checkShipment(t, tr.Shipment)
			}
		}
		tr, err := c.Realtime(ctx, tracking.Request{TrackingNumber: "X1"}, fuzzCred)
		checkErr(t, err)
		if err == nil {
			checkShipment(t, tr.Shipment)
		}
		_, err = c.RegisterBatch(ctx, []Registration{{TrackingNumber: "X1"}}, fuzzCred)
		checkErr(t, err)
		_, err = c.Couriers(ctx, fuzzCred)
		checkErr(t, err)
	})
}

// FuzzErrorEnvelope feeds any body with any HTTP status.
func FuzzErrorEnvelope(f *testing.F) {
	for _, name := range errorFixtures {
		for _, status := range []int{200, 400, 401, 404, 429, 500} {
			f.Add(status, readFixture(f, name))
		}
	}
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(200, []byte(`{"code":"00000"}`))
	f.Add(418, []byte(`{"code":"00000","message":{"x":1}}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 0 {
			status = -status
		}
		status = 200 + status%400
		c := fuzzCarrier(status, body)
		ctx := context.Background()
		s, err := c.Track(ctx, tracking.Request{TrackingNumber: "X1"}, fuzzCred)
		checkErr(t, err)
		if err == nil {
			checkShipment(t, s)
		}
		checkErr(t, c.Update(ctx, Number{TrackingNumber: "X1", Courier: "usps"}, Changes{Remark: "r"}, fuzzCred))
		_, err = c.UnregisterBatch(ctx, []Number{{TrackingNumber: "X1"}}, fuzzCred)
		checkErr(t, err)
		if status >= 400 && err == nil {
			t.Fatalf("HTTP %d answered without an error", status)
		}
	})
}

// FuzzParseWebhook feeds any body to ParseWebhook.
func FuzzParseWebhook(f *testing.F) {
	f.Add(readFixture(f, "webhook-track.json"))
	f.Add([]byte(`{"data":[{"trackNo":"A"},{"trackNo":"B","transitStatus":"Delivered"}]}`))
	f.Add([]byte(`{"data":null,"verify":{}}`))
	f.Add([]byte(`{"data":{"trackNo":""}}`))
	f.Add([]byte(`[]`))
	f.Add(readFixture(f, "webhook-app-track.json"))
	f.Add([]byte(`{"trackingNumber":"A","transitStatus":"In Transit","trackInfo":[{"eventTime":"2026-13-45 99:00:00"},null]}`))
	f.Add([]byte(`{"trackingNumber":" ","carrierInfo":{"queryLink":"{trackingNo}"}}`))
	f.Add([]byte(`{"trackingNumber":5,"trackInfo":{},"carrierInfo":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		shipments, err := ParseWebhook(body)
		if err != nil {
			if shipments != nil || !errors.Is(err, tracking.ErrInvalidResponse) {
				t.Fatalf("got %v, %v; want only an error matching ErrInvalidResponse", shipments, err)
			}
			return
		}
		if len(shipments) == 0 {
			t.Fatal("no shipment and no error")
		}
		for _, s := range shipments {
			checkShipment(t, s)
			if s.TrackingNumber == "" || s.Carrier != ID {
				t.Fatalf("shipment %+v", s)
			}
		}
	})
}

// FuzzParseWebhookShapes builds the same tracking in both webhook shapes
// and checks that they decode alike: the API's data wrapper and the
// header-signed variant's top-level fields are one Shipment.
func FuzzParseWebhookShapes(f *testing.F) {
	f.Add("RM000000001GB", "Delivered", "Delivered", "2026-02-27 11:20:00", "delivered")
	f.Add("X1", "In Transit", "", "", "")
	f.Add(" X2 ", "waiting  delivery", "WAITING_DELIVERY_02", "2026-02-30 10:00:00", "a\x00b")
	f.Add("X3", "null", "ABNORMAL_04", "1772042712", "")
	f.Fuzz(func(t *testing.T, number, transit, sub, eventTime, detail string) {
		api, _ := json.Marshal(map[string]any{"data": map[string]any{
			"trackNo": number, "transitStatus": transit, "transitSubStatus": sub,
			"localLogisticsInfo": map[string]any{"trackingDetails": []any{map[string]string{"eventTime": eventTime, "eventDetail": detail}}},
		}})
		app, _ := json.Marshal(map[string]any{
			"trackingNumber": number, "transitStatus": transit, "transitSubStatus": sub,
			"trackInfo": []any{map[string]string{"eventTime": eventTime, "eventDetail": detail}},
		})
		var sent string // as JSON carries it: invalid UTF-8 becomes U+FFFD
		enc, _ := json.Marshal(number)
		_ = json.Unmarshal(enc, &sent)
		fromAPI, errAPI := ParseWebhook(api)
		fromApp, errApp := ParseWebhook(app)
		if (errAPI == nil) != (errApp == nil) {
			t.Fatalf("the shapes disagree: API %v, app %v", errAPI, errApp)
		}
		if errAPI != nil {
			if !errors.Is(errApp, tracking.ErrInvalidResponse) || strings.TrimSpace(sent) != "" {
				t.Fatalf("refused with a number %q: %v", number, errApp)
			}
			return
		}
		a, b := fromAPI[0], fromApp[0]
		checkShipment(t, b)
		if len(fromApp) != 1 || b.TrackingNumber != strings.TrimSpace(sent) || b.Carrier != ID {
			t.Fatalf("app shipment %+v for number %q", b, number)
		}
		if a.Status != b.Status || a.Raw != b.Raw || a.Summary != b.Summary || len(a.Events) != len(b.Events) {
			t.Fatalf("the shapes decode differently:\nAPI %+v\napp %+v", a, b)
		}
		for i := range a.Events {
			if !a.Events[i].Time.Equal(b.Events[i].Time) || a.Events[i].Status != b.Events[i].Status {
				t.Fatalf("event %d differs: %+v vs %+v", i, a.Events[i], b.Events[i])
			}
		}
	})
}

func TestParseWebhookErrors(t *testing.T) {
	for _, body := range []string{"", "{}", `{"data":null}`, `{"data":"x"}`, `{"data":{"trackNo":""}}`, `[1]`, `{"data":[{"trackNo":{}}]}`} {
		s, err := ParseWebhook([]byte(body))
		if s != nil || !errors.Is(err, tracking.ErrInvalidResponse) {
			t.Errorf("ParseWebhook(%s) = %v, %v; want ErrInvalidResponse", body, s, err)
		}
	}
}
