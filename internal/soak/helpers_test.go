package soak

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// attempt is one request the client handed to its base RoundTripper.
type attempt struct {
	number        string    // the tracking number the request is about
	start, end    time.Time // when it was handed over; when its answer (or failure) came back
	status        int       // 0 when no answer came
	retryAfter    time.Duration
	hasRetryAfter bool
}

// recorder is the base RoundTripper of the soak: it logs every attempt
// (time, number, status, Retry-After) and passes it on to base.
type recorder struct {
	base   http.RoundTripper
	number func(*http.Request) (*http.Request, string)

	mu       sync.Mutex
	attempts []attempt
}

func newRecorder(base http.RoundTripper, number func(*http.Request) (*http.Request, string)) *recorder {
	return &recorder{base: base, number: number}
}

// RoundTrip implements http.RoundTripper.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req, number := r.number(req)
	a := attempt{number: number, start: time.Now()}
	resp, err := r.base.RoundTrip(req)
	a.end = time.Now()
	if err == nil {
		a.status = resp.StatusCode
		a.retryAfter, a.hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), a.end)
	}
	r.mu.Lock()
	r.attempts = append(r.attempts, a)
	r.mu.Unlock()
	return resp, err
}

// CloseIdleConnections lets the client close the base's idle connections.
func (r *recorder) CloseIdleConnections() {
	if ci, ok := r.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

func (r *recorder) all() []attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.attempts)
}

// parseRetryAfter reads Retry-After independently of the transport's own
// parser, so that a bug there cannot hide itself.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// numberFromQuery finds the number in the tracking_number parameter
// (ShipEngine's GET /v1/tracking).
func numberFromQuery(req *http.Request) (*http.Request, string) {
	return req, req.URL.Query().Get("tracking_number")
}

// numberFromBody finds the first number in a Track123 JSON body:
// trackNoInfos[0].trackNo, trackNos[0], trackNo, or an array's first
// trackNo. The request is passed on with an equivalent body.
func numberFromBody(req *http.Request) (*http.Request, string) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, ""
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	clone := req.Clone(req.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	clone.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	if err != nil {
		return clone, ""
	}
	type item struct {
		TrackNo string `json:"trackNo"`
	}
	var obj struct {
		TrackNoInfos []item   `json:"trackNoInfos"`
		TrackNos     []string `json:"trackNos"`
		TrackNo      string   `json:"trackNo"`
	}
	if json.Unmarshal(body, &obj) == nil {
		switch {
		case len(obj.TrackNoInfos) > 0:
			return clone, obj.TrackNoInfos[0].TrackNo
		case len(obj.TrackNos) > 0:
			return clone, obj.TrackNos[0]
		}
		return clone, obj.TrackNo
	}
	var arr []item
	if json.Unmarshal(body, &arr) == nil && len(arr) > 0 {
		return clone, arr[0].TrackNo
	}
	return clone, ""
}

// retryAfterSlack is the clock slack allowed when checking that a retry
// waited out Retry-After, in the earlier direction only. Both times come
// from the same monotonic clock, so it only absorbs timer rounding.
const retryAfterSlack = 2 * time.Millisecond

// gapViolation is a retry that came sooner than Retry-After allowed.
type gapViolation struct {
	number     string
	retryAfter time.Duration
	gap        time.Duration // from the rate-limit answer to the next attempt
}

// checkRetryAfterGaps groups attempts by number and, for every answer
// carrying Retry-After d, checks that the number's next attempt started
// no earlier than d after that answer arrived. It returns how many gaps it
// checked and the violations.
func checkRetryAfterGaps(attempts []attempt) (checked int, bad []gapViolation) {
	byNumber := map[string][]attempt{}
	for _, a := range attempts {
		byNumber[a.number] = append(byNumber[a.number], a)
	}
	for number, as := range byNumber {
		slices.SortFunc(as, func(a, b attempt) int { return a.start.Compare(b.start) })
		for i := 0; i+1 < len(as); i++ {
			a := as[i]
			if !a.hasRetryAfter {
				continue
			}
			checked++
			if gap := as[i+1].start.Sub(a.end); gap < a.retryAfter-retryAfterSlack {
				bad = append(bad, gapViolation{number, a.retryAfter, gap})
			}
		}
	}
	return checked, bad
}

