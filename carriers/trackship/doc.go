// Package trackship is the carrier for TrackShip's API v1
// (https://api.trackship.com/v1), an aggregator that tracks a shipment once
// it has been created in it.
//
// # Auth
//
// Two headers on every call: trackship-api-key (credential field api_key)
// and app-name (field app_name, your app or store name). Every call is a
// POST with a JSON body, reads included.
//
// # Endpoints
//
//   - POST /v1/shipment/get/: Track and Detail. tracking_provider is sent
//     whenever Request.Courier is set, since the documentation disagrees on
//     whether it is required. TrackShip answers only for a number created
//     in it: by default Track answers any other with an error matching
//     tracking.ErrNotFound that says to register it first.
//   - POST /v1/shipment/create/: Register, and Track for a number TrackShip
//     does not track yet when WithAutoRegister(true) is given (off by
//     default, since it spends a tracker credit; it needs
//     Request.Courier). Track then answers a pending Shipment.
//   - POST /v1/shipment/delete: Unregister *(uncertain: seen in TrackShip's
//     plugin only)*.
//   - GET /v1/shipping_carriers/supported: Couriers, cached for a
//     day *(uncertain: plugin only)*. A 404 on these routes gives an error
//     matching tracking.ErrUnsupported.
//
// There is no batch, list or webhook-management endpoint: set the webhook
// URL in the TrackShip dashboard and decode deliveries with ParseWebhook.
//
// # Errors that arrive as statuses
//
// TrackShip answers several failures with HTTP 200, in status_msg (create),
// message (get) or tracking_event_status, even with status "ok". They become
// typed errors, never a parcel status: invalid_tracking and invalid_carrier
// match tracking.ErrInvalidRequest, carrier_unsupported ErrUnsupported,
// insufficient_balance ErrQuotaExceeded, unauthorized and ssl_error
// ErrUnauthorized, connection_issue ErrUnavailable (retried, as is HTTP 500,
// for get and delete). Matching ignores case. {status:"error", message} on
// get means TrackShip has no information for the number: ErrNotFound.
//
// # Rate limit
//
// TrackShip documents none *(uncertain)*. The default is a conservative 2
// requests a second per credential (DefaultRate, DefaultBurst); change it
// with WithRateLimit or WithLimiter. A 429, should one come, is honoured
// with its Retry-After.
//
// # Status mapping
//
// tracking_event_status (and each event's status, refined by status_detail)
// maps as: pending_trackship, pending, shipped -> pending; pre_transit ->
// info_received; in_transit; out_for_delivery; available_for_pickup; failure
// -> attempt_failed; on_hold, exception -> exception; return_to_sender;
// delivered; label_cancelled, cancelled -> cancelled; expired; unknown,
// deleted, "" and anything unrecognised -> unknown. "deleted" (removed from
// TrackShip) keeps Raw.Code "deleted" and sets Detail.Deleted. pending,
// shipped and cancelled are plugin values *(uncertain)*, and only
// pre_transit and in_transit have been seen on events *(uncertain)*.
//
// # Times and events
//
// TrackShip's timestamps have no zone *(uncertain: probably the courier's
// local time)*. They are read in UTC unless WithLocation names a zone;
// Event.LocalTime keeps the text as sent. tracking_est_delivery_date is a
// date (midnight). Events arrive oldest first: they are reversed and then
// ordered newest first by tracking.SortEvents, which keeps array order for
// equal times. destination_events (the plugin's name) and
// tracking_destination_events (the webhook sample's) are both read.
//
// shipping_service holds HTML ("Priority Mail<SUP>&reg;</SUP>"): Detail
// keeps it as sent and gives a stripped, unescaped copy for display.
//
// # Webhooks
//
// TrackShip signs nothing: a delivery carries the account's API key in the
// trackship-api-key header and in the body's user_key. WebhookScheme
// compares both with the API key for webhook.NewHandler; ParseWebhook only
// decodes, and never keeps user_key.
// Its retry policy is undocumented *(uncertain)*: fetch with Detail before
// acting on a change that cannot be undone.
//
// The fake server in package trackshiptest speaks this wire format.
//
// # Couriers
//
// Request.Courier takes a canonical courier ID (package couriers), which
// CourierCodes translates to TrackShip's provider slug; any other value is
// sent unchanged, so TrackShip's own codes keep working. Shipment.Courier
// is the canonical ID where the table knows the code. Without a courier,
// the client gives the carrier the courier detected from the number
// (tracking.CourierSupport).
package trackship
