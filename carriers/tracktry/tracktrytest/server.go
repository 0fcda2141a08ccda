// Package tracktrytest is a fake Tracktry API v1 for tests: an httptest
// server speaking Tracktry's wire format (paths, the Tracktry-Api-Key
// header, the {meta, data} envelope with its meta codes, the batch limit,
// page/limit listing, meta.code 429) with seeded trackings, fault injection
// and request counters.
//
//	s := tracktrytest.NewServer()
//	defer s.Close()
//	c, cred := s.Carrier()
//	shipment, err := c.Track(ctx, req, cred)
//
// Production code never imports this package.
package tracktrytest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// Values the fake accepts.
const (
	// APIKey is the only Tracktry-Api-Key the fake accepts.
	APIKey = "fake-tracktry-api-key-0123456789"
	// Email is the account e-mail, the key of webhook signatures.
	Email = "webhooks@example.com"
	// CredentialCode is the code of Credential.
	CredentialCode = "fake-tracktry"
	// BatchLimit is the default most trackings POST /v1/trackings/batch
	// accepts; more gives meta.code 4020.
	BatchLimit = 40
	// MaxListLimit is the largest limit GET /v1/trackings/get accepts.
	MaxListLimit = 2000
)

// Seeded tracking numbers, from the fixtures, with the courier (Tracktry's
// carrier_code) each is seeded under. Every fake names its seeded numbers
// Number<State>.
const (
	NumberDelivered = "300400000001"  // 4px, delivered
	NumberPending   = "RB000000001CN" // china-post, pending
	NumberInTransit = "LX000000002CN" // china-ems, transit
	NumberException = "UB000000003CN" // china-post, exception
)

// DataForm is how the fake shapes data in a single-tracking GET: Tracktry
// has been seen to use all three.
type DataForm int

// The data forms.
const (
	DataObject DataForm = iota // "data": {tracking}
	DataArray                  // "data": [{tracking}]
	DataItems                  // "data": {"items": [{tracking}]}
)

//go:embed seed/*.json
var seedFS embed.FS

// Option configures NewServer.
type Option func(*Server)

// WithDataForm sets the shape of data in single-tracking GETs (default
// DataObject).
func WithDataForm(f DataForm) Option { return func(s *Server) { s.form = f } }

// WithBatchLimit sets the most trackings one batch call accepts (default
// BatchLimit).
func WithBatchLimit(n int) Option { return func(s *Server) { s.batchLimit = n } }

// WithRateLimitStatus sets the HTTP status of the meta.code 429 answer
// (default 200: Tracktry's rate limit is read from the body).
func WithRateLimitStatus(code int) Option { return func(s *Server) { s.rlStatus = code } }

// WithoutSeed starts the fake with no trackings.
func WithoutSeed() Option { return func(s *Server) { s.noSeed = true } }

// Server is the fake; the methods below seed and inspect trackings. Close
// it when done. Carrier hands back a carrier ready to use it. The embedded
// *fakeprovider.Faults injects faults and counts requests (FailNext,
// RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	mu         sync.Mutex
	entries    []*entry // in creation order
	carriers   []map[string]any
	form       DataForm
	batchLimit int
	rlStatus   int
	noSeed     bool
	nextID     int
}

// entry is one stored tracking, in wire form.
type entry struct {
	obj                 map[string]any
	origStatus, origSub any // what RestoreStatus (PUT status 8) brings back
}

// NewServer starts a fake seeded with the fixtures' trackings:
// NumberDelivered, NumberPending, NumberInTransit and NumberException.
func NewServer(opts ...Option) *Server {
	s := &Server{batchLimit: BatchLimit, rlStatus: http.StatusOK}
	for _, o := range opts {
		o(s)
	}
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: s.writeFault, RateLimited: s.writeRateLimited})
	s.seed()
	s.Server = httptest.NewServer(s.Wrap(http.HandlerFunc(s.serve)))
	return s
}

// BaseURL is what to pass to tracktry.WithBaseURL (the root, without /v1).
func (s *Server) BaseURL() string { return s.URL }

// Credential returns an active default credential the fake accepts.
func (s *Server) Credential() credentials.Credential {
	return credentials.Credential{
		Code: CredentialCode, Carrier: "tracktry", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": APIKey, "email": Email},
	}
}

