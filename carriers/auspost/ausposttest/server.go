// Package ausposttest is a fake Australia Post Shipping & Tracking API for
// tests: an httptest server that speaks the provider's wire format for
// GET /shipping/v1/track (and the test environment's
// /test/shipping/v1/track), for both networks, Australia Post and
// StarTrack, with the shared fault injection and counters of
// fakeprovider.Faults.
//
// Like the real API it checks HTTP Basic authentication and the
// Account-Number header (a wrong one gets 401 API_001), takes 1 to 10 ids
// a call (51100 for none, 51101 or 51102 for more than 10), refuses ids of
// both networks in one call (51103), and answers unknown ids with a
// per-id ESB-10001 inside an HTTP 200. The network of a call is the
// account's: AccountNumber is an Australia Post account and
// StarTrackAccountNumber a StarTrack one; each seeded id belongs to one
// network, and an id of the other network is answered as unknown.
//
// It starts seeded with the provider's sample answers (see Seeded).
// Production code never imports this package.
package ausposttest

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// Networks, named like the carrier IDs.
const (
	NetworkAusPost   = "auspost"
	NetworkStarTrack = "startrack"
)

// Credentials the fake accepts.
const (
	APIKey                 = "fake-auspost-api-key"
	APISecret              = "fake-auspost-api-password"
	AccountNumber          = "1000000001" // an Australia Post account: 10 digits
	StarTrackAccountNumber = "10000001"   // a StarTrack account: 8 digits
)

// Codes of the credentials Credential and StarTrackCredential return.
const (
	CredentialCode          = "fake-auspost"
	StarTrackCredentialCode = "fake-startrack"
)

// Paths the fake serves: production and the test environment.
const (
	TrackPath     = "/shipping/v1/track"
	TestTrackPath = "/test/shipping/v1/track"
)

// Seeded tracking ids, from the provider's samples. Every fake names its
// seeded numbers Number<State>.
const (
	NumberDelivered          = "7XX1000000000001" // Australia Post eParcel, delivered
	NumberAwaitingCollection = "7XX1000000000002" // Australia Post, "awaiting collection"
	NumberPossibleDelay      = "7XX1000000000003" // Australia Post, "Possible delay"
	NumberConsignment        = "ET000000001AU"    // Australia Post consignment with items[]
	NumberInvalid            = "7XX1000"          // answered with ESB-10001
	NumberStarTrack          = "5XXX00000001"     // StarTrack consignment with two items
)

// maxIDs is the most ids one call takes.
const maxIDs = 10

//go:embed seed
var seed embed.FS

// Server is the fake. Close it when done (defer s.Close() or
// t.Cleanup(s.Close)). Carrier hands back a carrier ready to use it. The
// embedded *fakeprovider.Faults injects faults and counts requests
// (FailNext, RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	mu      sync.Mutex
	results map[string]entry // by upper-case tracking id
	calls   [][]string       // ids of each accepted /track call
}

type entry struct {
	network string
	body    json.RawMessage // one tracking_results[] element, as served
}

// Option configures NewServer.
type Option func(*config)

type config struct{ empty bool }

// WithoutSeed starts the fake with no shipments.
func WithoutSeed() Option { return func(c *config) { c.empty = true } }

// NewServer starts the fake, seeded with the samples unless WithoutSeed
// is given.
func NewServer(opts ...Option) *Server {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{results: map[string]entry{}}
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: writeFault, RateLimited: writeRateLimited})
	if !cfg.empty {
		if err := s.loadSeed(); err != nil {
			panic("ausposttest: bad embedded seed: " + err.Error())
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc(TrackPath, s.track)
	mux.HandleFunc(TestTrackPath, s.track)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeErrors(w, http.StatusNotFound, apiError("404", "Not Found", "No resource matches the request path."))
	})
	s.Server = httptest.NewServer(s.Faults.Wrap(mux))
	return s
}

// BaseURL is what to pass to auspost.WithBaseURL.
func (s *Server) BaseURL() string { return s.URL }

