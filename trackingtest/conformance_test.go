package trackingtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/trackingtest"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
	"github.com/parcelkit/tracking/transport"
)

const (
	knownNumber   = "KNOWN1"
	unknownNumber = "UNKNOWN1"
	goodSecret    = "good-secret-value"
	refusedSecret = "refused-secret-value"
)

var (
	goodCredential = credentials.Credential{Code: "good", Carrier: "scripted", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": goodSecret}}
	refusedCredential = credentials.Credential{Code: "refused", Carrier: "scripted", Active: true,
		Fields: map[string]credentials.Secret{"api_key": refusedSecret}}
)

// goodShipment is a valid answer: UTC times, events newest first, an
// untimed event last.
func goodShipment() *tracking.Shipment {
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	eta := t0.Add(72 * time.Hour)
	return &tracking.Shipment{
		Status:            tracking.StatusInTransit,
		EstimatedDelivery: &eta,
		UpdatedAt:         t0.Add(2 * time.Hour),
		Events: []tracking.Event{
			{Time: t0.Add(2 * time.Hour), Status: tracking.StatusInTransit, Description: "departed"},
			{Time: t0.Add(2 * time.Hour), Status: tracking.StatusInTransit, Description: "same time is fine"},
			{Time: t0, Status: tracking.StatusInfoReceived, Description: "label"},
			{Status: tracking.StatusUnknown, Description: "no time"},
		},
	}
}

// goodCarrier is a scripted carrier that passes the suite.
func goodCarrier() *trackingtest.Carrier {
	c := trackingtest.NewCarrier("scripted")
	c.Set(knownNumber, goodShipment(), nil)
	c.Refuse(refusedCredential.Code)
	return c
}

func goodFixture() trackingtest.CarrierFixture {
	return trackingtest.CarrierFixture{
		Credential: goodCredential,
		Known:      tracking.Request{TrackingNumber: knownNumber},
		Unknown:    tracking.Request{TrackingNumber: unknownNumber},
		Refused:    refusedCredential,
	}
}

func TestCheckCarrierPassesGoodScriptedCarrier(t *testing.T) {
	require.NoError(t, trackingtest.CheckCarrier(context.Background(), goodCarrier(), goodFixture()))
}

func TestTestCarrierOnGoodScriptedCarrier(t *testing.T) {
	trackingtest.TestCarrier(t, goodCarrier(), goodFixture())
}

func TestCheckCarrierAcceptsPendingForUnknown(t *testing.T) {
	c := goodCarrier()
	c.Set(unknownNumber, &tracking.Shipment{Status: tracking.StatusPending}, nil)
	require.NoError(t, trackingtest.CheckCarrier(context.Background(), c, goodFixture()))
}

func TestCheckCarrierSkipsWhatTheFixtureLacks(t *testing.T) {
	f := goodFixture()
	f.Unknown, f.Refused = tracking.Request{}, credentials.Credential{}
	c := trackingtest.NewCarrier("scripted")
	c.Set(knownNumber, goodShipment(), nil)
	require.NoError(t, trackingtest.CheckCarrier(context.Background(), c, f))
}

func TestCheckCarrierRefusesIncompleteFixture(t *testing.T) {
	f := goodFixture()
	f.Known.TrackingNumber = " "
	err := trackingtest.CheckCarrier(context.Background(), goodCarrier(), f)
	assert.ErrorContains(t, err, "Known has no TrackingNumber")

	err = trackingtest.CheckCarrier(context.Background(), nil, goodFixture())
	assert.ErrorContains(t, err, "carrier is nil")
}

// carrierFunc is a carrier made of a function, for deliberately broken
// carriers.
type carrierFunc struct {
	id    string
	track func(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error)
}

func (c carrierFunc) ID() string { return c.id }

func (c carrierFunc) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	return c.track(ctx, req, cred)
}

