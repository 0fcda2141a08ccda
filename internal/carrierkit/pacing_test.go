//go:build go1.25

package carrierkit

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parcelkit/tracking/transport"
)

// arrivals answers at once and records when each request arrived.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) RoundTrip(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	a.times = append(a.times, time.Now())
	a.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
}

// Settings.Pacing reaches the carrier's bucket: every carrier's
// WithRateLimit stores its options there.
func TestClientPacing(t *testing.T) {
	for name, tc := range map[string]struct {
		pacing []transport.LimiterOption
		want   time.Duration // from the first request to the 21st, at 20/s
	}{
		"default margin": {nil, 20 * time.Second * 10 / 196},
		"no margin":      {[]transport.LimiterOption{transport.RateMargin(0)}, time.Second},
		"wider margin":   {[]transport.LimiterOption{transport.RateMargin(0.2)}, time.Second * 10 / 8},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				base := &arrivals{}
				s := Settings{Limit: 20, Burst: 1, Pacing: tc.pacing, HTTPClient: &http.Client{Transport: base}}
				hc := s.Client("fake", nil)
				for range 21 {
					resp, err := hc.Get("http://provider.test/v1")
					require.NoError(t, err)
					resp.Body.Close()
				}
				require.Len(t, base.times, 21)
				assert.InDelta(t, tc.want, base.times[20].Sub(base.times[0]), float64(time.Microsecond))
			})
		})
	}
}
