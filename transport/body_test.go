package transport_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// endless is a body that never ends, counting the bytes read from it.
type endless struct{ read *atomic.Int64 }

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

func (endless) Close() error { return nil }

// countedBody counts the bytes read from a body of known content.
type countedBody struct {
	io.Reader
	read *atomic.Int64
}

func (c countedBody) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func (countedBody) Close() error { return nil }

// endlessFailures is a base that answers the i-th attempt with codes[i]
// (the last repeats): an endless body for a failure, ok for a 200. It
// counts every byte read from the bodies it hands out.
func endlessFailures(read *atomic.Int64, ok []byte, codes ...int) http.RoundTripper {
	var n atomic.Int64
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		code := codes[min(int(n.Add(1))-1, len(codes)-1)]
		resp := &http.Response{StatusCode: code, Header: http.Header{}, ContentLength: -1, Request: r}
		if code == http.StatusOK {
			resp.Body = countedBody{bytes.NewReader(ok), read}
		} else {
			resp.Body = endless{read}
		}
		return resp, nil
	})
}

// readsNothing is a classifier that leaves the verdict to the status but
// makes the transport read every body for it, as carriers' do.
func readsNothing(*http.Response, []byte) transport.Verdict { return transport.Final }

// A failed answer that will be retried is read only as far as
// classifying and reporting it needs: an endless 503 must not cost
// MaxBody per attempt.
func TestFailedAnswersAreReadOnlyAsFarAsNeeded(t *testing.T) {
	ok := bytes.Repeat([]byte("y"), 3*transport.MaxErrorBody) // a success longer than the error bound
	for _, withClassifier := range []bool{false, true} {
		name := map[bool]string{false: "status only", true: "with a classifier"}[withClassifier]
		t.Run(name+"/retried then success", func(t *testing.T) {
			var read atomic.Int64
			opts := []transport.Option{transport.WithBase(endlessFailures(&read, ok, 503, 429, 502, 200))}
			if withClassifier {
				opts = append(opts, transport.WithClassifier(readsNothing))
			}
			resp, err := get(t, newClient(t, opts...), context.Background(), "http://provider.example/track")
			require.NoError(t, err)
			assert.Equal(t, 4, resp.Attempts)
			assert.Equal(t, ok, resp.Body, "the successful body is read whole")
			assert.LessOrEqual(t, read.Load(), int64(len(ok)+3*transport.MaxErrorBody),
				"the bytes of a call are bounded by its success plus MaxErrorBody per failed attempt")
		})
		t.Run(name+"/every attempt fails", func(t *testing.T) {
			var read atomic.Int64
			opts := []transport.Option{transport.WithBase(endlessFailures(&read, nil, 503))}
			if withClassifier {
				opts = append(opts, transport.WithClassifier(readsNothing))
			}
			var decoded int
			req, err := http.NewRequest(http.MethodGet, "http://provider.example/track", nil)
			require.NoError(t, err)
			_, err = transport.Do(newClient(t, opts...), "fake", req, func(r *transport.Response, e *tracking.APIError) {
				decoded = len(r.Body)
			})
			require.ErrorIs(t, err, tracking.ErrUnavailable)
			assert.Equal(t, transport.MaxErrorBody, decoded, "the decoder sees MaxErrorBody bytes of the last answer")
			attempts := int64(fast.MaxRetries + 1)
			assert.LessOrEqual(t, read.Load(), attempts*transport.MaxErrorBody)
		})
	}
	t.Run("4xx handed on", func(t *testing.T) {
		var read atomic.Int64
		_, err := get(t, newClient(t, transport.WithBase(endlessFailures(&read, nil, 400))), context.Background(), "http://provider.example/track")
		require.ErrorIs(t, err, tracking.ErrInvalidRequest)
		assert.LessOrEqual(t, read.Load(), int64(transport.MaxErrorBody))
	})
}

// A 2xx answer is still classified on its whole body: carriers read
// in-body errors sent with HTTP 200 (Track123's A0706 rate limit), which
// can come after more than MaxErrorBody bytes.
func TestSuccessIsClassifiedOnItsWholeBody(t *testing.T) {
	long := strings.Repeat(" ", 2*transport.MaxErrorBody) + `{"code":"SLOW"}`
	srv := newServer(t, func(i int, w http.ResponseWriter, _ *http.Request) {
		if i == 0 {
			_, _ = io.WriteString(w, long)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	var seen []int
	hc := newClient(t, transport.WithClassifier(func(_ *http.Response, body []byte) transport.Verdict {
		seen = append(seen, len(body))
		if bytes.HasSuffix(body, []byte(`"SLOW"}`)) {
			return transport.RateLimited
		}
		return transport.Final
	}))
	resp, err := get(t, hc, context.Background(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts, "the in-body rate limit past MaxErrorBody was seen and retried")
	assert.Equal(t, len(long), seen[0])
}
