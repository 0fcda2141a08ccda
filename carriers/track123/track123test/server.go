// Package track123test is a fake Track123 Open API for tests: an
// httptest server speaking Track123's wire format (paths under
// /gateway/open-api/tk/v2.1 and /tk/v2, the Track123-Api-Secret header,
// the {code, msg, data, traceId} envelope with its string codes, the
// 100-item batch limit, cursor pagination, and the HTTP 200 A0706
// rate-limit answer), seeded with sample trackings, with the shared fault
// injection and request counters.
//
// Production code never imports it.
package track123test

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// Accepted credentials and fixed values of the fake.
const (
	// APISecret is the API secret the fake accepts by default.
	APISecret = "fake-track123-api-secret"
	// CredentialCode is the code of Credential().
	CredentialCode = "fake-track123"
	// Prefix is the gateway prefix the fake serves under, as Track123 does.
	Prefix = "/gateway/open-api"
	// MaxBatch is the most items the fake takes in one import, query or
	// delete, as Track123.
	MaxBatch = 100
)

// Seeded tracking numbers (from the sample answers in seed/). Every fake
// names its seeded numbers Number<State>.
const (
	NumberDelivered = "9261290000000000000017" // usps, DELIVERED / DELIVERED_04
	NumberPickup    = "LV000000001CN"          // china-post, WAITING_DELIVERY / WAITING_DELIVERY_02
	NumberPickupNL  = "NL000000001NL"          // postnl-3s, WAITING_DELIVERY / WAITING_DELIVERY_02
	NumberReturning = "YT0000000000000002"     // yunexpress, ABNORMAL / ABNORMAL_07
	NumberExpired   = "LX000000003CN"          // china-post, EXPIRED
	NumberUnknown   = "620300000000"           // not registered
)

const (
	headerSecret      = "Track123-Api-Secret"
	codeSuccess       = "00000"
	codeInvalidToken  = "A0230"
	codeParamError    = "A0400"
	codeParamIsNull   = "A0410"
	codeRateLimited   = "A0706"
	codeSystemError   = "B0001"
	codeNoInterface   = "C0113"
	msgNotRegistered  = "trackNo not registered"
	msgAlreadyPresent = "trackNo has already been imported"
	timeLayout        = "2006-01-02 15:04:05"
)

//go:embed seed/*.json
var seedFS embed.FS

// Option configures NewServer.
type Option func(*config)

type config struct {
	secret string
	noSeed bool
}

// WithAPISecret makes the fake accept secret instead of APISecret.
func WithAPISecret(secret string) Option { return func(c *config) { c.secret = secret } }

// WithoutSeed starts the fake with no trackings.
func WithoutSeed() Option { return func(c *config) { c.noSeed = true } }

// Server is the fake Track123. Close it when done (t.Cleanup(s.Close)).
// Its methods are safe for concurrent use.
// Carrier hands back a carrier ready to use it. The embedded
// *fakeprovider.Faults injects faults and counts requests (FailNext,
// RateLimitNext, SetLatency, Requests, RequestsTo, Reset...).
type Server struct {
	*httptest.Server
	*fakeprovider.Faults

	secret string

	mu        sync.Mutex
	trackings []map[string]any // in registration order, as the listing pages them
	byNumber  map[string][]int // positions in trackings by numberKey(trackNo)
	couriers  []map[string]any
	noV21     map[string]bool // endpoints answering C0113 on v2.1; "" = all
	nextID    int64
	traces    int
}

// NewServer starts a fake Track123 seeded with the sample trackings
// (unless WithoutSeed).
func NewServer(opts ...Option) *Server {
	cfg := config{secret: APISecret}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{secret: cfg.secret, noV21: map[string]bool{}, nextID: 229255084490800000}
	s.Faults = fakeprovider.NewFaults(fakeprovider.Writers{Error: s.writeFault, RateLimited: s.writeRateLimited})
	s.couriers = mustSeedList("seed/courier-list.json")
	if !cfg.noSeed {
		for _, f := range []string{
			"seed/query-response-page-1-of-2.json",
			"seed/query-response-page-2-of-2.json",
			"seed/query-response-delivered.json",
			"seed/query-realtime-response-available-for-pickup.json",
		} {
			for _, t := range mustSeedTrackings(f) {
				s.put(t)
			}
		}
	}
	s.Server = httptest.NewServer(s.Faults.Wrap(http.HandlerFunc(s.serve)))
	return s
}

