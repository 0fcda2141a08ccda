package track123_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carriertest"
	"github.com/parcelkit/tracking/transport"
)

// testSecret is the secret of the httpmock tests' credential.
const testSecret = "s3cr3t-track123-test-key"

var testCred = credentials.Credential{
	Code: "main", Carrier: track123.ID, Active: true, Default: true,
	Fields: map[string]credentials.Secret{track123.FieldAPISecret: testSecret},
}

// fastRetry keeps tests quick.
var fastRetry = transport.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// newFakeCarrier starts the fake and a carrier pointed at it.
func newFakeCarrier(t testing.TB, opts ...track123.Option) (*track123.Carrier, *track123test.Server) {
	t.Helper()
	srv := track123test.NewServer()
	t.Cleanup(srv.Close)
	base := []track123.Option{
		track123.WithBaseURL(srv.BaseURL()),
		track123.WithRetry(fastRetry),
		track123.WithRateLimit(rate.Inf, 1),
	}
	return track123.New(append(base, opts...)...), srv
}

// recorded is one request httpmock saw.
type recorded struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// mock is a carrier on an httpmock transport recording every request.
type mock struct {
	*httpmock.MockTransport
	rec carriertest.Recorder
}

func (m *mock) requests() []recorded {
	var out []recorded
	for _, r := range m.rec.Requests() {
		u := r.ParsedURL()
		out = append(out, recorded{r.Method, u.Path, u.RawQuery, r.Header, r.Body})
	}
	return out
}

// reply registers a responder for method and path (below the default
// base URL) answering the bodies in turn, the last one repeatedly.
func (m *mock) reply(method, path string, status int, bodies ...[]byte) {
	n := 0
	var mu sync.Mutex
	m.replyFunc(method, path, func([]byte) (int, []byte) {
		mu.Lock()
		defer mu.Unlock()
		b := bodies[min(n, len(bodies)-1)]
		n++
		return status, b
	})
}

// replyFunc registers a responder computing each answer from the body.
func (m *mock) replyFunc(method, path string, fn func(body []byte) (int, []byte)) {
	m.RegisterResponder(method, track123.DefaultBaseURL+path, m.rec.ResponderFunc(func(r carriertest.Request) carriertest.Reply {
		status, b := fn(r.Body)
		return carriertest.Reply{Status: status, Body: b}
	}))
}

func newMockCarrier(t testing.TB, opts ...track123.Option) (*track123.Carrier, *mock) {
	t.Helper()
	m := &mock{MockTransport: httpmock.NewMockTransport()}
	base := []track123.Option{
		track123.WithHTTPClient(&http.Client{Transport: m}),
		track123.WithRetry(fastRetry),
		track123.WithRateLimit(rate.Inf, 1),
	}
	return track123.New(append(base, opts...)...), m
}

// envelope builds a Track123 answer.
func envelope(code, msg string, data any) []byte {
	b, err := json.Marshal(map[string]any{"code": code, "msg": msg, "data": data, "traceId": "trace-test"})
	if err != nil {
		panic(err)
	}
	return b
}

// typed reports whether err is one of the package's typed errors.
func typed(err error) bool {
	var apiErr *tracking.APIError
	var decErr *tracking.DecodeError
	return errors.As(err, &apiErr) || errors.As(err, &decErr)
}

// numbers returns n distinct tracking numbers.
func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("TEST%08d", i)
	}
	return out
}

func getenv(k string) string { return os.Getenv(k) }