// SetDataForm changes the shape of data in single-tracking GETs.
func (s *Server) SetDataForm(f DataForm) { s.mu.Lock(); s.form = f; s.mu.Unlock() }

// SetBatchLimit changes the most trackings one batch call accepts.
func (s *Server) SetBatchLimit(n int) { s.mu.Lock(); s.batchLimit = n; s.mu.Unlock() }

// Add stores a tracking with the status and substatus (Tracktry's values)
// and one event, replacing any with the same courier and number.
func (s *Server) Add(courier, number, status, substatus string) {
	now := time.Now().UTC()
	obj := map[string]any{
		"tracking_number": number, "carrier_code": courier, "status": status, "substatus": nullable(substatus),
		"created_at": now.Format(time.RFC3339), "updated_at": now.Format(time.RFC3339),
		"lastEvent": "Status " + status, "lastUpdateTime": now.Format("2006-01-02 15:04:05"),
		"origin_info": map[string]any{"trackinfo": []any{map[string]any{
			"Date": now.Format("2006-01-02 15:04:05"), "StatusDescription": "Status " + status, "Details": "",
			"checkpoint_status": status, "substatus": nullable(substatus),
		}}},
		"destination_info": map[string]any{"trackinfo": []any{}},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(obj)
}

// AddJSON stores a tracking object in Tracktry's wire format (it needs
// tracking_number and carrier_code), replacing any with the same courier
// and number.
func (s *Server) AddJSON(obj []byte) error {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("tracktrytest: tracking is not a JSON object: %w", err)
	}
	if str(m, "tracking_number") == "" || str(m, "carrier_code") == "" {
		return fmt.Errorf("tracktrytest: tracking needs tracking_number and carrier_code")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(m)
	return nil
}

// SetStatus changes a stored tracking's status and substatus; it reports
// whether the tracking exists.
func (s *Server) SetStatus(courier, number, status, substatus string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.find(courier, number)
	if e == nil {
		return false
	}
	e.obj["status"], e.obj["substatus"] = status, nullable(substatus)
	return true
}

// Tracking returns a stored tracking in wire form.
func (s *Server) Tracking(courier, number string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.find(courier, number)
	if e == nil {
		return nil, false
	}
	b, _ := json.Marshal(e.obj)
	return b, true
}

// Len returns how many trackings the fake holds.
func (s *Server) Len() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.entries) }

// WebhookBody returns a TrackingMore-v2-style webhook body for a stored
// tracking, signed at the time given with Email as the key (the package's
// WebhookBody), as tracktry.WebhookScheme expects.
func (s *Server) WebhookBody(courier, number string, at time.Time) ([]byte, bool) {
	data, ok := s.Tracking(courier, number)
	if !ok {
		return nil, false
	}
	return WebhookBody(Email, data, at), true
}

// seed loads the embedded fixtures.
func (s *Server) seed() {
	var carriers struct {
		Data []map[string]any `json:"data"`
	}
	b, _ := seedFS.ReadFile("seed/carriers.json")
	_ = json.Unmarshal(b, &carriers)
	s.carriers = carriers.Data
	if s.noSeed {
		return
	}
	for _, name := range []string{"get-tracking-delivered.json", "get-tracking-data-array-pending.json",
		"realtime-response-in-transit.json", "list-trackings-page.json"} {
		b, err := seedFS.ReadFile("seed/" + name)
		if err != nil {
			panic("tracktrytest: missing seed " + name)
		}
		for _, obj := range seedTrackings(b) {
			if s.find(str(obj, "carrier_code"), str(obj, "tracking_number")) == nil {
				s.put(obj)
			}
		}
	}
}

// seedTrackings reads the trackings of a fixture in any data form.
func seedTrackings(b []byte) []map[string]any {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(b, &env)
	var list []map[string]any
	if json.Unmarshal(env.Data, &list) == nil {
		return list
	}
	var obj map[string]any
	if json.Unmarshal(env.Data, &obj) != nil {
		return nil
	}
	if items, ok := obj["items"]; ok {
		raw, _ := json.Marshal(items)
		_ = json.Unmarshal(raw, &list)
		return list
	}
	return []map[string]any{obj}
}