// BaseURL is what to pass to track123.WithBaseURL.
func (s *Server) BaseURL() string { return s.URL + Prefix }

// Credential is an active default credential the fake accepts.
func (s *Server) Credential() credentials.Credential {
	return credentials.Credential{
		Code: CredentialCode, Carrier: "track123", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_secret": credentials.Secret(s.secret)},
	}
}

// AddTracking stores a tracking given as Track123 sends it (an object
// with trackNo and localLogisticsInfo.courierCode), replacing one with the
// same number and courier.
func (s *Server) AddTracking(raw []byte) error {
	t, err := decodeObject(raw)
	if err != nil {
		return err
	}
	if str(t["trackNo"]) == "" {
		return fmt.Errorf("track123test: the tracking has no trackNo")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(t)
	return nil
}

// SetStatus sets the transitStatus and transitSubStatus of every tracking
// of number, reporting whether there was one.
func (s *Server) SetStatus(number, transitStatus, subStatus string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.find(number, "")
	for _, i := range idx {
		s.trackings[i]["transitStatus"] = transitStatus
		s.trackings[i]["transitSubStatus"] = nullable(subStatus)
	}
	return len(idx) > 0
}

// Tracking returns the stored tracking of number as JSON.
func (s *Server) Tracking(number string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.find(number, "")
	if len(idx) == 0 {
		return nil, false
	}
	b, _ := json.Marshal(s.trackings[idx[0]])
	return b, true
}

// Len returns how many trackings the fake holds.
func (s *Server) Len() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.trackings) }

// DisableV21 makes the endpoints (such as "track/query"; none means all)
// answer C0113 "Interface does not exist" on /tk/v2.1, as Track123 does
// for a path a version lacks.
func (s *Server) DisableV21(endpoints ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(endpoints) == 0 {
		s.noV21[""] = true
	}
	for _, e := range endpoints {
		s.noV21[e] = true
	}
}

// v21Only are the endpoints Track123 documents under /tk/v2.1 only.
var v21Only = map[string]bool{"track/query-realtime": true, "track/update-courier": true}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get(headerSecret) != s.secret {
		s.write(w, http.StatusOK, codeInvalidToken, "Token invalid or expired", nil)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix+"/tk/")
	version, ep, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || (version != "v2" && version != "v2.1") {
		s.noInterface(w)
		return
	}
	s.mu.Lock()
	disabled := version == "v2.1" && (s.noV21[""] || s.noV21[ep])
	s.mu.Unlock()
	if disabled || (version == "v2" && v21Only[ep]) {
		s.noInterface(w)
		return
	}
	want := http.MethodPost
	if ep == "courier/list" {
		want = http.MethodGet
	}
	if r.Method != want {
		s.noInterface(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		s.write(w, http.StatusBadRequest, codeParamError, "cannot read the body", nil)
		return
	}
	switch ep {
	case "track/import":
		s.importTrackings(w, body)
	case "track/query":
		s.query(w, body, version)
	case "track/query-realtime":
		s.realtime(w, body)
	case "track/update":
		s.update(w, body)
	case "track/update-courier":
		s.updateCourier(w, body)
	case "track/delete":
		s.deleteTrackings(w, body)
	case "courier/list":
		s.mu.Lock()
		list := s.couriers
		s.mu.Unlock()
		s.write(w, http.StatusOK, codeSuccess, "Success", list)
	default:
		s.noInterface(w)
	}
}

func (s *Server) noInterface(w http.ResponseWriter) {
	s.write(w, http.StatusOK, codeNoInterface, "Interface does not exist", nil)
}

