package techtrack_test

import (
	"net/http"
	"testing"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/techtrack/techtracktest"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// A redirect to another host must not carry any of the credential's
// values, whatever the header that carries it is called.
func TestRedirectToAnotherHostCarriesNoCredential(t *testing.T) {
	fake := techtracktest.NewServer()
	fake.Close() // only its credential is used
	carriertest.RedirectOffHost(t, fake.Credential(), func(baseURL string, hc *http.Client) {
		c := techtrack.New(techtrack.WithBaseURL(baseURL), techtrack.WithRateLimit(rate.Inf, 1), techtrack.WithHTTPClient(hc))
		_, _ = c.Track(t.Context(), tracking.Request{TrackingNumber: "ZZ123456789AU", Courier: "usps"}, fake.Credential())
	})
}
