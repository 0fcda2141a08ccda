package track123_test

import (
	"net/http"
	"testing"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/internal/carriertest"
)

// A redirect to another host must not carry any of the credential's
// values, whatever the header that carries it is called.
func TestRedirectToAnotherHostCarriesNoCredential(t *testing.T) {
	fake := track123test.NewServer()
	fake.Close() // only its credential is used
	carriertest.RedirectOffHost(t, fake.Credential(), func(baseURL string, hc *http.Client) {
		c := track123.New(track123.WithBaseURL(baseURL), track123.WithRateLimit(rate.Inf, 1), track123.WithHTTPClient(hc))
		_, _ = c.Track(t.Context(), tracking.Request{TrackingNumber: "ZZ123456789AU", Courier: "usps"}, fake.Credential())
	})
}