// item is one item of an import or delete array.
type item struct {
	TrackNo        string            `json:"trackNo"`
	CourierCode    string            `json:"courierCode"`
	OrderNo        string            `json:"orderNo"`
	Country        string            `json:"country"`
	ShipTime       string            `json:"shipTime"`
	CustomerEmail  string            `json:"customerEmail"`
	PostalCode     string            `json:"postalCode"`
	ExtendFieldMap map[string]string `json:"extendFieldMap"`
	Remark         string            `json:"remark"`
	Custom1        string            `json:"custom1"`
	Custom2        string            `json:"custom2"`
}

type rejected struct {
	Index       int     `json:"index"`
	TrackNo     string  `json:"trackNo"`
	OrderNo     string  `json:"orderNo,omitempty"`
	CourierCode string  `json:"courierCode,omitempty"`
	Error       errBody `json:"error"`
}

type errBody struct {
	Code string `json:"code"`
	Msg  string `json:"msg"`
}

// readItems decodes an import or delete array and enforces the limit.
func (s *Server) readItems(w http.ResponseWriter, body []byte) ([]item, bool) {
	var items []item
	if err := json.Unmarshal(body, &items); err != nil {
		s.write(w, http.StatusOK, codeParamError, "request body must be a JSON array", nil)
		return nil, false
	}
	if len(items) == 0 {
		s.write(w, http.StatusOK, codeParamIsNull, "request body is empty", nil)
		return nil, false
	}
	if len(items) > MaxBatch {
		s.write(w, http.StatusOK, codeParamError, fmt.Sprintf("at most %d trackNo per request", MaxBatch), nil)
		return nil, false
	}
	return items, true
}

func (s *Server) importTrackings(w http.ResponseWriter, body []byte) {
	items, ok := s.readItems(w, body)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accepted := []item{}
	rejects := []rejected{}
	for i, it := range items {
		it.TrackNo = strings.TrimSpace(it.TrackNo)
		rej := rejected{Index: i, TrackNo: it.TrackNo, OrderNo: it.OrderNo, CourierCode: it.CourierCode}
		switch {
		case it.TrackNo == "":
			rej.Error = errBody{codeParamIsNull, "trackNo is required"}
		case it.CourierCode != "" && !s.knownCourier(it.CourierCode):
			rej.Error = errBody{codeParamError, "unsupported logistics supplier code"}
		case len(s.find(it.TrackNo, it.CourierCode)) > 0:
			rej.Error = errBody{codeParamError, msgAlreadyPresent}
		default:
			if it.CourierCode == "" {
				it.CourierCode = detect(it.TrackNo)
			}
			s.put(s.newTracking(it))
			accepted = append(accepted, it)
			continue
		}
		rejects = append(rejects, rej)
	}
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", map[string]any{"accepted": accepted, "rejected": rejects})
}

func (s *Server) deleteTrackings(w http.ResponseWriter, body []byte) {
	items, ok := s.readItems(w, body)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accepted := []map[string]string{}
	rejects := []rejected{}
	for i, it := range items {
		idx := s.find(it.TrackNo, it.CourierCode)
		if len(idx) == 0 {
			rejects = append(rejects, rejected{Index: i, TrackNo: it.TrackNo, CourierCode: it.CourierCode,
				Error: errBody{codeParamError, msgNotRegistered}})
			continue
		}
		for k := len(idx) - 1; k >= 0; k-- {
			s.trackings = slices.Delete(s.trackings, idx[k], idx[k]+1)
		}
		s.reindex() // positions after the deleted ones moved
		accepted = append(accepted, map[string]string{"trackNo": it.TrackNo, "courierCode": it.CourierCode})
	}
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", map[string]any{"accepted": accepted, "rejected": rejects})
}

// queryBody is track/query's body, both versions' fields.
type queryBody struct {
	TrackNoInfos []struct {
		TrackNo     string `json:"trackNo"`
		CourierCode string `json:"courierCode"`
	} `json:"trackNoInfos"`
	TrackNos        []string `json:"trackNos"`
	OrderNos        []string `json:"orderNos"`
	CreateTimeStart string   `json:"createTimeStart"`
	CreateTimeEnd   string   `json:"createTimeEnd"`
	Cursor          string   `json:"cursor"`
	QueryPageSize   *int     `json:"queryPageSize"`
}

