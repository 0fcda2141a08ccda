// Package trackshiptest is a fake TrackShip API v1 for tests: an
// httptest server that speaks TrackShip's wire format (POST routes with
// JSON bodies, the trackship-api-key and app-name headers, errors that
// arrive with HTTP 200, tracker credits) with seeded shipments, fault
// injection and request counters.
//
//	s := trackshiptest.NewServer()
//	defer s.Close()
//	c, cred := s.Carrier()
//	sh, err := c.Track(ctx, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, cred)
//
// Production code never imports this package.
package trackshiptest

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// What the fake accepts and holds at start.
const (
	// APIKey is the trackship-api-key the fake accepts.
	APIKey = "fake-trackship-api-key"
	// AppName is the app-name the fake accepts.
	AppName = "fake-store"
	// CredentialCode is the code of Credential().
	CredentialCode = "fake-trackship"
	// NumberDelivered is seeded delivered (usps, 5 events).
	NumberDelivered = "9200000000000000000045"
	// NumberInTransit is seeded in transit (usps, 2 events).
	NumberInTransit = "9212000000000000000052"
	// DefaultBalance is the tracker credits the account starts with.
	DefaultBalance = 100
)

// Routes the fake serves.
const (
	PathGet      = "/v1/shipment/get/"
	PathCreate   = "/v1/shipment/create/"
	PathDelete   = "/v1/shipment/delete"
	PathCarriers = "/v1/shipping_carriers/supported"
)

//go:embed seed/*.json
var seed embed.FS

// Option configures NewServer.
type Option func(*Server)

// WithBalance sets the tracker credits the account starts with
// (DefaultBalance by default). At 0, creates answer insufficient_balance.
func WithBalance(n int) Option { return func(s *Server) { s.balance = n } }

// Server is a fake TrackShip. Close it when done.
// Carrier hands back a carrier ready to use it. The embedded
// *fakeprovider.Faults injects faults and counts requests (FailNext,
// RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	mu        sync.Mutex
	shipments map[string]map[string]any // by tracking number, in get's data format
	couriers  json.RawMessage
	slugs     map[string]bool
	balance   int
	inBody    []string // error values for the next answers, sent with HTTP 200
}

// NewServer starts a fake seeded with a delivered and an in-transit
// shipment and the supported-carriers list.
func NewServer(opts ...Option) *Server {
	s := &Server{shipments: map[string]map[string]any{}, slugs: map[string]bool{}, balance: DefaultBalance}
	for _, o := range opts {
		o(s)
	}
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: writeFailure, RateLimited: writeRateLimited})
	for _, name := range []string{"seed/get-shipment-delivered.json", "seed/get-shipment-in-transit.json"} {
		b, err := seed.ReadFile(name)
		if err != nil {
			panic(err)
		}
		var env struct{ Data json.RawMessage }
		if err := json.Unmarshal(b, &env); err != nil {
			panic(fmt.Sprintf("trackshiptest: seed %s: %v", name, err))
		}
		if err := s.Add(env.Data); err != nil {
			panic(err)
		}
	}
	b, err := seed.ReadFile("seed/supported-carriers.json")
	if err != nil {
		panic(err)
	}
	s.couriers = b
	var list struct{ Data []struct{ Slug string } }
	if err := json.Unmarshal(b, &list); err != nil {
		panic(err)
	}
	for _, c := range list.Data {
		s.slugs[c.Slug] = true
	}

	mux := http.NewServeMux()
	mux.HandleFunc(PathGet, s.auth(s.get))
	mux.HandleFunc(PathCreate, s.auth(s.create))
	mux.HandleFunc(PathDelete, s.auth(s.remove))
	mux.HandleFunc(PathCarriers, s.carriers)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { noRoute(w) })
	s.Server = httptest.NewServer(s.Wrap(mux))
	return s
}

// BaseURL is what to pass to trackship.WithBaseURL.
func (s *Server) BaseURL() string { return s.URL }

// Credential returns an active default credential the fake accepts.
func (s *Server) Credential() credentials.Credential {
	return credentials.Credential{
		Code: CredentialCode, Carrier: "trackship", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": APIKey, "app_name": AppName},
	}
}

// Add stores a shipment given in get's data format (as in the seed files),
// replacing one with the same tracking_number.
func (s *Server) Add(data []byte) error {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("trackshiptest: Add: %w", err)
	}
	number, _ := m["tracking_number"].(string)
	if number == "" {
		return fmt.Errorf("trackshiptest: Add: the shipment has no tracking_number")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shipments[number] = m
	return nil
}