// put stores obj, replacing the tracking with the same key. s.mu is held.
func (s *Server) put(obj map[string]any) {
	if str(obj, "id") == "" {
		s.nextID++
		obj["id"] = fmt.Sprintf("%032x", s.nextID)
	}
	e := &entry{obj: obj, origStatus: obj["status"], origSub: obj["substatus"]}
	for i, old := range s.entries {
		if sameKey(old.obj, obj) {
			s.entries[i] = e
			return
		}
	}
	s.entries = append(s.entries, e)
}

func (s *Server) find(courier, number string) *entry {
	for _, e := range s.entries {
		if strings.EqualFold(str(e.obj, "carrier_code"), courier) && strings.EqualFold(str(e.obj, "tracking_number"), number) {
			return e
		}
	}
	return nil
}

func sameKey(a, b map[string]any) bool {
	return strings.EqualFold(str(a, "carrier_code"), str(b, "carrier_code")) &&
		strings.EqualFold(str(a, "tracking_number"), str(b, "tracking_number"))
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// metaTexts are the type and message the fake sends with each code.
var metaTexts = map[int][2]string{
	200:  {"Success", "Success"},
	201:  {"Created", "Created"},
	4001: {"Unauthorized", "Invalid API key."},
	4012: {"Bad Request", "The request could not be read or a required parameter is missing."},
	4013: {"Bad Request", "`tracking_number` is required."},
	4014: {"Bad Request", "The value of `tracking_number` is invalid."},
	4015: {"Bad Request", "The value of `carrier_code` is invalid."},
	4016: {"Bad Request", "Tracking already exists."},
	4017: {"Bad Request", "Tracking does not exist."},
	4020: {"Bad Request", "The number of trackings exceeds the limit per call."},
	4031: {"No Content", "The request was successful but the response is empty."},
	4032: {"No Content", "Unable to detect the carrier."},
	4033: {"No Content", "The value of `status` is invalid."},
	404:  {"Not Found", "The requested resource does not exist."},
	405:  {"Method Not Allowed", "The method is not allowed for this resource."},
	429:  {"Too Many Requests", "Exceeded API limits. Pause requests, wait two minute, and try again."},
}

// write answers the envelope. A three-digit code is also the HTTP status;
// the four-digit ones come with HTTP 200.
func write(w http.ResponseWriter, code int, data any) {
	status := http.StatusOK
	if code >= 300 && code < 600 {
		status = code
	}
	writeStatus(w, status, code, data)
}

func writeStatus(w http.ResponseWriter, status, code int, data any) {
	text, ok := metaTexts[code]
	if !ok {
		text = [2]string{http.StatusText(code), http.StatusText(code)}
	}
	if data == nil {
		data = []any{}
	}
	body, _ := json.Marshal(map[string]any{
		"meta": map[string]any{"code": code, "type": text[0], "message": text[1]},
		"data": data,
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeFault is the fakeprovider Error writer: the HTTP status mirrored in
// meta.code.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int) {
	writeStatus(w, status, status, nil)
}

// writeRateLimited is the fakeprovider RateLimited writer: meta.code 429,
// with HTTP 200 unless WithRateLimitStatus says otherwise, and a
// Retry-After only when the test asks for one (Tracktry sends none).
func (s *Server) writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	s.mu.Lock()
	status := s.rlStatus
	s.mu.Unlock()
	writeStatus(w, status, 429, nil)
}

// serve routes one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	if !ok {
		write(w, 404, nil)
		return
	}
	if r.Header.Get("Tracktry-Api-Key") != APIKey {
		write(w, 4001, nil)
		return
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	route := func(method string, h func(http.ResponseWriter, *http.Request)) {
		if r.Method != method {
			write(w, 405, nil)
			return
		}
		h(w, r)
	}
	switch {
	case rest == "trackings/get":
		route(http.MethodGet, s.list)
	case rest == "trackings/post":
		route(http.MethodPost, s.create)
	case rest == "trackings/batch":
		route(http.MethodPost, s.batch)
	case rest == "trackings/realtime":
		route(http.MethodPost, s.realtime)
	case rest == "carriers":
		route(http.MethodGet, s.listCarriers)
	case rest == "carriers/detect":
		route(http.MethodPost, s.detect)
	case len(segs) == 3 && segs[0] == "trackings" && segs[1] != "" && segs[2] != "":
		switch r.Method {
		case http.MethodGet:
			s.get(w, segs[1], segs[2])
		case http.MethodPut:
			s.update(w, r, segs[1], segs[2])
		case http.MethodDelete:
			s.remove(w, segs[1], segs[2])
		default:
			write(w, 405, nil)
		}
	default:
		write(w, 404, nil)
	}
}

func (s *Server) get(w http.ResponseWriter, courier, number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.find(courier, number)
	if e == nil {
		write(w, 4017, nil)
		return
	}
	switch s.form {
	case DataArray:
		write(w, 200, []any{e.obj})
	case DataItems:
		write(w, 200, map[string]any{"items": []any{e.obj}})
	default:
		write(w, 200, e.obj)
	}
}

// readObject decodes a JSON object body; it answers 4012 and reports false
// when the body is not one.
func readObject(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var m map[string]any
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		write(w, 4012, nil)
		return nil, false
	}
	return m, true
}

