package fakeprovider

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Wrap returns a handler that records every request, injects the pending
// faults and otherwise serves next.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read the body first: only then does net/http watch the connection,
		// so that a client hanging up during the latency ends the wait.
		if r.Body != nil {
			b, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		d := f.arrive(r)
		if d.latency > 0 {
			t := time.NewTimer(d.latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
		switch d.fault {
		case "drop":
			drop(w)
			return
		case "fail":
			rec := httptest.NewRecorder()
			f.errorWriter()(rec, r, d.status)
			f.answered(d.hit, rec.Code)
			copyRecorded(w, rec, nil)
			return
		case "ratelimit":
			rec := httptest.NewRecorder()
			f.rateLimitedWriter()(rec, r, d.retryAfter)
			f.answered(d.hit, rec.Code)
			copyRecorded(w, rec, nil)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		f.answered(d.hit, rec.Code)
		switch d.fault {
		case "malformed":
			copyRecorded(w, rec, []byte(`{"data": [ this is not JSON`))
		case "truncate":
			writeTruncated(w, rec)
		default:
			copyRecorded(w, rec, nil)
		}
	})
}

func (f *Faults) errorWriter() func(http.ResponseWriter, *http.Request, int) {
	if f.writers.Error != nil {
		return f.writers.Error
	}
	return defaultError
}

func (f *Faults) rateLimitedWriter() func(http.ResponseWriter, *http.Request, time.Duration) {
	if f.writers.RateLimited != nil {
		return f.writers.RateLimited
	}
	return defaultRateLimited
}

// decision is what the fake does with one request.
type decision struct {
	hit        *Hit // the request's record
	fault      string
	status     int
	latency    time.Duration
	retryAfter time.Duration
}

// arrive records the request and picks its fault, in one step so that the
// hits stay in arrival order, with times that never decrease.
func (f *Faults) arrive(r *http.Request) decision {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now
	if f.now != nil {
		now = f.now
	}
	at := now()
	d := f.decide(at)
	d.hit = &Hit{Time: at, Method: r.Method, Path: r.URL.Path, Fault: d.fault}
	f.hits = append(f.hits, d.hit)
	return d
}

// answered records the status served for a request. After a Reset the
// record is no longer listed, and updating it is harmless.
func (f *Faults) answered(h *Hit, status int) {
	f.mu.Lock()
	h.Status = status
	f.mu.Unlock()
}

// decide picks this request's fault, in a fixed order of precedence:
// dropped connections, queued failures, the rate limits, malformed and
// truncated answers, then random faults. at is the arrival time; f.mu is
// held.
func (f *Faults) decide(at time.Time) decision {
	d := decision{latency: f.latency}
	switch {
	case f.dropped > 0:
		f.dropped--
		d.fault = "drop"
		return d
	case len(f.failNext) > 0:
		next := f.failNext[0]
		f.failNext = f.failNext[1:]
		d.status, d.retryAfter, d.fault = next.status, next.retryAfter, "fail"
		if next.status == http.StatusTooManyRequests {
			d.fault = "ratelimit"
		}
		return d
	case f.limiter != nil && !f.limiter.AllowN(at, 1):
		d.fault, d.status, d.retryAfter = "ratelimit", http.StatusTooManyRequests, f.limitRetryAfter
		return d
	case f.window != nil && !f.window.allow(at):
		d.fault, d.status, d.retryAfter = "ratelimit", http.StatusTooManyRequests, f.windowRetryAfter
		return d
	case f.malformed > 0:
		f.malformed--
		d.fault = "malformed"
		return d
	case f.truncated > 0:
		f.truncated--
		d.fault = "truncate"
		return d
	}
	if r := f.rates; r != (Rates{}) && f.rng != nil {
		x := f.rng.Float64()
		switch {
		case x < r.ServerError:
			d.fault, d.status = "fail", []int{500, 502, 503, 504}[f.rng.IntN(4)]
		case x < r.ServerError+r.RateLimited:
			d.fault, d.status, d.retryAfter = "ratelimit", http.StatusTooManyRequests, f.ratesRetryAfter
		case x < r.ServerError+r.RateLimited+r.Drop:
			d.fault = "drop"
		case x < r.ServerError+r.RateLimited+r.Drop+r.Truncate:
			d.fault = "truncate"
		}
	}
	return d
}

// copyRecorded writes a recorded answer, with body replacing its body when
// not nil.
func copyRecorded(w http.ResponseWriter, rec *httptest.ResponseRecorder, body []byte) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if body == nil {
		body = rec.Body.Bytes()
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// writeTruncated promises the whole body, sends part of it and aborts, so
// the client sees an unexpected EOF as on a connection that broke. An
// empty body is promised as one byte, so that even it breaks.
func writeTruncated(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	full := rec.Body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(max(len(full), 1)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(full[:len(full)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	panic(http.ErrAbortHandler)
}

// drop closes the connection without a word.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