// Credential returns an active default Australia Post credential the fake
// accepts (Code "fake-auspost").
func (s *Server) Credential() credentials.Credential {
	return credential(CredentialCode, NetworkAusPost, AccountNumber)
}

// StarTrackCredential returns an active default StarTrack credential the
// fake accepts (Code "fake-startrack").
func (s *Server) StarTrackCredential() credentials.Credential {
	return credential(StarTrackCredentialCode, NetworkStarTrack, StarTrackAccountNumber)
}

func credential(code, carrier, account string) credentials.Credential {
	return credentials.Credential{
		Code: code, Carrier: carrier, Active: true, Default: true,
		Fields: map[string]credentials.Secret{
			"account_number": credentials.Secret(account),
			"api_key":        credentials.Secret(APIKey),
			"api_secret":     credentials.Secret(APISecret),
		},
	}
}

// Seeded returns the ids the fake was seeded with, by network.
func Seeded() map[string][]string {
	return map[string][]string{
		NetworkAusPost:   {NumberDelivered, NumberAwaitingCollection, NumberPossibleDelay, NumberConsignment, NumberInvalid},
		NetworkStarTrack: {NumberStarTrack},
	}
}

// AddResult adds (or replaces) the answer for one id of network: result
// is one tracking_results[] element as the provider sends it, whose
// tracking_id names the id.
func (s *Server) AddResult(network string, result []byte) error {
	if network != NetworkAusPost && network != NetworkStarTrack {
		return fmt.Errorf("ausposttest: network %q is neither %q nor %q", network, NetworkAusPost, NetworkStarTrack)
	}
	var r struct {
		TrackingID string `json:"tracking_id"`
	}
	if err := json.Unmarshal(result, &r); err != nil {
		return fmt.Errorf("ausposttest: result is not a tracking_results element: %w", err)
	}
	if strings.TrimSpace(r.TrackingID) == "" {
		return errors.New("ausposttest: result has no tracking_id")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, result); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results[key(r.TrackingID)] = entry{network: network, body: buf.Bytes()}
	return nil
}

// AddArticle adds an article of network with one status and no events.
func (s *Server) AddArticle(network, id, status string) error {
	b, err := json.Marshal(map[string]any{
		"tracking_id": id,
		"status":      status,
		"trackable_items": []map[string]any{{
			"article_id": id, "product_type": "eParcel", "status": status, "events": []any{},
		}},
	})
	if err != nil {
		return err
	}
	return s.AddResult(network, b)
}

// AddError makes id of network answer a per-id error (such as ESB-10002,
// Product Not Trackable) inside an HTTP 200.
func (s *Server) AddError(network, id, code, name string) error {
	b, err := json.Marshal(map[string]any{"tracking_id": id, "errors": []any{map[string]string{"code": code, "name": name}}})
	if err != nil {
		return err
	}
	return s.AddResult(network, b)
}

// Calls returns the ids of every /track call that passed authentication
// and the limits, in arrival order.
func (s *Server) Calls() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]string, len(s.calls))
	for i, c := range s.calls {
		out[i] = append([]string(nil), c...)
	}
	return out
}

// Reset clears the faults and every counter, Calls included; the seeded
// and added shipments stay.
func (s *Server) Reset() {
	s.Faults.Reset()
	s.mu.Lock()
	s.calls = nil
	s.mu.Unlock()
}