func (s *Server) knownCarrier(code string) bool {
	for _, c := range s.carriers {
		if strings.EqualFold(str(c, "code"), code) {
			return true
		}
	}
	return false
}

// newTracking validates one create object and builds the stored tracking;
// code is 0 on success, else the meta.code refusing it. s.mu is held.
func (s *Server) newTracking(in map[string]any, destKey string) (map[string]any, int) {
	number, courier := str(in, "tracking_number"), str(in, "carrier_code")
	switch {
	case number == "":
		return nil, 4013
	case courier == "" || !s.knownCarrier(courier):
		return nil, 4015
	case s.find(courier, number) != nil:
		return nil, 4016
	}
	now := time.Now().UTC().Format(time.RFC3339)
	obj := map[string]any{
		"tracking_number": number, "carrier_code": courier, "status": "pending",
		"created_at": now, "updated_at": now,
		"origin_info": map[string]any{"trackinfo": []any{}}, "destination_info": map[string]any{"trackinfo": []any{}},
	}
	for _, k := range []string{"title", "logistics_channel", "customer_name", "customer_email", "customer_phone",
		"order_id", "order_create_time", "comment", "lang"} {
		if v := str(in, k); v != "" {
			obj[k] = v
		}
	}
	if v := str(in, destKey); v != "" {
		obj["destination_country"] = v
	}
	s.put(obj)
	return obj, 0
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	in, ok := readObject(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, code := s.newTracking(in, "destination_code")
	if code != 0 {
		write(w, code, nil)
		return
	}
	write(w, 200, obj)
}

func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	var items []map[string]any
	b, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&items); err != nil {
		write(w, 4012, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(items) > s.batchLimit {
		write(w, 4020, nil)
		return
	}
	made, errs := []any{}, []any{}
	for _, in := range items {
		obj, code := s.newTracking(in, "specialNumberDestination")
		switch {
		case code == 0:
			made = append(made, map[string]any{"tracking_number": obj["tracking_number"],
				"carrier_code": obj["carrier_code"], "order_id": obj["order_id"]})
		case code == 4016:
			// Tracktry sends some errors as objects...
			errs = append(errs, map[string]any{"tracking_number": str(in, "tracking_number"),
				"code": code, "message": metaTexts[code][1]})
		default:
			// ...and others as JSON strings wrapping a meta.
			inner, _ := json.Marshal(map[string]any{
				"meta":            map[string]any{"code": code, "type": metaTexts[code][0], "message": metaTexts[code][1]},
				"tracking_number": str(in, "tracking_number"),
			})
			errs = append(errs, string(inner))
		}
	}
	write(w, 201, map[string]any{"submitted": len(items), "added": len(made), "trackings": made, "errors": errs})
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, courier, number string) {
	in, ok := readObject(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.find(courier, number)
	if e == nil {
		write(w, 4017, nil)
		return
	}
	for _, k := range []string{"title", "logistics_channel", "customer_name", "customer_email", "customer_phone", "order_id", "archived"} {
		if v := str(in, k); v != "" {
			e.obj[k] = v
		}
	}
	if v := str(in, "destination_code"); v != "" {
		e.obj["destination_country"] = v
	}
	switch str(in, "status") {
	case "":
	case "4":
		e.obj["status"], e.obj["substatus"] = "delivered", nil
	case "7":
		e.obj["status"], e.obj["substatus"] = "exception", nil
	case "8":
		e.obj["status"], e.obj["substatus"] = e.origStatus, e.origSub
	default:
		write(w, 4012, nil)
		return
	}
	write(w, 200, e.obj)
}

func (s *Server) remove(w http.ResponseWriter, courier, number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, e := range s.entries {
		if strings.EqualFold(str(e.obj, "carrier_code"), courier) && strings.EqualFold(str(e.obj, "tracking_number"), number) {
			s.entries = slices.Delete(s.entries, i, i+1)
			write(w, 200, nil)
			return
		}
	}
	write(w, 4017, nil)
}

// statusValues are the status filter values the fake accepts.
var statusValues = []string{"pending", "notfound", "inforeceived", "transit", "pickup", "undelivered", "delivered", "exception", "expired"}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, limit := 1, 100
	var err error
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			write(w, 4012, nil)
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > MaxListLimit {
			write(w, 4012, nil)
			return
		}
	}
	status := q.Get("status")
	if status != "" && !slices.Contains(statusValues, status) {
		write(w, 4033, nil)
		return
	}
	var minT, maxT int64 = 0, 1<<62 - 1
	for _, p := range []struct {
		key string
		dst *int64
	}{{"created_at_min", &minT}, {"created_at_max", &maxT}} {
		if v := q.Get(p.key); v != "" {
			if *p.dst, err = strconv.ParseInt(v, 10, 64); err != nil {
				write(w, 4012, nil)
				return
			}
		}
	}
	numbers, orders := splitList(q.Get("numbers")), splitList(q.Get("orders"))

	s.mu.Lock()
	defer s.mu.Unlock() // held while writing: items are the stored maps
	var match []any
	for _, e := range s.entries {
		if status != "" && str(e.obj, "status") != status {
			continue
		}
		if len(numbers) > 0 && !containsFold(numbers, str(e.obj, "tracking_number")) {
			continue
		}
		if len(orders) > 0 && !slices.Contains(orders, str(e.obj, "order_id")) {
			continue
		}
		if t, err := time.Parse(time.RFC3339, str(e.obj, "created_at")); err == nil && (t.Unix() < minT || t.Unix() > maxT) {
			continue
		}
		match = append(match, e.obj)
	}
	total := len(match)
	from := min((page-1)*limit, total)
	items := match[from:min(from+limit, total)]
	if len(items) == 0 {
		write(w, 4031, nil)
		return
	}
	// total comes as a string, as Tracktry has been seen to send it.
	write(w, 200, map[string]any{"page": page, "limit": limit, "total": strconv.Itoa(total), "items": items})
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
}