func (s *Server) query(w http.ResponseWriter, body []byte, version string) {
	var q queryBody
	if err := json.Unmarshal(body, &q); err != nil {
		s.write(w, http.StatusOK, codeParamError, "request body must be a JSON object", nil)
		return
	}
	type number struct{ no, courier string }
	var numbers []number
	for _, n := range q.TrackNos {
		numbers = append(numbers, number{no: n})
	}
	if version == "v2.1" { // v2 knows only trackNos
		for _, n := range q.TrackNoInfos {
			numbers = append(numbers, number{n.TrackNo, n.CourierCode})
		}
	}
	if len(numbers) > MaxBatch || len(q.OrderNos) > MaxBatch {
		s.write(w, http.StatusOK, codeParamError, fmt.Sprintf("at most %d trackNos or orderNos per request", MaxBatch), nil)
		return
	}
	size := MaxBatch
	if q.QueryPageSize != nil && *q.QueryPageSize != 0 {
		size = *q.QueryPageSize
	}
	if size < 1 || size > MaxBatch {
		s.write(w, http.StatusOK, codeParamError, "queryPageSize must be between 1 and 100", nil)
		return
	}
	offset := 0
	if q.Cursor != "" {
		b, err := base64.StdEncoding.DecodeString(q.Cursor)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "offset|"))
		if err != nil || err2 != nil || n < 0 {
			s.write(w, http.StatusOK, codeParamError, "invalid cursor", nil)
			return
		}
		offset = n
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var selected []map[string]any
	rejects := []rejected{}
	switch {
	case len(numbers) > 0:
		for i, n := range numbers {
			idx := s.find(n.no, n.courier)
			if len(idx) == 0 {
				rejects = append(rejects, rejected{Index: i, TrackNo: n.no, Error: errBody{codeParamError, msgNotRegistered}})
			}
			for _, k := range idx {
				selected = append(selected, s.trackings[k])
			}
		}
	default:
		for _, t := range s.trackings {
			if len(q.OrderNos) > 0 && !slices.Contains(q.OrderNos, str(t["orderNo"])) {
				continue
			}
			created := str(t["createTime"])
			if q.CreateTimeStart != "" && created < q.CreateTimeStart || q.CreateTimeEnd != "" && created > q.CreateTimeEnd {
				continue
			}
			selected = append(selected, t)
		}
	}
	if offset > 0 {
		rejects = []rejected{} // reported on the first page
	}
	end := min(offset+size, len(selected))
	content := []map[string]any{}
	if offset < len(selected) {
		content = selected[offset:end]
	}
	cursor := ""
	if end < len(selected) {
		cursor = base64.StdEncoding.EncodeToString([]byte("offset|" + strconv.Itoa(end)))
	}
	pages := (len(selected) + size - 1) / size
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", map[string]any{
		"accepted": map[string]any{
			"content":       content,
			"totalElements": len(selected),
			"totalPages":    pages,
			"currentPage":   offset/size + 1,
			"cursor":        cursor,
		},
		"rejected": rejects,
	})
}