func (s *Server) loadSeed() error {
	return fs.WalkDir(seed, "seed", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		b, err := seed.ReadFile(p)
		if err != nil {
			return err
		}
		var body struct {
			TrackingResults []json.RawMessage `json:"tracking_results"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		network := path.Base(path.Dir(p)) // seed/<network>/<file>
		for _, r := range body.TrackingResults {
			if err := s.AddResult(network, r); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	})
}

// track serves GET /track.
func (s *Server) track(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeErrors(w, http.StatusMethodNotAllowed, apiError("405", "Method Not Allowed", "Use GET."))
		return
	}
	network, ok := authenticate(r)
	if !ok {
		writeErrors(w, http.StatusUnauthorized, gatewayError("API_001", "Unauthorized", "The request failed authentication"))
		return
	}
	var ids []string
	for _, id := range strings.Split(r.URL.Query().Get("tracking_ids"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// The provider tells the networks apart by the ids; the fake knows the
	// network of its seeded ids, and takes others as the account's.
	idNetworks := map[string]bool{}
	for _, id := range ids {
		if e, ok := s.results[key(id)]; ok {
			idNetworks[e.network] = true
		}
	}
	if len(idNetworks) == 1 {
		for n := range idNetworks {
			network = n
		}
	}
	switch {
	case len(ids) == 0:
		writeErrors(w, http.StatusBadRequest, apiError("51100", "TRACKING_IDS_MISSING", "The request must contain at least one tracking id."))
		return
	case len(ids) > maxIDs && network == NetworkStarTrack:
		writeErrors(w, http.StatusBadRequest, apiError("51102", "TOO_MANY_ST_TRACKING_IDS", "The request must contain 10 or less StarTrack consignment ids."))
		return
	case len(ids) > maxIDs:
		writeErrors(w, http.StatusBadRequest, apiError("51101", "TOO_MANY_AP_TRACKING_IDS", "The request must contain 10 or less AP article ids, consignment ids, or barcode ids."))
		return
	case len(idNetworks) > 1:
		writeErrors(w, http.StatusBadRequest, apiError("51103", "TRACKING_IDS_MIX_OF_AP_AND_ST", "The request must contain only StarTrack consignment ids or only AP ids."))
		return
	}
	s.calls = append(s.calls, ids)

	account, _ := accountNetwork(r.Header.Get("Account-Number"))
	results := make([]json.RawMessage, len(ids))
	for i, id := range ids {
		if e, ok := s.results[key(id)]; ok && e.network == account {
			results[i] = e.body
			continue
		}
		results[i], _ = json.Marshal(map[string]any{
			"tracking_id": id,
			"errors":      []any{map[string]string{"code": "ESB-10001", "name": "Invalid tracking ID"}},
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"tracking_results": results})
}

// authenticate checks Basic authentication and the Account-Number header,
// and returns the account's network.
func authenticate(r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != APIKey || pass != APISecret {
		return "", false
	}
	return accountNetwork(r.Header.Get("Account-Number"))
}

func accountNetwork(account string) (string, bool) {
	switch strings.TrimSpace(account) {
	case AccountNumber:
		return NetworkAusPost, true
	case StarTrackAccountNumber:
		return NetworkStarTrack, true
	}
	return "", false
}

func key(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// apiError is an error item in the API's keys (code, name, message).
func apiError(code, name, message string) map[string]string {
	return map[string]string{"code": code, "name": name, "message": message}
}

// gatewayError is an error item in the gateway's keys (error_code,
// error_name, message), used for 401 and 429.
func gatewayError(code, name, message string) map[string]string {
	return map[string]string{"message": message, "error_code": code, "error_name": name}
}

func writeErrors(w http.ResponseWriter, status int, items ...map[string]string) {
	writeJSON(w, status, map[string]any{"errors": items})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeFault answers an injected failure as the provider would.
func writeFault(w http.ResponseWriter, _ *http.Request, status int) {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		writeErrors(w, status, gatewayError("API_001", "Unauthorized", "The request failed authentication"))
	case http.StatusTooManyRequests:
		writeErrors(w, status, gatewayError("API_002", "Too many requests", "Too many requests"))
	default:
		writeErrors(w, status, apiError("ESB-20050", "System Error", "An internal error occurred."))
	}
}

// writeRateLimited answers 429 API_002, with Retry-After when given.
func writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	writeErrors(w, http.StatusTooManyRequests, gatewayError("API_002", "Too many requests", "Too many requests"))
}