func (s *Server) realtime(w http.ResponseWriter, r *http.Request) {
	in, ok := readObject(w, r)
	if !ok {
		return
	}
	number, courier := str(in, "tracking_number"), str(in, "carrier_code")
	if number == "" {
		write(w, 4013, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if strings.EqualFold(str(e.obj, "tracking_number"), number) &&
			(courier == "" || strings.EqualFold(str(e.obj, "carrier_code"), courier)) {
			write(w, 200, map[string]any{"items": []any{e.obj}})
			return
		}
	}
	write(w, 4017, nil)
}

func (s *Server) listCarriers(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	write(w, 200, s.carriers)
}

var (
	upuCN   = regexp.MustCompile(`^[A-Z]{2}\d{9}CN$`)
	digits  = regexp.MustCompile(`^\d{12}$`)
	uspsIMP = regexp.MustCompile(`^9\d{21}$`)
)

// detect suggests couriers: those of stored trackings with the number,
// else a guess from the number's shape, else 4032.
func (s *Server) detect(w http.ResponseWriter, r *http.Request) {
	in, ok := readObject(w, r)
	if !ok {
		return
	}
	number := strings.ToUpper(str(in, "tracking_number"))
	if number == "" {
		write(w, 4013, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var codes []string
	for _, e := range s.entries {
		if strings.EqualFold(str(e.obj, "tracking_number"), number) {
			codes = append(codes, str(e.obj, "carrier_code"))
		}
	}
	switch {
	case len(codes) > 0:
	case upuCN.MatchString(number):
		codes = []string{"china-post", "china-ems"}
	case digits.MatchString(number):
		codes = []string{"4px"}
	case uspsIMP.MatchString(number):
		codes = []string{"usps"}
	default:
		write(w, 4032, nil)
		return
	}
	var out []any
	for _, code := range codes {
		name := code
		for _, c := range s.carriers {
			if str(c, "code") == code {
				name = str(c, "name")
			}
		}
		out = append(out, map[string]any{"name": name, "code": code})
	}
	write(w, 200, out)
}
