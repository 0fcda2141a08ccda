// Package auspost tracks parcels through the Australia Post Shipping &
// Tracking API, for both of its networks: Australia Post (carrier ID
// "auspost", New) and StarTrack (carrier ID "startrack", NewStarTrack).
// Both return a *Carrier; register either or both with a tracking.Client.
//
// # Provider and authentication
//
// Access comes with an Australia Post contract account (eParcel, StarTrack
// Premium or Express). Each credential has three fields (see
// CredentialFields): api_key and api_secret, the API key and password
// sent as HTTP Basic authentication, and account_number, sent as the
// Account-Number header on every call. Australia Post accounts have 10
// digits and StarTrack accounts 8; a credential whose account number has
// the other network's length is refused before anything is sent.
//
// # Endpoint
//
// One endpoint is used: GET {base}/shipping/v1/track?tracking_ids=a,b,c
// with DefaultBaseURL https://digitalapi.auspost.com.au. WithTestEnvironment
// switches to the test environment, {base}/test/shipping/v1/track;
// WithBaseURL changes the host (for a proxy or the fake server in
// ausposttest). Nothing is registered at the provider: each call is a
// stateless lookup, and there are no webhooks (the provider is pull-only,
// so this package has no ParseWebhook; poll within the rate limit).
//
// # Batches and networks
//
// One call takes 1 to 10 ids. Carrier implements tracking.BatchTracker
// with MaxBatch 10, and TrackBatch chunks larger input itself, asking
// repeated ids once. Per-id failures arrive inside an HTTP 200 and become
// per-request results: ESB-10001 (unknown id) fails that id only, with
// tracking.ErrNotFound.
//
// Australia Post and StarTrack ids are never mixed in one call: each
// carrier sends only its own requests, with its own network's credential.
// The provider documents no rule telling the two kinds of id apart, so the
// carrier tells them apart the way the provider file says, by carrier ID:
// a request whose Request.Carrier names the other carrier is refused on
// its own with tracking.ErrInvalidRequest, and never sent. Should a batch
// still be refused as a whole with 51103 (ids of both networks) or 51104
// (ids not found), each of its ids is asked alone, so that the good ones
// are answered and the others fail on their own; this costs one call per
// id.
//
// # Rate limit
//
// The default is 10 requests a minute per credential with burst 1
// (DefaultRate, DefaultBurst), which one copy of the official
// reference gives (uncertain): WithRateLimit or WithLimiter change it. A
// 429 (API_002) is retried after its Retry-After, or after the backoff
// when there is none. X-RateLimit-* headers, claimed by one unverified
// source, are only logged (WithLogger).
//
// # Errors
//
// Error bodies are {"errors":[...]} whose items say code or error_code,
// name or error_name, and message. API_001 (and HTTP 401, 403) match
// tracking.ErrUnauthorized; API_002 tracking.ErrRateLimited; 51100,
// 51101, 51102 (too many ids) and 51103 (mixed networks)
// tracking.ErrInvalidRequest; ESB-10001 and 51104 tracking.ErrNotFound;
// ESB-10002 tracking.ErrUnsupported; ESB-20010, ESB-20050 and 5xx
// tracking.ErrUnavailable once retries are spent. Whether the system
// errors come with HTTP 200 or 5xx is uncertain: both are retried. An
// HTTP 404 means a wrong path (check WithBaseURL), never an unknown id,
// and matches tracking.ErrUnsupported.
//
// # Statuses
//
// Statuses are free text in varying case ("In transit", "In Transit").
// They are matched case-insensitively after trimming and collapsing
// spaces; MapStatus gives the table:
//
//	Delivered, Delivered in Full, Item Delivered   delivered
//	In transit                                     in_transit
//	On Board for Delivery                          out_for_delivery
//	Awaiting collection, Ready for Pickup          available_for_pickup
//	Unsuccessful Delivery, To be Re-Delivered      attempt_failed
//	Possible delay, Held by courier,
//	Article damaged, Cannot be delivered           exception
//	Cancelled                                      cancelled
//	Unknown, any other text, missing               unknown (never in_transit)
//
// The text is kept in Shipment.Raw.Text. A result may have a status at
// three levels (the result, a consignment, the items); the most specific
// one present decides. For a consignment with several items the items are
// combined: an item that needs attention (exception, then
// return_to_sender, then attempt_failed) decides; cancelled items are left
// out unless all are cancelled; otherwise the least advanced item decides,
// so a consignment is delivered only when every item is, and unknown when
// any item is. Detail returns every level's text and every item with its
// own status and events.
//
// Events have no status from the provider. Each event's status is read
// from its description: a known status text, else phrases such as
// "shipping information received" (info_received), "onboard for delivery"
// (out_for_delivery), "carded for collection" (available_for_pickup) or
// "delivered" without a negation; else unknown. That reading is a
// heuristic (uncertain): WithEventStatuses(false) turns it off. It also
// decides the shipment's status when no level has a status text. Events
// of every level are merged, de-duplicated and sorted newest first; their
// dates carry an offset (+08:00 to +11:00) and are converted to UTC, and a
// date without one is not given a guessed zone (Event.Time stays zero,
// Event.LocalTime keeps the text). "SUBURB STATE" locations are split into
// City and State, with Country AU.
//
// # Uncertain facts
//
//   - The rate limit of 10 requests a minute: WithRateLimit, WithLimiter.
//   - "Awaiting collection" on a StarTrack consignment may mean the sender
//     awaits pickup (info_received) rather than the recipient
//     (available_for_pickup); "Possible delay" (exception) may concern a
//     parcel still moving; "Cannot be delivered" (exception) may be
//     followed by a return: WithStatusMapping re-maps any text.
//   - The status read from event descriptions: WithEventStatuses.
//   - Whether ESB-20010 and ESB-20050 come with HTTP 200 or 5xx: both are
//     handled and retried.
//   - The API_001 error_name text: errors are classified by code and HTTP
//     status only.
//   - X-RateLimit-* headers: logged, never acted on.
//   - No webhooks exist for this API: poll.
//   - The v2 API with OAuth client credentials (Bearer tokens) is not
//     supported: this package speaks v1 with HTTP Basic authentication.
//
// # Couriers
//
// Each network is its own courier: Shipment.Courier is the canonical
// courier ID auspost or startrack (package couriers), and the client
// refuses a request naming another canonical courier before it goes out
// (tracking.CourierSupport).
package auspost
