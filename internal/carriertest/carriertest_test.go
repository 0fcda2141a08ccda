package carriertest_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/internal/carriertest"
)

func TestRecorder(t *testing.T) {
	var rec carriertest.Recorder
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "https://api.test/v1/a%2Fb", rec.Responder(201, []byte(`{"ok":true}`)))
	mt.RegisterResponder(http.MethodGet, "https://api.test/v1/echo", rec.ResponderFunc(func(r carriertest.Request) carriertest.Reply {
		return carriertest.Reply{Status: 418, Header: http.Header{"Retry-After": {"3"}}}
	}))
	hc := &http.Client{Transport: mt}

	req, err := http.NewRequest(http.MethodPost, "https://api.test/v1/a%2Fb?x=1&y=a+b", strings.NewReader(`{"n":1}`))
	require.NoError(t, err)
	req.Header.Set("X-Key", "k")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 201, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))

	resp, err = hc.Get("https://api.test/v1/echo")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 418, resp.StatusCode)
	assert.Equal(t, "3", resp.Header.Get("Retry-After"))
	assert.Empty(t, resp.Header.Get("Content-Type"), "no body, no content type")

	reqs := rec.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "https://api.test/v1/a%2Fb?x=1&y=a+b", reqs[0].URL)
	assert.Equal(t, "/v1/a%2Fb", reqs[0].ParsedURL().EscapedPath())
	assert.Equal(t, "a b", reqs[0].ParsedURL().Query().Get("y"))
	assert.Equal(t, "k", reqs[0].Header.Get("X-Key"))
	assert.Equal(t, `{"n":1}`, string(reqs[0].Body))
	assert.Equal(t, int64(7), reqs[0].ContentLength)
	assert.Equal(t, http.MethodGet, reqs[1].Method)
	assert.Empty(t, reqs[1].Body)

	assert.Equal(t, reqs[1], rec.Last(t))
	reqs[0].Method = "changed"
	assert.Equal(t, http.MethodPost, rec.Requests()[0].Method, "Requests returns a copy")
}

func TestLastNone(t *testing.T) {
	var rec carriertest.Recorder
	ft := &fakeT{}
	func() {
		defer func() { _ = recover() }()
		rec.Last(ft)
	}()
	assert.Equal(t, []string{"no request reached the recorder"}, ft.errs)
}

func TestRecorderConcurrent(t *testing.T) {
	var rec carriertest.Recorder
	respond := rec.Responder(200, nil)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, "https://api.test/", nil)
			_, _ = respond(req)
			_ = rec.Requests()
		}()
	}
	wg.Wait()
	assert.Len(t, rec.Requests(), 20)
}

var table = []string{"a", "b", "c"}

func walk() (wrong int) {
	for _, s := range table {
		if len(s) != 1 {
			wrong++
		}
	}
	return wrong
}

func TestAssertNoAllocs(t *testing.T) {
	carriertest.AssertNoAllocs(t, "walking the table", walk)

	var ft fakeT
	carriertest.AssertNoAllocs(&ft, "allocating", func() int {
		sinkSlice = make([]byte, 64)
		return 0
	})
	require.Len(t, ft.errs, 1)
	assert.Contains(t, ft.errs[0], "allocating allocates")

	ft = fakeT{}
	carriertest.AssertNoAllocs(&ft, "wrong", func() int { return 2 })
	require.Len(t, ft.errs, 1)
	assert.Contains(t, ft.errs[0], "2 values map wrongly")
}

var sinkSlice []byte

// fakeT captures failures instead of failing the test.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeT) Fatal(args ...any) {
	f.errs = append(f.errs, fmt.Sprint(args...))
	panic("fatal")
}

func BenchmarkMapStatus(b *testing.B) { carriertest.BenchMapStatus(b, walk) }