func (s *Server) realtime(w http.ResponseWriter, body []byte) {
	var q struct {
		TrackNo     string `json:"trackNo"`
		CourierCode string `json:"courierCode"`
	}
	if err := json.Unmarshal(body, &q); err != nil || q.TrackNo == "" {
		s.write(w, http.StatusOK, codeParamIsNull, "trackNo is required", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.find(q.TrackNo, q.CourierCode)
	if len(idx) == 0 {
		s.writeLocked(w, http.StatusOK, codeSuccess, "Success", map[string]any{"accepted": nil,
			"rejected": []rejected{{TrackNo: q.TrackNo, CourierCode: q.CourierCode, Error: errBody{codeParamError, msgNotRegistered}}}})
		return
	}
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", map[string]any{"accepted": s.trackings[idx[0]], "rejected": []rejected{}})
}

func (s *Server) update(w http.ResponseWriter, body []byte) {
	var it item
	if err := json.Unmarshal(body, &it); err != nil || it.TrackNo == "" || it.CourierCode == "" {
		s.write(w, http.StatusOK, codeParamIsNull, "trackNo and courierCode are required", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.find(it.TrackNo, it.CourierCode)
	if len(idx) == 0 {
		s.writeLocked(w, http.StatusOK, codeParamError, msgNotRegistered, nil)
		return
	}
	t := s.trackings[idx[0]]
	for k, v := range map[string]string{"orderNo": it.OrderNo, "customerEmail": it.CustomerEmail, "shipTime": it.ShipTime,
		"remark": it.Remark, "custom1": it.Custom1, "custom2": it.Custom2} {
		if v != "" {
			t[k] = v
		}
	}
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", nil)
}

func (s *Server) updateCourier(w http.ResponseWriter, body []byte) {
	var q struct {
		TrackNo        string `json:"trackNo"`
		CourierCode    string `json:"courierCode"`
		NewCourierCode string `json:"newCourierCode"`
	}
	if err := json.Unmarshal(body, &q); err != nil || q.TrackNo == "" || q.CourierCode == "" || q.NewCourierCode == "" {
		s.write(w, http.StatusOK, codeParamIsNull, "trackNo, courierCode and newCourierCode are required", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.knownCourier(q.NewCourierCode) {
		s.writeLocked(w, http.StatusOK, codeParamError, "unsupported logistics supplier code", nil)
		return
	}
	idx := s.find(q.TrackNo, q.CourierCode)
	if len(idx) == 0 {
		s.writeLocked(w, http.StatusOK, codeParamError, msgNotRegistered, nil)
		return
	}
	li, _ := s.trackings[idx[0]]["localLogisticsInfo"].(map[string]any)
	if li == nil {
		li = map[string]any{}
		s.trackings[idx[0]]["localLogisticsInfo"] = li
	}
	li["courierCode"] = q.NewCourierCode
	s.writeLocked(w, http.StatusOK, codeSuccess, "Success", nil)
}

// find returns the positions of the trackings of number (with courier,
// when given). Callers hold s.mu.
func (s *Server) find(number, courier string) []int {
	var out []int
	number = strings.TrimSpace(number)
	for _, i := range s.byNumber[numberKey(number)] {
		t := s.trackings[i]
		if !strings.EqualFold(str(t["trackNo"]), number) {
			continue
		}
		if courier != "" && !strings.EqualFold(courierOf(t), courier) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// numberKey indexes a tracking number: Track123 matches numbers without
// regard to case. Upper-casing folds every ASCII number as EqualFold
// does; find still compares with EqualFold.
func numberKey(number string) string { return strings.ToUpper(number) }

// reindex rebuilds byNumber after trackings moved. Callers hold s.mu.
func (s *Server) reindex() {
	s.byNumber = make(map[string][]int, len(s.trackings))
	for i, t := range s.trackings {
		k := numberKey(str(t["trackNo"]))
		s.byNumber[k] = append(s.byNumber[k], i)
	}
}

// put stores t, replacing a tracking with the same number and courier.
// Callers hold s.mu (or own s).
func (s *Server) put(t map[string]any) {
	number := str(t["trackNo"])
	k := numberKey(number)
	for _, i := range s.byNumber[k] {
		old := s.trackings[i]
		if strings.EqualFold(str(old["trackNo"]), number) && strings.EqualFold(courierOf(old), courierOf(t)) {
			s.trackings[i] = t
			return
		}
	}
	if s.byNumber == nil {
		s.byNumber = map[string][]int{}
	}
	s.byNumber[k] = append(s.byNumber[k], len(s.trackings))
	s.trackings = append(s.trackings, t)
}

// knownCourier reports whether the courier list or a stored tracking
// names code. Callers hold s.mu.
func (s *Server) knownCourier(code string) bool {
	for _, c := range s.couriers {
		if strings.EqualFold(str(c["courierCode"]), code) {
			return true
		}
	}
	for _, t := range s.trackings {
		if strings.EqualFold(courierOf(t), code) {
			return true
		}
	}
	return false
}

// newTracking is what an import creates: registered, not yet tracked.
func (s *Server) newTracking(it item) map[string]any {
	s.nextID++
	return map[string]any{
		"id":               json.Number(strconv.FormatInt(s.nextID, 10)),
		"trackNo":          it.TrackNo,
		"createTime":       time.Now().UTC().Format(timeLayout),
		"nextUpdateTime":   nil,
		"orderNo":          nullable(it.OrderNo),
		"customerEmail":    it.CustomerEmail,
		"shipFrom":         "",
		"shipTo":           it.Country,
		"trackingStatus":   "001",
		"transitStatus":    "INIT",
		"transitSubStatus": nil,
		"shipTime":         nullable(it.ShipTime),
		"deliveredTime":    nil,
		"lastTrackingTime": nil,
		"remark":           nullable(it.Remark),
		"custom1":          nullable(it.Custom1),
		"custom2":          nullable(it.Custom2),
		"localLogisticsInfo": map[string]any{
			"courierCode":     it.CourierCode,
			"trackingDetails": []any{},
		},
	}
}

// detect stands in for Track123's courier detection.
func detect(number string) string {
	if strings.HasSuffix(strings.ToUpper(number), "CN") {
		return "china-post"
	}
	return "usps"
}

func (s *Server) write(w http.ResponseWriter, status int, code, msg string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeLocked(w, status, code, msg, data)
}

// writeLocked writes the envelope. Callers hold s.mu (for the trace id
// and the data they pass).
func (s *Server) writeLocked(w http.ResponseWriter, status int, code, msg string, data any) {
	s.traces++
	body, err := json.Marshal(map[string]any{
		"code":    code,
		"msg":     msg,
		"data":    data,
		"traceId": fmt.Sprintf("%032x.161.%d", s.traces, 17726640000000000+s.traces),
	})
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"code":"B0001","msg":"System execution error","data":null}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeFault answers an injected failure with Track123's system error.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int) {
	s.write(w, status, codeSystemError, "System execution error", nil)
}

// writeRateLimited answers as Track123 does over its limit: HTTP 200 with
// code A0706. Track123 sends no Retry-After; one is added only when the
// test asks for it.
func (s *Server) writeRateLimited(w http.ResponseWriter, _ *http.Request, retryAfter time.Duration) {
	fakeprovider.SetRetryAfter(w.Header(), retryAfter)
	s.write(w, http.StatusOK, codeRateLimited, "Too Many Requests", nil)
}

func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // 18-digit ids stay exact
	var t map[string]any
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("track123test: a tracking must be a JSON object: %w", err)
	}
	return t, nil
}

func mustSeedTrackings(name string) []map[string]any {
	raw, err := seedFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	var env struct {
		Data struct {
			Accepted json.RawMessage `json:"accepted"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		panic(fmt.Sprintf("track123test: seed %s: %v", name, err))
	}
	acc := env.Data.Accepted
	var pg struct {
		Content []json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(acc, &pg); err != nil {
		panic(err)
	}
	if pg.Content != nil { // a query page; otherwise one realtime tracking
		out := make([]map[string]any, 0, len(pg.Content))
		for _, c := range pg.Content {
			t, err := decodeObject(c)
			if err != nil {
				panic(err)
			}
			out = append(out, t)
		}
		return out
	}
	t, err := decodeObject(acc)
	if err != nil {
		panic(err)
	}
	return []map[string]any{t}
}

func mustSeedList(name string) []map[string]any {
	raw, err := seedFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	var env struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		panic(fmt.Sprintf("track123test: seed %s: %v", name, err))
	}
	return env.Data
}

func courierOf(t map[string]any) string {
	li, _ := t["localLogisticsInfo"].(map[string]any)
	return str(li["courierCode"])
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
