// Package shipenginetest is a fake ShipEngine API for tests: an
// httptest.Server speaking ShipEngine's wire format (paths, the API-Key
// header, the {request_id, errors[]} envelope, 204 and 207 answers, 429
// with Retry-After), seeded with sample shipments, with fault injection
// and request counters from the embedded *fakeprovider.Faults.
//
//	srv := shipenginetest.NewServer()
//	t.Cleanup(srv.Close)
//	carrier, cred := srv.Carrier()
//	s, err := carrier.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), cred)
//
// Production code never imports this package.
package shipenginetest

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// The API keys the fake accepts by default. SandboxAPIKey has ShipEngine's
// sandbox prefix, so the carrier paces it with the sandbox limit.
const (
	APIKey        = "fake-shipengine-api-key-6d1f0c"
	SandboxAPIKey = "TEST_fake-shipengine-api-key-6d1f0c"
)

// CredentialCode is the code of Credential().
const CredentialCode = "fake-shipengine"

// UnsupportedCarrierCode is a carrier_code the fake refuses with 400
// tracking_not_supported, as ShipEngine does for carriers it cannot track.
const UnsupportedCarrierCode = "example_carrier"

// Seed names a seeded shipment: by carrier_code and tracking_number for
// GET /v1/tracking, and by label id for GET /v1/labels/{label_id}/track
// (the label ids are the fake's own).
type Seed struct {
	CarrierCode    string
	TrackingNumber string
	LabelID        string
}

// Request returns the tracking.Request for the seeded shipment.
func (s Seed) Request() tracking.Request {
	return tracking.Request{TrackingNumber: s.TrackingNumber, Courier: s.CarrierCode}
}

// Seeded tracking numbers, one per sample body. Every fake names its
// seeded numbers Number<State>; SeedOf gives the carrier_code and label id
// of each.
const (
	NumberDelivered          = "794600000012"           // fedex: DE/DELIVERED, six events
	NumberUnknownNulls       = "1026000000000001"       // fedex: UN with nulls and an empty event status_code
	NumberQuirks             = "9400100000000000000019" // stamps_com: in_transit, with a string carrier_id, numeric codes, an unknown detail code and a zone-less event time
	NumberAwaitingCollection = "1Z999AA10000000019"     // ups: SP/AWAITING_COLLECTION_FROM_PICKUP_POINT
	NumberReturnToSender     = "9405500000000000000027" // usps label: EX/RETURN_TO_SENDER, required fields only (no carrier_code in the body)
)

// seeds are the seeded shipments with their sample bodies.
var seeds = []struct {
	Seed
	file string
}{
	{Seed{"fedex", NumberDelivered, "se-100001"}, "get-tracking-delivered.json"},
	{Seed{"fedex", NumberUnknownNulls, "se-100002"}, "get-tracking-unknown-nulls.json"},
	{Seed{"stamps_com", NumberQuirks, "se-100003"}, "get-tracking-quirks.json"},
	{Seed{"ups", NumberAwaitingCollection, "se-100004"}, "get-tracking-sp-awaiting-collection.json"},
	{Seed{"usps", NumberReturnToSender, "se-100005"}, "get-tracking-from-label-return-to-sender.json"},
}

// Seeds returns every seeded shipment.
func Seeds() []Seed {
	out := make([]Seed, len(seeds))
	for i, s := range seeds {
		out[i] = s.Seed
	}
	return out
}

// SeedOf returns the seeded shipment of a Number* constant: its
// carrier_code and label id. A number the fake was not seeded with gives
// a Seed with that number alone.
func SeedOf(number string) Seed {
	for _, s := range seeds {
		if s.TrackingNumber == number {
			return s.Seed
		}
	}
	return Seed{TrackingNumber: number}
}

//go:embed seed/*.json
var seedFS embed.FS

func mustSeed(name string) []byte {
	b, err := seedFS.ReadFile("seed/" + name)
	if err != nil {
		panic("shipenginetest: missing seed " + name)
	}
	return b
}

// errorFrom returns the first error of a seeded error body.
func errorFrom(name string) errorItem {
	var env envelope
	if err := json.Unmarshal(mustSeed(name), &env); err != nil || len(env.Errors) == 0 {
		panic("shipenginetest: bad seed " + name)
	}
	return env.Errors[0]
}

// The provider's own error bodies, from the samples.
var (
	errUnauthorized = errorFrom("error-unauthorized-401.json")
	errRateLimited  = errorFrom("error-rate-limited-429.json")
	errNotSupported = errorFrom("error-tracking-not-supported-400.json")
)