// maxInWindow is the most requests the fake received within any span of
// length window, by arrival time, leaving out the hits with the faults in
// skip. It sorts the hits first: the fake records a hit when its answer is
// written, so its list is in completion order, not arrival order.
func maxInWindow(hits []fakeprovider.Hit, window time.Duration, skip ...string) int {
	times := make([]time.Time, 0, len(hits))
	for _, h := range hits {
		if !slices.Contains(skip, h.Fault) {
			times = append(times, h.Time)
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	best, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= window {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// countFault counts the hits with the fault ("ratelimit", "drop", ...).
func countFault(hits []fakeprovider.Hit, fault string) int {
	n := 0
	for _, h := range hits {
		if h.Fault == fault {
			n++
		}
	}
	return n
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers, for the
// soak's log handler.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// secretScanner looks for credential values in text, in the forms they
// could take once printed: as they are, JSON-escaped and URL-escaped.
type secretScanner struct {
	names  []string // the field each needle comes from, for messages
	needle []string
}

// newSecretScanner scans for the Reveal() of every field of every
// credential.
func newSecretScanner(creds ...credentials.Credential) *secretScanner {
	s := &secretScanner{}
	for _, c := range creds {
		for name, v := range c.Fields {
			raw := v.Reveal()
			if raw == "" {
				continue
			}
			js, _ := json.Marshal(raw)
			forms := []string{raw, string(js[1 : len(js)-1]), url.QueryEscape(raw)}
			for _, f := range slices.Compact(slices.Sorted(slices.Values(forms))) {
				s.names = append(s.names, c.Code+"."+name)
				s.needle = append(s.needle, f)
			}
		}
	}
	return s
}

// find returns the fields whose value appears in text. It never returns
// the values themselves, so that a failing test does not print a secret.
func (s *secretScanner) find(text string) []string {
	var found []string
	for i, n := range s.needle {
		if strings.Contains(text, n) && !slices.Contains(found, s.names[i]) {
			found = append(found, s.names[i])
		}
	}
	return found
}

// leak is a line of scanned text holding a secret.
type leak struct {
	line   int      // from 1
	fields []string // whose values it holds
}

// scan checks every line of text and returns how many it read and the
// lines holding a secret.
func (s *secretScanner) scan(text string) (lines int, leaks []leak) {
	for i, line := range strings.Split(text, "\n") {
		if line == "" {
			continue
		}
		lines++
		if found := s.find(line); len(found) > 0 {
			leaks = append(leaks, leak{i + 1, found})
		}
	}
	return lines, leaks
}

// scanLines fails t for every line of text holding a secret, naming the
// field but never printing the value.
func (s *secretScanner) scanLines(t *testing.T, what, text string) (lines int) {
	t.Helper()
	lines, leaks := s.scan(text)
	for _, l := range leaks {
		t.Errorf("%s line %d holds the value of %v", what, l.line, l.fields)
	}
	return lines
}

// assertScannerWorks plants every secret in a synthetic log line and
// checks that the scanner finds it, so that a clean scan means something.
func assertScannerWorks(t *testing.T, s *secretScanner) {
	t.Helper()
	if len(s.needle) == 0 {
		t.Fatal("the secret scanner has nothing to look for")
	}
	for i, n := range s.needle {
		line := fmt.Sprintf(`{"level":"DEBUG","msg":"planted","header":"%s"}`, n)
		if found := s.find(line); !slices.Contains(found, s.names[i]) {
			t.Fatalf("the secret scanner misses a planted value of %s", s.names[i])
		}
	}
	if found := s.find(`{"level":"DEBUG","msg":"clean","api_key":"[REDACTED]"}`); len(found) > 0 {
		t.Fatalf("the secret scanner reports %v in a clean line", found)
	}
}

// sentinels are every category an error may match to count as typed.
var sentinels = []error{
	tracking.ErrNotFound, tracking.ErrUnauthorized, tracking.ErrRateLimited, tracking.ErrInvalidRequest,
	tracking.ErrQuotaExceeded, tracking.ErrUnavailable, tracking.ErrUnsupported, tracking.ErrInvalidResponse,
	tracking.ErrUnknownCarrier,
	credentials.ErrUnknownCode, credentials.ErrInactive, credentials.ErrNoDefault, credentials.ErrAmbiguousDefault,
	credentials.ErrCarrierMismatch, credentials.ErrMissingField, credentials.ErrInvalid,
}

// category names what err is, for the soak's tally; "" when it is not
// typed.
func category(err error) string {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	var apiErr *tracking.APIError
	var decErr *tracking.DecodeError
	switch {
	case errors.As(err, &apiErr):
		return "APIError without category"
	case errors.As(err, &decErr):
		return "DecodeError without category"
	}
	return ""
}

// heapInUse is the bytes in in-use heap spans (MemStats.HeapInuse), read
// from runtime/metrics, which does not stop the world.
func heapInUse() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// liveHeap is the heap the last garbage collection found reachable
// (/gc/heap/live:bytes): what the program holds, without the collector's
// headroom, which at GOGC=100 lets the heap grow to about twice it.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapSampler records the peaks of heapInUse and liveHeap while it runs.
type heapSampler struct {
	stop chan struct{}
	done chan [2]uint64
	live uint64 // the peak of liveHeap, once stopped
}

// sampleHeap starts sampling every interval until Stop.
func sampleHeap(interval time.Duration) *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan [2]uint64, 1)}
	go func() {
		peak, live := heapInUse(), liveHeap()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				peak, live = max(peak, heapInUse()), max(live, liveHeap())
			case <-h.stop:
				h.done <- [2]uint64{max(peak, heapInUse()), max(live, liveHeap())}
				return
			}
		}
	}()
	return h
}

// Stop ends sampling and returns the peak of heapInUse in bytes; the
// peak of liveHeap is then in h.live.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	peaks := <-h.done
	h.live = peaks[1]
	return peaks[0]
}

// settledHeap collects garbage and returns heapInUse: the baseline before
// a run.
func settledHeap() uint64 {
	runtime.GC()
	return heapInUse()
}

const mib = 1 << 20