// withKnown is the good carrier answering the known number with the
// shipment edit makes of a good one.
func withKnown(edit func(s *tracking.Shipment)) tracking.Carrier {
	c := goodCarrier()
	s := goodShipment()
	edit(s)
	c.Set(knownNumber, s, nil)
	return c
}

// wrap is the good carrier behind a function that may change what it is
// asked or what it answers.
func wrap(fn func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error)) tracking.Carrier {
	next := goodCarrier()
	return carrierFunc{id: next.ID(), track: func(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
		return fn(next, ctx, req, cred)
	}}
}

// failures groups CheckCarrier's failures by check name.
func failures(t *testing.T, err error) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	if err == nil {
		return out
	}
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "CheckCarrier returns errors.Join's error, got %T", err)
	for _, e := range joined.Unwrap() {
		check, msg, ok := strings.Cut(e.Error(), ": ")
		require.True(t, ok, "failure %q is prefixed with its check", e)
		out[check] = append(out[check], msg)
	}
	return out
}

func TestCheckCarrierCatchesBrokenCarriers(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name    string
		carrier tracking.Carrier
		want    map[string]string // check -> text one of its failures holds
	}{
		{
			name: "event time not UTC",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.Events[2].Time = s.Events[2].Time.In(shanghai)
			}),
			want: map[string]string{"Known": `Events[2].Time 2025-03-01T16:00:00+08:00 is in location "CST", want UTC`},
		},
		{
			name: "time parsed with a zero offset is not UTC",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.UpdatedAt = s.UpdatedAt.In(time.FixedZone("", 0))
			}),
			want: map[string]string{"Known": "UpdatedAt 2025-03-01T10:00:00Z is in location"},
		},
		{
			name: "shipment times not UTC",
			carrier: withKnown(func(s *tracking.Shipment) {
				local := s.EstimatedDelivery.In(shanghai)
				s.EstimatedDelivery, s.ShippedAt, s.DeliveredAt = &local, &local, &local
			}),
			want: map[string]string{"Known": "EstimatedDelivery"},
		},
		{
			name: "events oldest first",
			carrier: withKnown(func(s *tracking.Shipment) {
				slices.Reverse(s.Events)
			}),
			want: map[string]string{"Known": "events must be newest first"},
		},
		{
			name: "untimed event before timed ones",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.Events = append([]tracking.Event{{Status: tracking.StatusUnknown, Description: "note"}}, s.Events...)
			}),
			want: map[string]string{"Known": "Events[1] has a time but follows Events[0], which has none"},
		},
		{
			name: "invalid shipment status",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.Status = "transit"
			}),
			want: map[string]string{"Known": `shipment Status "transit" is not one of tracking.Statuses()`},
		},
		{
			name: "invalid event status",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.Events[1].Status = ""
			}),
			want: map[string]string{"Known": `Events[1].Status "" is not one of`},
		},
		{
			name: "wrong carrier ID",
			carrier: withKnown(func(s *tracking.Shipment) {
				s.Carrier = "someone-else"
			}),
			want: map[string]string{"Known": `Carrier is "someone-else", want the carrier's ID "scripted"`},
		},
		{
			name: "no tracking number in the shipment",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				s, err := next.Track(ctx, req, cred)
				if s != nil {
					s.TrackingNumber = ""
				}
				return s, err
			}),
			want: map[string]string{"Known": "shipment has no TrackingNumber"},
		},
		{
			name: "neither shipment nor error",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				_, err := next.Track(ctx, req, cred)
				return nil, err
			}),
			want: map[string]string{"Known": "neither a shipment nor an error"},
		},
		{
			name: "known number fails",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				if req.TrackingNumber == knownNumber && cred.Code == goodCredential.Code && ctx.Err() == nil {
					return nil, tracking.ErrUnavailable
				}
				return next.Track(ctx, req, cred)
			}),
			want: map[string]string{"Known": `Track("KNOWN1") with the fixture's Credential: tracking: provider unavailable`},
		},
		{
			name: "empty tracking number accepted",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				if req.TrackingNumber == "" && ctx.Err() == nil {
					return goodShipment(), nil
				}
				return next.Track(ctx, req, cred)
			}),
			want: map[string]string{"EmptyTrackingNumber": "want an error matching tracking.ErrInvalidRequest"},
		},
		{
			name: "unknown number answered as in transit",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				if req.TrackingNumber == unknownNumber {
					return &tracking.Shipment{TrackingNumber: unknownNumber, Carrier: "scripted", Status: tracking.StatusInTransit}, nil
				}
				return next.Track(ctx, req, cred)
			}),
			want: map[string]string{"Unknown": `got a shipment with status "in_transit"`},
		},
		{
			name: "unknown number with an untyped error",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				if req.TrackingNumber == unknownNumber {
					return nil, errors.New("404")
				}
				return next.Track(ctx, req, cred)
			}),
			want: map[string]string{"Unknown": "want an error matching tracking.ErrNotFound"},
		},
		{
			name: "refused credential accepted",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, _ credentials.Credential) (*tracking.Shipment, error) {
				return next.Track(ctx, req, goodCredential)
			}),
			want: map[string]string{"Refused": "want an error matching tracking.ErrUnauthorized"},
		},
		{
			name: "ignores its context",
			carrier: wrap(func(next tracking.Carrier, _ context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				return next.Track(context.Background(), req, cred)
			}),
			want: map[string]string{
				"Cancelled":        "want an error matching context.Canceled",
				"DeadlineExceeded": "want an error matching context.DeadlineExceeded",
			},
		},
		{
			name: "context error replaced by its own",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				s, err := next.Track(ctx, req, cred)
				if ctx.Err() != nil {
					return nil, &tracking.APIError{Carrier: "scripted", Kind: tracking.ErrUnavailable, Message: "request failed"}
				}
				return s, err
			}),
			want: map[string]string{
				"Cancelled":        "want an error matching context.Canceled",
				"DeadlineExceeded": "want an error matching context.DeadlineExceeded",
			},
		},
		{
			name: "panics",
			carrier: wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
				if req.TrackingNumber == "" {
					panic("index out of range")
				}
				return next.Track(ctx, req, cred)
			}),
			want: map[string]string{"EmptyTrackingNumber": `Track("") panicked: index out of range`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := trackingtest.CheckCarrier(context.Background(), tt.carrier, goodFixture())
			require.Error(t, err)
			got := failures(t, err)
			assert.ElementsMatch(t, keys(tt.want), keys(got), "failing checks; all failures:\n%v", err)
			for check, text := range tt.want {
				assert.Truef(t, slices.ContainsFunc(got[check], func(m string) bool { return strings.Contains(m, text) }),
					"no %s failure holds %q; got %q", check, text, got[check])
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestCheckCarrierFindsSecretsInErrors(t *testing.T) {
	leaky := wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
		s, err := next.Track(ctx, req, cred)
		if err != nil {
			return nil, fmt.Errorf("call with key %s failed: %w", cred.Field("api_key").Reveal(), err)
		}
		return s, nil
	})
	err := trackingtest.CheckCarrier(context.Background(), leaky, goodFixture())
	require.Error(t, err)
	got := failures(t, err)
	// Every check in which the carrier returned an error, each for its own reason.
	assert.ElementsMatch(t, []string{"EmptyTrackingNumber", "Unknown", "Refused", "Cancelled", "DeadlineExceeded"}, keys(got))
	for check, msgs := range got {
		assert.Truef(t, slices.ContainsFunc(msgs, func(m string) bool {
			return strings.Contains(m, `an error holds the value of field "api_key" of credential`)
		}), "%s: %q", check, msgs)
	}
	assert.Contains(t, got["Refused"][0], `credential "refused"`)
	assert.NotContains(t, err.Error(), goodSecret, "failure messages mask the secrets")
	assert.NotContains(t, err.Error(), refusedSecret, "failure messages mask the secrets")
	assert.Contains(t, err.Error(), "[SECRET]")
}

