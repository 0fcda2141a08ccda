package soak

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/transport"
)

// shipEngineSample is a ShipEngine answer the fake is seeded with, and
// the number it holds, which is replaced by each seeded number.
type shipEngineSample struct {
	file, number, carrierCode string
}

// The samples, copied from the provider's: a delivered parcel with six
// events (the benchmark's realistic answer), and an unknown one with a
// single event and many nulls (the soak's: small, so that the soak's time
// goes to faults rather than decoding).
var (
	shipEngineDelivered = shipEngineSample{"testdata/get-tracking-delivered.json", "794600000012", "fedex"}
	shipEngineSmall     = shipEngineSample{"testdata/get-tracking-unknown-nulls.json", "1026000000000001", "fedex"}
)

// track123Sample holds a delivered Track123 tracking with six events.
const (
	track123Sample  = "testdata/query-response-delivered.json"
	track123Courier = "usps"
)

// number is the i-th distinct tracking number of a run.
func number(prefix string, i int) string { return fmt.Sprintf("%s%010d", prefix, i) }

// shipEngineRequests are the requests for n distinct numbers starting
// with prefix, as seedShipEngine seeds them.
func shipEngineRequests(sample shipEngineSample, prefix string, n int) []tracking.Request {
	reqs := make([]tracking.Request, n)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: number(prefix, i), Courier: sample.carrierCode}
	}
	return reqs
}

// seedShipEngine adds the numbers of shipEngineRequests to the fake, each
// answering the sample (compacted) with its own number.
func seedShipEngine(srv *shipenginetest.Server, sample shipEngineSample, prefix string, n int) ([]tracking.Request, error) {
	raw, err := os.ReadFile(sample.file)
	if err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, fmt.Errorf("%s: %w", sample.file, err)
	}
	reqs := shipEngineRequests(sample, prefix, n)
	for _, r := range reqs {
		srv.AddTracking(r.Courier, r.TrackingNumber,
			bytes.ReplaceAll(compact.Bytes(), []byte(sample.number), []byte(r.TrackingNumber)))
	}
	return reqs, nil
}

// track123Requests are the requests for n distinct numbers starting with
// prefix, as seedTrack123 seeds them.
func track123Requests(prefix string, n int) []tracking.Request {
	reqs := make([]tracking.Request, n)
	for i := range reqs {
		reqs[i] = tracking.Request{TrackingNumber: number(prefix, i), Courier: track123Courier}
	}
	return reqs
}

// seedTrack123 adds the numbers of track123Requests to the fake, each the
// delivered sample tracking with its own number and id.
func seedTrack123(srv *track123test.Server, prefix string, n int) ([]tracking.Request, error) {
	raw, err := os.ReadFile(track123Sample)
	if err != nil {
		return nil, err
	}
	var env struct {
		Data struct {
			Accepted struct {
				Content []map[string]any `json:"content"`
			} `json:"accepted"`
		} `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&env); err != nil || len(env.Data.Accepted.Content) == 0 {
		return nil, fmt.Errorf("%s: no tracking in the sample (%v)", track123Sample, err)
	}
	t := env.Data.Accepted.Content[0]
	reqs := track123Requests(prefix, n)
	for i, r := range reqs {
		t["trackNo"] = r.TrackingNumber
		t["id"] = json.Number(fmt.Sprint(229255084490000000 + i))
		body, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		if err := srv.AddTracking(body); err != nil {
			return nil, err
		}
	}
	return reqs, nil
}

// must stops tb when seeding failed: must(t)(seedShipEngine(...)).
func must(tb testing.TB) func([]tracking.Request, error) []tracking.Request {
	return func(reqs []tracking.Request, err error) []tracking.Request {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return reqs
	}
}

// newBase is the innermost transport of a run: the SDK's default base,
// with room for the idle connections of a highly concurrent run, so that
// the soak does not churn loopback ports.
func newBase() *http.Transport {
	tr := transport.DefaultBase().(*http.Transport)
	tr.MaxIdleConnsPerHost = 256
	return tr
}

// serverBurst is the burst a fake's limiter gets when the client paces
// at its rate with clientBurst and has at most inFlight requests under way
// (TrackMany's concurrency: each worker makes one attempt at a time).
//
// The client's limiter grants at most clientBurst + r·w tokens in any
// window of length w, but a request reaches the fake some time after its
// token: goroutine wake-up, the write, the server's accept and handler
// scheduling, or a stall of the whole process on a loaded machine. Those
// delays can bunch requests, but only requests already granted and still
// under way, and there are at most inFlight of them. So the fake sees at
// most clientBurst + inFlight + r·w requests in any window w, and a token
// bucket of rate r and that burst never refuses a request the client paced
// correctly, however long the jitter; a client that sends faster than r is
// still refused once it is inFlight requests ahead. (A fixed jitter
// allowance such as r·100ms would hold only while stalls stay under it.)
func serverBurst(clientBurst, inFlight int) int {
	return clientBurst + inFlight
}
