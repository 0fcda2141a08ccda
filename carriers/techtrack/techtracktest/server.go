// Package techtracktest is a fake techTRACK API v2 for tests: an httptest
// server that speaks the wire format package techtrack assumes by default
// (its DefaultWire): the x-api-key and x-user-key headers, the events GET,
// the create POST with carrier-credential resolution (a tenant default
// credential or none), problem-document errors, fault injection and
// request counters.
//
//	s := techtracktest.NewServer()
//	defer s.Close()
//	c, cred := s.Carrier()
//	sh, err := c.Track(ctx, tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, cred)
//
// Production code never imports this package.
package techtracktest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// What the fake accepts and holds at start.
const (
	// APIKey and APISecret are the x-api-key and x-user-key the fake accepts.
	APIKey    = "fake-techtrack-api-key"
	APISecret = "fake-techtrack-api-secret"
	// CredentialCode is the code of Credential(), which the tenant holds as
	// a carrier credential too (an SDK credential stands for the techTRACK
	// carrier credential with the same code).
	CredentialCode = "fake-techtrack"
	// DefaultCarrierCredential is the tenant's default carrier credential,
	// used for a create that names none (unless WithoutDefaultCredential).
	DefaultCarrierCredential = "fake-default"
	// CarrierCredential is another carrier credential the tenant holds.
	CarrierCredential = "ups-warehouse-east"
	// NumberDelivered has the four events of the fixture.
	NumberDelivered = "1Z999AA10000000041"
)

// Routes the fake serves (techtrack.DefaultWire's).
const (
	PathEvents = "/api/v2/event/get-by-tracking-numbers"
	PathCreate = "/api/v2/tracking/create"
)

//go:embed seed/get-events-by-tracking-numbers.json
var seedEvents []byte

// Option configures NewServer.
type Option func(*Server)

// WithoutDefaultCredential makes the tenant hold no default carrier
// credential: a create that names none is refused with HTTP 400.
func WithoutDefaultCredential() Option { return func(s *Server) { s.defaultCode = "" } }

// WithCarrierCredentials adds carrier credential codes the tenant holds
// (DefaultCarrierCredential, CredentialCode and CarrierCredential always
// exist).
func WithCarrierCredentials(codes ...string) Option {
	return func(s *Server) {
		for _, c := range codes {
			s.codes[c] = true
		}
	}
}

// CreateCall is one create the fake received.
type CreateCall struct {
	TrackingNumber string
	CarrierCode    string
	// CredentialCode is the carrierCredentialsCode received; CredentialSent
	// tells an absent field from an empty one.
	CredentialCode string
	CredentialSent bool
}

// Server is a fake techTRACK tenant. Close it when done.
// Carrier hands back a carrier ready to use it. The embedded
// *fakeprovider.Faults injects faults and counts requests (FailNext,
// RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	mu          sync.Mutex
	events      map[string]json.RawMessage // event list by tracking number
	codes       map[string]bool            // carrier credentials the tenant holds
	defaultCode string
	creates     []CreateCall
}

// NewServer starts a fake tenant holding NumberDelivered, a default carrier
// credential, CredentialCode and CarrierCredential.
func NewServer(opts ...Option) *Server {
	s := &Server{
		events:      map[string]json.RawMessage{},
		codes:       map[string]bool{DefaultCarrierCredential: true, CredentialCode: true, CarrierCredential: true},
		defaultCode: DefaultCarrierCredential,
	}
	for _, o := range opts {
		o(s)
	}
	var seed struct{ Events json.RawMessage }
	if err := json.Unmarshal(seedEvents, &seed); err != nil {
		panic(fmt.Sprintf("techtracktest: seed: %v", err))
	}
	s.events[NumberDelivered] = seed.Events
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: writeFailure, RateLimited: writeRateLimited})

	mux := http.NewServeMux()
	mux.HandleFunc(PathEvents, s.auth(http.MethodGet, s.get))
	mux.HandleFunc(PathCreate, s.auth(http.MethodPost, s.create))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeProblem(w, http.StatusNotFound, "Not Found", nil)
	})
	s.Server = httptest.NewServer(s.Wrap(mux))
	return s
}

// BaseURL is what to pass to techtrack.WithBaseURL.
func (s *Server) BaseURL() string { return s.URL }

// Credential returns an active default credential the fake accepts.
func (s *Server) Credential() credentials.Credential {
	return credentials.Credential{
		Code: CredentialCode, Carrier: "techtrack", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": APIKey, "api_secret": APISecret},
	}
}

