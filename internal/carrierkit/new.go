package carrierkit

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/transport"
)

// ProviderDefaults are a provider's values for the settings a user left
// unset.
type ProviderDefaults struct {
	BaseURL string     // the provider's API root; "" when each account has its own host
	Rate    rate.Limit // used when the user set no limit (Settings.Limit == 0)
	Burst   int        // the burst that goes with Rate
}

// Built is what every carrier's New assembles from its Settings: the
// checked API root and the client to call it with.
type Built struct {
	Base string       // the API root without a trailing slash ("" when Err is set)
	Err  error        // a bad base URL, which the carrier reports on every call
	HC   *http.Client // retrying and rate-limited; see Settings.Client
	Log  *slog.Logger // never nil; see Settings.Log

	// Defaults lets a tracking.Client rebuild HC and Log with its
	// settings where the carrier's own left a gap (see Defaults).
	Defaults Defaults
}

// Build is the preamble of every carrier's New: it fills the settings the
// user left unset from d (no base URL takes d.BaseURL; no limit takes
// d.Rate with d.Burst; a burst below 1 becomes 1), checks the base URL
// with Root and builds the client with Client.
func (s Settings) Build(carrier string, d ProviderDefaults, classifier transport.Classifier) Built {
	if s.BaseURL == "" {
		s.BaseURL = d.BaseURL
	}
	if s.Limit == 0 {
		s.Limit, s.Burst = d.Rate, d.Burst
	}
	s.Burst = max(s.Burst, 1)
	b := Built{HC: s.Client(carrier, classifier), Log: s.Log()}
	b.Base, b.Err = Root(carrier, s.BaseURL)
	b.Defaults = s.Defaults(carrier, classifier, b.HC, b.Log)
	return b
}
