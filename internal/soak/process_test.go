package soak

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/trackingtest/fakeprovider"
)

// The benchmarks run their fake in a child process (this test binary,
// started with these variables set), so that the heap they measure is
// the client's alone: 10,000 seeded answers would otherwise dominate it.
const (
	fakeModeEnv = "SOAK_FAKE_MODE" // "shipengine" or "track123"
	fakeSizeEnv = "SOAK_FAKE_SIZE" // how many numbers to seed
)

// Number prefixes of the benchmarks' seeded numbers.
const (
	benchShipEnginePrefix = "SE"
	benchTrack123Prefix   = "TB"
)

// fakeAddrs is the child's first line of output.
type fakeAddrs struct {
	Base    string // what to pass to the carrier's WithBaseURL
	Control string // the child's control server
}

// fakeStats is what the fake saw since its last limit was set.
type fakeStats struct {
	Hits          int // requests received
	OK            int // answered 200 with no fault
	RateLimited   int // refused by the limiter
	PeakPerSecond int // most requests within any second
}

// serveFakeProcess is the child's whole life: seed the fake, print its
// addresses, serve until stdin closes. It returns the exit code.
func serveFakeProcess(mode string) int {
	n, err := strconv.Atoi(os.Getenv(fakeSizeEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "soak fake: %s: %v\n", fakeSizeEnv, err)
		return 2
	}
	var (
		faults *fakeprovider.Faults
		base   string
		stop   func()
	)
	switch mode {
	case "shipengine":
		srv := shipenginetest.NewServer()
		_, err = seedShipEngine(srv, shipEngineDelivered, benchShipEnginePrefix, n)
		faults, base, stop = srv.Faults, srv.BaseURL(), srv.Close
	case "track123":
		srv := track123test.NewServer(track123test.WithoutSeed())
		_, err = seedTrack123(srv, benchTrack123Prefix, n)
		faults, base, stop = srv.Faults, srv.BaseURL(), srv.Close
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "soak fake: %v\n", err)
		return 2
	}
	defer stop()

	mux := http.NewServeMux()
	mux.HandleFunc("POST /limit", func(w http.ResponseWriter, r *http.Request) {
		perSecond, err1 := strconv.ParseFloat(r.FormValue("rate"), 64)
		burst, err2 := strconv.Atoi(r.FormValue("burst"))
		if err := errors.Join(err1, err2); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		faults.Reset()
		faults.RateLimit(perSecond, burst, time.Second)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		hits := faults.Hits()
		st := fakeStats{Hits: len(hits), RateLimited: countFault(hits, "ratelimit"),
			PeakPerSecond: maxInWindow(hits, time.Second)}
		for _, h := range hits {
			if h.Status == http.StatusOK && h.Fault == "" {
				st.OK++
			}
		}
		_ = json.NewEncoder(w).Encode(st)
	})
	ctrl := httptest.NewServer(mux)
	defer ctrl.Close()
	if err := json.NewEncoder(os.Stdout).Encode(fakeAddrs{Base: base, Control: ctrl.URL}); err != nil {
		return 2
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes it
	return 0
}

// fakeProcess is a fake running in a child process.
type fakeProcess struct {
	fakeAddrs
	control *http.Client
}

// startFakeProcess starts a child serving the fake of mode seeded with n
// numbers; it stops when tb's test ends.
func startFakeProcess(tb testing.TB, mode string, n int) *fakeProcess {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), fakeModeEnv+"="+mode, fakeSizeEnv+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = stdin.Close()
		if err := cmd.Wait(); err != nil {
			tb.Errorf("soak fake process: %v", err)
		}
	})
	p := &fakeProcess{control: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
	if err := json.NewDecoder(stdout).Decode(&p.fakeAddrs); err != nil {
		tb.Fatalf("soak fake process did not start: %v", err)
	}
	return p
}

// limit resets the fake's counters and limits it to perSecond with burst.
func (p *fakeProcess) limit(perSecond float64, burst int) error {
	resp, err := p.control.PostForm(p.Control+"/limit", url.Values{
		"rate": {strconv.FormatFloat(perSecond, 'f', -1, 64)}, "burst": {strconv.Itoa(burst)},
	})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("soak fake: limit: %s: %s", resp.Status, body)
	}
	return nil
}

// stats returns what the fake saw since the last limit.
func (p *fakeProcess) stats() (fakeStats, error) {
	var st fakeStats
	resp, err := p.control.Get(p.Control + "/stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	return st, json.NewDecoder(resp.Body).Decode(&st)
}
