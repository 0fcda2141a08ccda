package trackshiptest

import (
	"net/http"

	"github.com/parcelkit/tracking/credentials"
)

// WebhookHeaders returns the headers TrackShip sends with each delivery:
// the account's API key (APIKey for the fake's) in trackship-api-key.
func WebhookHeaders(apiKey credentials.Secret) http.Header {
	h := http.Header{}
	h.Set("trackship-api-key", apiKey.Reveal())
	h.Set("Content-Type", "application/json")
	return h
}
