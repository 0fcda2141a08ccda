// Package techtrack is the carrier for techTRACK API v2 (Techdinamics /
// techSHIP). It is experimental: techTRACK's public documentation is thin,
// and most of its wire format below is unverified.
//
// # Unverified wire format, in one place
//
// techTRACK's Swagger (https://techtrack.cloud/api/docs/ui/index) could not
// be read. The header names, paths and JSON field names this package uses
// come from one community client (reading events) or are guesses patterned
// on it (creating a tracking). All of them live in Wire, and only there;
// DefaultWire returns them and WithWire changes any of them without a fork:
//
//   - auth headers x-api-key (credential field api_key, the portal's "API
//     Key") and x-user-key (api_secret, its "Password (Secret)"); which
//     value goes in which header is a guess *(uncertain)*;
//   - GET /api/v2/event/get-by-tracking-numbers?TrackingNumbers=<n>,
//     answering {events:[{name, description, category,
//     dateTime:{local, utc}, accessLevel, location:{city, state}}]}
//     *(uncertain: one client)*;
//   - POST /api/v2/tracking/create with {trackingNumber, carrierCode,
//     carrierCredentialsCode} *(uncertain: assumed, seen nowhere)*.
//
// An "Auth" section of the Swagger may describe a token exchange; it is not
// implemented *(uncertain)*.
//
// # Base URL
//
// techTRACK has a host per tenant, https://<tenant>.techtrack.cloud
// *(uncertain)*, so there is no default: pass WithBaseURL (without
// /api/v2). New still returns a *Carrier; without a base URL every call
// returns an error matching tracking.ErrInvalidRequest that says to pass
// techtrack.WithBaseURL.
//
// # Track and Register
//
// Track reads the number's events once. HTTP 404 means techTRACK does not
// know the number (or the tenant host is wrong): by default Track answers
// it with an error matching tracking.ErrNotFound that says to register the
// number first, since techTRACK answers nothing for a number it does not
// track. Register creates the tracking, which needs Request.Courier as the
// techTRACK carrier code (formerly SCAC); with WithAutoRegister(true) Track
// does so itself and answers a pending Shipment. Auto-registration is off
// by default because a create may be charged. An answer with no events is
// pending, and is not registered again *(uncertain: whether techTRACK
// answers an unknown number with 404 or with an empty list)*. Unregister is unsupported: no
// delete endpoint is known.
//
// # Carrier credentials: which code is sent
//
// Inside techTRACK, tracking a shipment needs a carrier credential per
// organization and carrier, with an immutable Code, an Active flag and a
// Default flag; without a default every create must name one. The SDK's
// credentials.Credential has the same semantics, so an SDK credential for
// techtrack stands for a techTRACK carrier credential: give it the same
// Code (its fields api_key and api_secret are the portal's, shared by all
// of them). The create body carries carrierCredentialsCode:
//
//  1. from the credential's optional field carrier_credentials_code when it
//     is set (for a credential whose code differs from techTRACK's);
//  2. otherwise the credential's Code, whether the request named it or the
//     SDK resolved the default: the code the SDK picked is always sent, so
//     techTRACK never applies a default that differs from it, and a tenant
//     without a default still accepts the call;
//  3. omitted only for a credential without a Code (a carrier called
//     directly, outside a tracking.Client), so techTRACK uses the
//     organization's default for the carrier.
//
// When techTRACK has no default it refuses the create (HTTP 400 or 422 with
// no code sent; the body's shape is assumed): the error matches
// tracking.ErrInvalidRequest and ErrCredentialCodeRequired and tells the
// caller to name a code in Request.Credential.
//
// # Errors and rate limit
//
// The error body is unknown (an RFC 7807 problem document is assumed and
// used for the message when present), so errors are classified by HTTP
// status: 401 and 403 unauthorized, 404 not found, 429 rate limited, 500
// and 502-504 unavailable and retried for reads, other 4xx invalid
// request. No quota signal is known. The rate limit is undocumented: the
// default is a conservative 2 requests a second per credential
// (DefaultRate, DefaultBurst), changed with WithRateLimit or WithLimiter;
// a 429's Retry-After is honoured.
//
// # Status mapping
//
// techTRACK documents no status vocabulary: every event category maps to
// unknown *(uncertain: the Swagger's Models section should list them)*,
// and nothing is guessed from description text. WithStatusMapping supplies a
// mapping. Event.Code keeps both raw values as "category/name"; the
// shipment's Raw holds the newest event's category (Code), name (SubCode)
// and description (Text). Its Status is the newest event's, or pending
// when there is no event.
//
// # Times
//
// dateTime.utc is the instant (read as UTC when it has no zone);
// dateTime.local is kept as Event.LocalTime. The event order is unknown,
// so events are sorted by time, newest first. accessLevel values are
// unknown; WithAccessLevels keeps only some (for example "Public").
//
// # Webhooks
//
// Configured in the portal only, in Standard, Legacy or Custom formats
// whose schemas could not be obtained, and unsigned as far as known: there
// is no ParseWebhook and no WebhookScheme. Check a URL token with the
// webhook package (a webhook.Scheme with webhook.NewURLTokenVerifier) and
// fetch the events with Track before acting.
//
// The fake server in package techtracktest speaks DefaultWire.
//
// # Couriers
//
// Request.Courier takes a canonical courier ID (package couriers), which
// CourierCodes translates to techTRACK's carrier code; any other value is
// sent unchanged, so techTRACK's own codes keep working. Shipment.Courier
// is the canonical ID where the table knows the code. Without a courier,
// the client gives the carrier the courier detected from the number
// (tracking.CourierSupport).
package techtrack