// envelope is ShipEngine's error body.
type envelope struct {
	RequestID string      `json:"request_id"`
	Errors    []errorItem `json:"errors"`
}

type errorItem struct {
	ErrorSource string `json:"error_source"`
	ErrorType   string `json:"error_type"`
	ErrorCode   string `json:"error_code"`
	Message     string `json:"message"`
	CarrierID   string `json:"carrier_id,omitempty"`
	CarrierCode string `json:"carrier_code,omitempty"`
	FieldName   string `json:"field_name,omitempty"`
}

// Subscription is a call to POST /v1/tracking/start or /stop.
type Subscription struct {
	Action         string // "start" or "stop"
	CarrierCode    string
	TrackingNumber string
}

type numberKey struct{ code, number string }

// Server is a fake ShipEngine API. Its methods are safe for concurrent
// use. Close it when done. Carrier hands back a carrier ready to use it. The embedded
// *fakeprovider.Faults injects faults and counts requests (FailNext,
// RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	mu            sync.Mutex
	keys          map[string]bool
	byNumber      map[numberKey][]byte
	byLabel       map[string][]byte
	unsupported   map[string]bool
	carriersCode  int
	carriersBody  []byte
	subscribed    map[numberKey]bool
	subscriptions []Subscription
	requestIDs    int
}

// Option configures NewServer.
type Option func(*Server)

// WithAPIKeys replaces the keys the fake accepts (APIKey and SandboxAPIKey
// by default).
func WithAPIKeys(keys ...string) Option {
	return func(s *Server) {
		s.keys = map[string]bool{}
		for _, k := range keys {
			s.keys[k] = true
		}
	}
}

// NewServer starts a fake seeded with the sample shipments (Seeds), the
// carrier list sample (a 207 partial success) and UnsupportedCarrierCode.
// The caller closes it.
func NewServer(opts ...Option) *Server {
	s := &Server{
		keys:         map[string]bool{APIKey: true, SandboxAPIKey: true},
		byNumber:     map[numberKey][]byte{},
		byLabel:      map[string][]byte{},
		unsupported:  map[string]bool{UnsupportedCarrierCode: true},
		carriersCode: http.StatusMultiStatus,
		carriersBody: mustSeed("list-carriers-207-partial.json"),
		subscribed:   map[numberKey]bool{},
	}
	for _, seed := range seeds {
		body := mustSeed(seed.file)
		s.AddTracking(seed.CarrierCode, seed.TrackingNumber, body)
		s.AddLabel(seed.LabelID, body)
	}
	for _, o := range opts {
		o(s)
	}
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: s.writeFault, RateLimited: s.writeRateLimited})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/tracking", s.track)
	mux.HandleFunc("POST /v1/tracking/start", s.subscription("start"))
	mux.HandleFunc("POST /v1/tracking/stop", s.subscription("stop"))
	mux.HandleFunc("GET /v1/labels/{label_id}/track", s.trackLabel)
	mux.HandleFunc("GET /v1/carriers", s.carriers)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, http.StatusNotFound, errorItem{ErrorSource: "shipengine", ErrorType: "validation",
			ErrorCode: "unspecified", Message: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
	s.Server = httptest.NewServer(s.Faults.Wrap(s.authenticate(mux)))
	return s
}

// BaseURL is what to pass to shipengine.WithBaseURL.
func (s *Server) BaseURL() string { return s.URL }

// Credential returns an active default credential the fake accepts, with
// code CredentialCode and a production key.
func (s *Server) Credential() credentials.Credential {
	return credentials.Credential{
		Code: CredentialCode, Carrier: "shipengine", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": APIKey},
	}
}

// SandboxCredential is Credential with the sandbox key.
func (s *Server) SandboxCredential() credentials.Credential {
	c := s.Credential()
	c.Code = CredentialCode + "-sandbox"
	c.Default = false
	c.Fields = map[string]credentials.Secret{"api_key": SandboxAPIKey}
	return c
}

// AddTracking makes GET /v1/tracking answer body for the carrier_code and
// tracking_number. The body is served as given, so a test may seed a
// broken one.
func (s *Server) AddTracking(carrierCode, trackingNumber string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byNumber[numberKey{strings.ToLower(carrierCode), trackingNumber}] = append([]byte(nil), body...)
}

