// Package carriertest holds test helpers shared by the carrier packages'
// tests: an httpmock request recorder and the status-mapping allocation
// harness. Production code never imports it.
package carriertest

import (
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
)

// Request is one request a Recorder saw.
type Request struct {
	Method string
	// URL is the request URL as sent (url.URL.String, so escaped).
	URL    string
	Header http.Header
	// Body is the whole body; nil when the request had none.
	Body []byte
	// ContentLength is the request's declared length (-1 unknown).
	ContentLength int64
}

// ParsedURL returns URL parsed, for checks on its parts (path, escaped
// path, query). URL came from url.URL.String, so it always parses; a
// failure gives an empty URL, which fails any check on its parts.
func (r Request) ParsedURL() *url.URL {
	u, err := url.Parse(r.URL)
	if err != nil {
		return &url.URL{}
	}
	return u
}

// Reply is one canned answer.
type Reply struct {
	Status int
	Body   []byte
	// Header is added to the response; Content-Type defaults to
	// application/json when Body is not empty.
	Header http.Header
}

// Recorder records every request its responders answer. It is safe for
// concurrent use; the zero value is ready.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

// Responder answers every request with status and body and records it.
func (r *Recorder) Responder(status int, body []byte) httpmock.Responder {
	return r.ResponderFunc(func(Request) Reply { return Reply{Status: status, Body: body} })
}

// ResponderFunc records each request and answers what fn returns for it.
// fn runs outside the Recorder's lock.
func (r *Recorder) ResponderFunc(fn func(Request) Reply) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		rec := Request{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), ContentLength: req.ContentLength}
		if req.Body != nil {
			b, err := io.ReadAll(req.Body)
			if err != nil {
				return nil, err
			}
			rec.Body = b
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, rec)
		r.mu.Unlock()
		rp := fn(rec)
		resp := httpmock.NewBytesResponse(rp.Status, rp.Body)
		if len(rp.Body) > 0 {
			resp.Header.Set("Content-Type", "application/json")
		}
		for k, v := range rp.Header {
			resp.Header[k] = v
		}
		resp.Request = req
		return resp, nil
	}
}

// Requests returns a copy of the requests recorded so far, in order.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Last returns the last request recorded, failing t now if there is none.
func (r *Recorder) Last(t testing.TB) Request {
	t.Helper()
	reqs := r.Requests()
	if len(reqs) == 0 {
		t.Fatal("no request reached the recorder")
	}
	return reqs[len(reqs)-1]
}

// sink keeps the walks' results alive so nothing is optimised away.
var sink atomic.Int64

// BenchMapStatus benchmarks walk, which maps a carrier's bench values as
// its decoder does and returns how many mapped wrongly.
func BenchMapStatus(b *testing.B, walk func() int) {
	b.Helper()
	if wrong := walk(); wrong != 0 {
		b.Fatalf("%d bench values map wrongly", wrong)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n += walk()
	}
	sink.Add(int64(n))
}

// AssertNoAllocs fails t unless walk (as for BenchMapStatus) maps every
// value right and allocates nothing: mapping runs for every shipment and
// event. Allocation counts are deterministic, so this is exact. what
// names the walk in the failure, e.g. "mapping 12 status pairs".
func AssertNoAllocs(t testing.TB, what string, walk func() int) {
	t.Helper()
	if wrong := walk(); wrong != 0 {
		t.Errorf("%s: %d values map wrongly", what, wrong)
	}
	n := 0
	if avg := testing.AllocsPerRun(100, func() { n += walk() }); avg != 0 {
		t.Errorf("%s allocates %v times per walk, want 0", what, avg)
	}
	sink.Add(int64(n))
}