func TestCheckCarrierIgnoresShortSecrets(t *testing.T) {
	f := goodFixture()
	f.Credential = f.Credential.Clone()
	f.Credential.Fields["region"] = "eu" // occurs in ordinary text by chance
	c := wrap(func(next tracking.Carrier, ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
		s, err := next.Track(ctx, req, cred)
		if err != nil {
			return nil, fmt.Errorf("region eu: %w", err)
		}
		return s, nil
	})
	require.NoError(t, trackingtest.CheckCarrier(context.Background(), c, f))
}

// An HTTP carrier against a fake backend with fault injection, built as
// the carrier packages are: transport.New, transport.Do, decode.JSON.

const httpKey = "http-secret-key-123"

// Every carrier's fake server embeds *fakeprovider.Faults, so it must fit.
var _ trackingtest.Faults = (*fakeprovider.Faults)(nil)

type httpCarrier struct {
	base string
	hc   *http.Client
	// detached sends with a context that is never cancelled and reports
	// ctx's error only once the answer is in: a carrier that waits for the
	// network.
	detached bool
	// untyped returns plain errors instead of the typed ones.
	untyped bool
}

func (c *httpCarrier) ID() string { return "httpfake" }

type wireShipment struct {
	Number string `json:"number"`
	Status string `json:"status"`
	Events []struct {
		Time   time.Time `json:"time"`
		Status string    `json:"status"`
	} `json:"events"`
}