// AddLabel makes GET /v1/labels/{labelID}/track answer body.
func (s *Server) AddLabel(labelID string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byLabel[labelID] = append([]byte(nil), body...)
}

// AddUnsupportedCarrier makes every tracking call for the carrier_code
// fail with 400 tracking_not_supported.
func (s *Server) AddUnsupportedCarrier(carrierCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unsupported[strings.ToLower(carrierCode)] = true
}

// SetCarriers sets the answer of GET /v1/carriers (a 207 partial success
// by default).
func (s *Server) SetCarriers(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.carriersCode, s.carriersBody = status, append([]byte(nil), body...)
}

// Subscribed reports whether the number's webhook subscription is on:
// started and not stopped since.
func (s *Server) Subscribed(carrierCode, trackingNumber string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subscribed[numberKey{strings.ToLower(carrierCode), trackingNumber}]
}

// Subscriptions returns every accepted start and stop call, in order.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Subscription(nil), s.subscriptions...)
}

// authenticate answers ShipEngine's 401 to a missing or unknown API-Key.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		ok := s.keys[r.Header.Get("API-Key")]
		s.mu.Unlock()
		if !ok {
			s.writeError(w, http.StatusUnauthorized, errUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) track(w http.ResponseWriter, r *http.Request) {
	code, number, ok := s.numberQuery(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	body, found := s.byNumber[numberKey{code, number}]
	s.mu.Unlock()
	if !found {
		s.writeError(w, http.StatusNotFound, errorItem{ErrorSource: "shipengine", ErrorType: "validation",
			ErrorCode: "invalid_identifier", FieldName: "tracking_number",
			Message: fmt.Sprintf("tracking_number %s was not found for carrier_code %s", number, code)})
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) trackLabel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("label_id")
	s.mu.Lock()
	body, found := s.byLabel[id]
	s.mu.Unlock()
	if !found {
		s.writeError(w, http.StatusNotFound, errorItem{ErrorSource: "shipengine", ErrorType: "validation",
			ErrorCode: "invalid_identifier", FieldName: "label_id", Message: "label_id " + id + " was not found"})
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// subscription serves start or stop: query parameters, no body, 204.
func (s *Server) subscription(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		code, number, ok := s.numberQuery(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		s.subscribed[numberKey{code, number}] = action == "start"
		s.subscriptions = append(s.subscriptions, Subscription{Action: action, CarrierCode: code, TrackingNumber: number})
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) carriers(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	status, body := s.carriersCode, s.carriersBody
	s.mu.Unlock()
	writeJSON(w, status, body)
}

// numberQuery reads carrier_code and tracking_number, answering 400 as
// ShipEngine does when one is missing or the carrier cannot be tracked.
func (s *Server) numberQuery(w http.ResponseWriter, r *http.Request) (code, number string, ok bool) {
	q := r.URL.Query()
	code, number = strings.ToLower(q.Get("carrier_code")), q.Get("tracking_number")
	for _, p := range [][2]string{{"carrier_code", code}, {"tracking_number", number}} {
		if p[1] == "" {
			s.writeError(w, http.StatusBadRequest, errorItem{ErrorSource: "shipengine", ErrorType: "validation",
				ErrorCode: "field_value_required", FieldName: p[0], Message: p[0] + " is required"})
			return "", "", false
		}
	}
	s.mu.Lock()
	refused := s.unsupported[code]
	s.mu.Unlock()
	if refused {
		it := errNotSupported
		it.CarrierCode = code
		s.writeError(w, http.StatusBadRequest, it)
		return "", "", false
	}
	return code, number, true
}

// writeFault is the fault injector's failure: ShipEngine's envelope.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int) {
	s.writeError(w, status, errorItem{ErrorSource: "shipengine", ErrorType: "system", ErrorCode: "unspecified",
		Message: fmt.Sprintf("%s (fault injected by the fake)", http.StatusText(status))})
}

// writeRateLimited is ShipEngine's 429: Retry-After in whole seconds and
// rate_limit_exceeded.
func (s *Server) writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	s.writeError(w, http.StatusTooManyRequests, errRateLimited)
}

// writeError writes the envelope with a fresh request id, also sent in
// the x-shipengine-requestid header.
func (s *Server) writeError(w http.ResponseWriter, status int, items ...errorItem) {
	s.mu.Lock()
	s.requestIDs++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.requestIDs)
	s.mu.Unlock()
	body, _ := json.Marshal(envelope{RequestID: id, Errors: items})
	w.Header().Set("X-Shipengine-Requestid", id)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
