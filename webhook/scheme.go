package webhook

import "github.com/parcelkit/tracking"

// Scheme is everything a Handler needs to know of one provider's
// webhooks: whose deliveries they are, how each is verified on the raw
// body and how a verified body decodes. Every carrier with webhooks
// builds its own with a function of one name, WebhookScheme, whose
// options are that scheme's only:
//
//	h, err := webhook.NewHandler(track123.WebhookScheme(), onEvent, webhook.WithResolver(r))
//
// For a provider without one (techTRACK's URL token, an application's own
// sender), fill in the fields with NewHMACVerifier or NewURLTokenVerifier
// and a parse function.
type Scheme struct {
	// Carrier is the carrier ID: the Handler resolves credentials, logs
	// and keys replays by it.
	Carrier string
	// Verifier checks a delivery on the raw body, before anything is
	// parsed.
	Verifier Verifier
	// Parse decodes a verified body into normalized shipments with the
	// carrier's own status mapping, such as track123.ParseWebhook.
	Parse ParseFunc
	// MissingHeaderStatus is the HTTP status a Handler answers for a
	// delivery without the scheme's signature headers (ErrMissingHeader),
	// where the provider asks for one; 0 means 400.
	MissingHeaderStatus int
}

// ParseFunc decodes a verified body into normalized shipments.
type ParseFunc func(body []byte) ([]*tracking.Shipment, error)
