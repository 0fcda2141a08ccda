package fakeprovider

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Wrap returns a handler that records every request, injects the pending
// faults and otherwise serves next.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault, status, latency, retryAfter := f.decide()
		hit := Hit{Time: time.Now(), Method: r.Method, Path: r.URL.Path, Fault: fault}
		if latency > 0 {
			t := time.NewTimer(latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
		switch fault {
		case "drop":
			f.record(hit)
			drop(w)
			return
		case "fail":
			rec := httptest.NewRecorder()
			f.writers.Error(rec, r, status)
			hit.Status = rec.Code
			f.record(hit)
			copyRecorded(w, rec, nil)
			return
		case "ratelimit":
			rec := httptest.NewRecorder()
			f.writers.RateLimited(rec, r, retryAfter)
			hit.Status = http.StatusTooManyRequests
			if rec.Code != http.StatusTooManyRequests {
				hit.Status = rec.Code
			}
			f.record(hit)
			copyRecorded(w, rec, nil)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		hit.Status = rec.Code
		f.record(hit)
		switch fault {
		case "malformed":
			copyRecorded(w, rec, []byte(`{"data": [ this is not JSON`))
		case "truncate":
			writeTruncated(w, rec)
		default:
			copyRecorded(w, rec, nil)
		}
	})
}

// decide picks this request's fault, in a fixed order of precedence.
func (f *Faults) decide() (fault string, status int, latency, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	latency, retryAfter = f.latency, f.retryAfter
	switch {
	case f.dropped > 0:
		f.dropped--
		return "drop", 0, latency, retryAfter
	case len(f.failNext) > 0:
		status = f.failNext[0]
		f.failNext = f.failNext[1:]
		if status == http.StatusTooManyRequests {
			return "ratelimit", status, latency, retryAfter
		}
		return "fail", status, latency, retryAfter
	case f.limiter != nil && !f.limiter.Allow():
		return "ratelimit", http.StatusTooManyRequests, latency, retryAfter
	case f.malformed > 0:
		f.malformed--
		return "malformed", 0, latency, retryAfter
	case f.truncated > 0:
		f.truncated--
		return "truncate", 0, latency, retryAfter
	}
	if r := f.rates; r != (Rates{}) {
		x := f.rng.Float64()
		switch {
		case x < r.ServerError:
			return "fail", []int{500, 502, 503, 504}[f.rng.IntN(4)], latency, retryAfter
		case x < r.ServerError+r.RateLimited:
			return "ratelimit", http.StatusTooManyRequests, latency, retryAfter
		case x < r.ServerError+r.RateLimited+r.Drop:
			return "drop", 0, latency, retryAfter
		case x < r.ServerError+r.RateLimited+r.Drop+r.Truncate:
			return "truncate", 0, latency, retryAfter
		}
	}
	return "", 0, latency, retryAfter
}

func (f *Faults) record(h Hit) { f.mu.Lock(); f.hits = append(f.hits, h); f.mu.Unlock() }

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
// the client sees an unexpected EOF as on a connection that broke.
func writeTruncated(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	full := rec.Body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(len(full)))
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