// SetEvents stores a number's event list, a JSON array in techTRACK's
// event format (as in the seed file).
func (s *Server) SetEvents(number string, events []byte) error {
	var list []json.RawMessage
	if err := json.Unmarshal(events, &list); err != nil {
		return fmt.Errorf("techtracktest: SetEvents: want a JSON array: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events[number] = append(json.RawMessage(nil), events...)
	return nil
}

// Has reports whether the tenant tracks the number.
func (s *Server) Has(number string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.events[number]
	return ok
}

// SetDefaultCredential sets the tenant's default carrier credential; ""
// removes it.
func (s *Server) SetDefaultCredential(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.defaultCode = code
	if code != "" {
		s.codes[code] = true
	}
}

// Creates returns every create received, in order, accepted or not.
func (s *Server) Creates() []CreateCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CreateCall(nil), s.creates...)
}

func (s *Server) auth(method string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			w.Header().Set("Allow", method)
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		if r.Header.Get("x-api-key") != APIKey || r.Header.Get("x-user-key") != APISecret {
			writeProblem(w, http.StatusUnauthorized, "Unauthorized", nil)
			return
		}
		next(w, r)
	}
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	numbers := r.URL.Query()["TrackingNumbers"]
	if len(numbers) != 1 || strings.TrimSpace(numbers[0]) == "" {
		writeProblem(w, http.StatusBadRequest, "One or more validation errors occurred.",
			map[string][]string{"TrackingNumbers": {"The TrackingNumbers field is required."}})
		return
	}
	s.mu.Lock()
	events, ok := s.events[numbers[0]]
	s.mu.Unlock()
	if !ok {
		writeProblem(w, http.StatusNotFound, "Not Found", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = fmt.Fprintf(w, `{"events":%s}`, events)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeProblem(w, http.StatusBadRequest, "One or more validation errors occurred.",
			map[string][]string{"$": {"The JSON value could not be converted."}})
		return
	}
	str := func(key string) string {
		var v string
		_ = json.Unmarshal(body[key], &v)
		return strings.TrimSpace(v)
	}
	_, sent := body["carrierCredentialsCode"]
	call := CreateCall{TrackingNumber: str("trackingNumber"), CarrierCode: str("carrierCode"),
		CredentialCode: str("carrierCredentialsCode"), CredentialSent: sent}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creates = append(s.creates, call)
	invalid := map[string][]string{}
	if call.TrackingNumber == "" {
		invalid["trackingNumber"] = []string{"The trackingNumber field is required."}
	}
	if call.CarrierCode == "" {
		invalid["carrierCode"] = []string{"The carrierCode field is required."}
	}
	code := call.CredentialCode
	switch {
	case code == "" && s.defaultCode == "":
		invalid["carrierCredentialsCode"] = []string{fmt.Sprintf(
			"No default carrier credential is set for carrier %s. Specify a carrier credential code.", call.CarrierCode)}
	case code != "" && !s.codes[code]:
		invalid["carrierCredentialsCode"] = []string{fmt.Sprintf("Carrier credential %s was not found or is not active.", code)}
	}
	if len(invalid) > 0 {
		writeProblem(w, http.StatusBadRequest, "One or more validation errors occurred.", invalid)
		return
	}
	if code == "" {
		code = s.defaultCode
	}
	if _, ok := s.events[call.TrackingNumber]; !ok {
		s.events[call.TrackingNumber] = json.RawMessage(`[]`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusCreated)
	out, _ := json.Marshal(map[string]string{"trackingNumber": call.TrackingNumber, "carrierCode": call.CarrierCode,
		"carrierCredentialsCode": code})
	_, _ = w.Write(out)
}

// writeProblem answers with an ASP.NET-style problem document, the error
// shape techTRACK is assumed to use.
func writeProblem(w http.ResponseWriter, status int, title string, errs map[string][]string) {
	typ := "https://tools.ietf.org/html/rfc7231#section-6.5.1"
	switch status {
	case http.StatusUnauthorized:
		typ = "https://tools.ietf.org/html/rfc7235#section-3.1"
	case http.StatusNotFound:
		typ = "https://tools.ietf.org/html/rfc7231#section-6.5.4"
	}
	p := map[string]any{
		"type":    typ,
		"title":   title,
		"status":  status,
		"traceId": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
	}
	if errs != nil {
		p["errors"] = errs
	}
	b, _ := json.Marshal(p)
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeFailure(w http.ResponseWriter, _ *http.Request, status int) {
	writeProblem(w, status, http.StatusText(status), nil)
}

func writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	writeProblem(w, http.StatusTooManyRequests, "Too Many Requests", nil)
}