func (c *httpCarrier) Track(ctx context.Context, req tracking.Request, cred credentials.Credential) (*tracking.Shipment, error) {
	if strings.TrimSpace(req.TrackingNumber) == "" {
		return nil, fmt.Errorf("httpfake: empty tracking number: %w", tracking.ErrInvalidRequest)
	}
	sendCtx := ctx
	if c.detached {
		sendCtx = context.WithoutCancel(ctx)
	}
	hreq, err := http.NewRequestWithContext(transport.WithLimitKey(sendCtx, cred.Code), http.MethodGet,
		c.base+"/track/"+url.PathEscape(req.TrackingNumber), nil)
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("X-Api-Key", cred.Field("api_key").Reveal())
	resp, err := transport.Do(c.hc, c.ID(), hreq, nil)
	if c.detached && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		if c.untyped {
			return nil, errors.New("httpfake: request failed")
		}
		return nil, err
	}
	var w wireShipment
	if err := decode.JSON(c.ID(), resp.Body, &w); err != nil {
		if c.untyped {
			return nil, errors.New("httpfake: bad body")
		}
		return nil, err
	}
	s := &tracking.Shipment{TrackingNumber: w.Number, Carrier: c.ID(), Status: tracking.Status(w.Status)}
	for _, e := range w.Events {
		s.Events = append(s.Events, tracking.Event{Time: e.Time.UTC(), Status: tracking.Status(e.Status)})
	}
	tracking.SortEvents(s.Events)
	return s, nil
}

// newHTTPBackend starts the fake backend, closed when the test ends.
func newHTTPBackend(t *testing.T) (*httptest.Server, *fakeprovider.Faults) {
	t.Helper()
	faults := fakeprovider.NewFaults(fakeprovider.Writers{
		Error: func(w http.ResponseWriter, _ *http.Request, status int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":"server error"}`))
		},
		RateLimited: func(w http.ResponseWriter, _ *http.Request, _ time.Duration) {
			w.WriteHeader(http.StatusTooManyRequests)
		},
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /track/{number}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("X-Api-Key") != httpKey {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid api key"}`))
			return
		}
		if r.PathValue("number") != knownNumber {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"no such number"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"number": knownNumber,
			"status": "in_transit",
			"events": []map[string]string{
				{"time": "2025-03-01T10:00:00+08:00", "status": "info_received"},
				{"time": "2025-03-02T10:00:00+08:00", "status": "in_transit"},
			},
		})
	})
	srv := httptest.NewServer(faults.Wrap(mux))
	t.Cleanup(srv.Close)
	return srv, faults
}

