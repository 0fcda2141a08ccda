package tracktry_test

import (
	"net/http"
	"testing"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/carriers/tracktry/tracktrytest"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// A redirect to another host must not carry any of the credential's
// values, whatever the header that carries it is called.
func TestRedirectToAnotherHostCarriesNoCredential(t *testing.T) {
	fake := tracktrytest.NewServer()
	fake.Close() // only its credential is used
	carriertest.RedirectOffHost(t, fake.Credential(), func(baseURL string, hc *http.Client) {
		c := tracktry.New(tracktry.WithBaseURL(baseURL), tracktry.WithRateLimit(rate.Inf, 1), tracktry.WithHTTPClient(hc))
		_, _ = c.Track(t.Context(), tracking.Request{TrackingNumber: "ZZ123456789AU", Courier: "usps"}, fake.Credential())
	})
}