// SetStatus sets a stored shipment's tracking_event_status (any text, the
// error-like values such as "carrier_unsupported" included). It reports
// whether the shipment exists.
func (s *Server) SetStatus(number, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.shipments[number]
	if ok {
		m["tracking_event_status"] = status
	}
	return ok
}

// Status returns a stored shipment's tracking_event_status, and whether
// the fake holds the shipment.
func (s *Server) Status(number string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.shipments[number]
	if !ok {
		return "", false
	}
	st, _ := m["tracking_event_status"].(string)
	return st, true
}

// Balance returns the tracker credits left.
func (s *Server) Balance() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balance
}

// SetBalance sets the tracker credits left.
func (s *Server) SetBalance(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.balance = n
}

// InBodyErrorNext makes the next n authenticated answers carry value
// ("connection_issue", "insufficient_balance", ...) in status_msg with
// HTTP 200, as TrackShip does.
func (s *Server) InBodyErrorNext(n int, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.inBody = append(s.inBody, value)
	}
}

// auth checks the headers as TrackShip does, then serves next for a POST.
func (s *Server) auth(next func(http.ResponseWriter, *http.Request, map[string]any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			noRoute(w)
			return
		}
		if r.Header.Get("trackship-api-key") != APIKey || r.Header.Get("app-name") != AppName {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"status": "error", "status_msg": "unauthorized"})
			return
		}
		s.mu.Lock()
		var value string
		if len(s.inBody) > 0 {
			value, s.inBody = s.inBody[0], s.inBody[1:]
		}
		balance := s.balance
		s.mu.Unlock()
		if value != "" {
			writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "status_msg": value,
				"trackers_balance": strconv.Itoa(balance), "user_plan": "Mini"})
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "status_msg": "Tracking number not found"})
			return
		}
		next(w, r, body)
	}
}

func text(body map[string]any, key string) string {
	switch v := body[key].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func (s *Server) get(w http.ResponseWriter, _ *http.Request, body map[string]any) {
	number := text(body, "tracking_number")
	if number == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "status_msg": "Tracking number not found"})
		return
	}
	s.mu.Lock()
	m, ok := s.shipments[number]
	var out []byte
	if ok {
		out, _ = json.Marshal(map[string]any{"status": "success", "data": m})
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"status": "error", "message": "tracking information is not available for this shipment"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func (s *Server) create(w http.ResponseWriter, _ *http.Request, body map[string]any) {
	number, provider, order := text(body, "tracking_number"), text(body, "tracking_provider"), text(body, "order_id")
	switch {
	case order == "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "status_msg": "Order id not found"})
		return
	case number == "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "status_msg": "Tracking number not found"})
		return
	case provider == "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "error", "status_msg": "Shipping provider not found"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	answer := func(msg string) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "status_msg": msg,
			"trackers_balance": strconv.Itoa(s.balance), "user_plan": "Mini"})
	}
	if !s.slugs[provider] {
		answer("carrier_unsupported")
		return
	}
	if m, ok := s.shipments[number]; ok && m["tracking_event_status"] != "deleted" {
		answer("pending_trackship") // already tracked: nothing spent
		return
	}
	if s.balance <= 0 {
		answer("insufficient_balance")
		return
	}
	s.balance--
	dest := text(body, "destination_country")
	s.shipments[number] = map[string]any{
		"order_id": order, "tracking_number": number, "tracking_provider": provider,
		"tracking_event_status": "pending_trackship", "tracking_est_delivery_date": nil,
		"origin_country": nil, "destination_country": dest, "delivery_number": nil, "delivery_provider": nil,
		"shipping_service": "", "last_event_time": nil, "events": []any{}, "destination_events": nil,
	}
	answer("pending_trackship")
}

func (s *Server) remove(w http.ResponseWriter, _ *http.Request, body map[string]any) {
	number := text(body, "tracking_number")
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.shipments[number]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"status": "error", "message": "Tracking number not found"})
		return
	}
	// TrackShip keeps a deleted shipment, marked "deleted".
	m["tracking_event_status"] = "deleted"
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "status_msg": "deleted"})
}

func (s *Server) carriers(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		noRoute(w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.couriers)
}

// noRoute is WordPress's answer for a route it does not have.
func noRoute(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"code": "rest_no_route",
		"message": "No route was found matching the URL and request method.", "data": map[string]any{"status": 404}})
}

func writeFailure(w http.ResponseWriter, _ *http.Request, status int) {
	writeJSON(w, status, map[string]any{"status": "error", "status_msg": http.StatusText(status)})
}

func writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"status": "error", "status_msg": "Too Many Requests"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