func newHTTPCarrier(srv *httptest.Server) *httpCarrier {
	hc := transport.New(transport.WithCarrier("httpfake"), transport.WithHTTPClient(srv.Client()),
		transport.WithRetry(transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}))
	return &httpCarrier{base: srv.URL, hc: hc}
}

func httpFixture(faults trackingtest.Faults) trackingtest.CarrierFixture {
	return trackingtest.CarrierFixture{
		Credential: credentials.Credential{Code: "http-good", Carrier: "httpfake", Active: true, Default: true,
			Fields: map[string]credentials.Secret{"api_key": httpKey}},
		Known:   tracking.Request{TrackingNumber: knownNumber},
		Unknown: tracking.Request{TrackingNumber: unknownNumber},
		Refused: credentials.Credential{Code: "http-refused", Carrier: "httpfake", Active: true,
			Fields: map[string]credentials.Secret{"api_key": "http-wrong-key-456"}},
		Faults: faults,
	}
}

func TestTestCarrierOnHTTPCarrierWithFaults(t *testing.T) {
	srv, faults := newHTTPBackend(t)
	trackingtest.TestCarrier(t, newHTTPCarrier(srv), httpFixture(faults))
}

func TestCheckCarrierUsesFaults(t *testing.T) {
	srv, faults := newHTTPBackend(t)
	require.NoError(t, trackingtest.CheckCarrier(context.Background(), newHTTPCarrier(srv), httpFixture(faults)))

	hits := faults.Hits()
	served := func(status int) bool {
		return slices.ContainsFunc(hits, func(h fakeprovider.Hit) bool { return h.Status == status && h.Fault != "" })
	}
	assert.True(t, served(http.StatusInternalServerError), "the ServerError check made the backend fail")
	assert.True(t, slices.ContainsFunc(hits, func(h fakeprovider.Hit) bool { return h.Fault == "malformed" }),
		"the Malformed check made the backend send a bad body")
	faults.Reset()
	_, err := newHTTPCarrier(srv).Track(context.Background(), httpFixture(nil).Known, httpFixture(nil).Credential)
	require.NoError(t, err)
	assert.Equal(t, 1, faults.Requests(), "the suite leaves no fault pending")
}

func TestCheckCarrierCatchesUntypedErrors(t *testing.T) {
	srv, faults := newHTTPBackend(t)
	c := newHTTPCarrier(srv)
	c.untyped = true
	got := failures(t, trackingtest.CheckCarrier(context.Background(), c, httpFixture(faults)))
	assert.Contains(t, got, "ServerError")
	assert.Contains(t, got, "Malformed")
	assert.Contains(t, got, "Unknown")
	assert.Contains(t, got, "Refused")
	assert.Contains(t, got["ServerError"][0], "want a *tracking.APIError")
	assert.Contains(t, got["Malformed"][0], "want an error matching tracking.ErrInvalidResponse")
}

func TestCheckCarrierCatchesNetworkWait(t *testing.T) {
	// A carrier that waits for the answer takes at least the injected
	// latency, however fast the machine: shorten it to keep this test quick.
	defer trackingtest.SetFaultLatency(300 * time.Millisecond)()
	srv, faults := newHTTPBackend(t)
	c := newHTTPCarrier(srv)
	c.detached = true
	got := failures(t, trackingtest.CheckCarrier(context.Background(), c, httpFixture(faults)))
	assert.ElementsMatch(t, []string{"Cancelled", "DeadlineExceeded"}, keys(got))
	assert.Len(t, got["Cancelled"], 2, "a cancelled context and a cancel under way: %q", got["Cancelled"])
	for _, m := range append(got["Cancelled"], got["DeadlineExceeded"]...) {
		assert.Contains(t, m, "waited for the")
	}
}
