// Package track123 is the carrier for Track123's Open API
// (https://api.track123.com/gateway/open-api), an aggregator tracking
// parcels of many couriers.
//
// # Auth
//
// Every request carries the credential's api_secret field in the
// Track123-Api-Secret header (Track123 Admin Portal, Developers, API).
//
// # Endpoints
//
// Package tracking uses /tk/v2.1 by default; WithAPIVersion(V2) selects
// /tk/v2. All calls are POSTs with JSON bodies except the courier list:
//
//	track/import          RegisterBatch, Register, and Track's auto-registration (≤100 per call)
//	track/query           Track, TrackBatch, QueryNumbers (≤100 per call), ListMatching and List (cursor pages)
//	track/query-realtime  Realtime
//	track/update          Update
//	track/update-courier  ChangeCourier
//	track/delete          UnregisterBatch, Unregister (≤100 per call)
//	GET /tk/v2/courier/list  Couriers
//
// Inputs larger than 100 are split into calls of 100. Batch answers keep
// their accepted and rejected items: a rejected number is a Rejection (or
// a Result's error) matching a category sentinel, never the error of the
// whole call.
//
// # Errors
//
// Track123 answers with an envelope {code, msg, data, traceId} whose
// string code decides, whatever the HTTP status (usually 200): "00000" is
// success; A0706 and B0210 are rate limits (retried by the transport, HTTP
// 200 or not); A02xx and A03xx match tracking.ErrUnauthorized; A0001,
// A0400, A0410 and D0000 tracking.ErrInvalidRequest, except a message
// saying "not registered" (tracking.ErrNotFound) or mentioning balance or
// quota (tracking.ErrQuotaExceeded); B0001, B0100, B0300 and B0310
// tracking.ErrUnavailable (retried for reads); C0113 tracking.ErrUnsupported.
// A code not documented matches tracking.ErrInvalidResponse, code kept in
// the *tracking.APIError.
//
// # Rate limit
//
// Track123 allows 5 requests per second on each endpoint. The default is
// DefaultRate (5 per second) with DefaultBurst (1), one bucket per
// credential and path; WithRateLimit or WithLimiter change it.
//
// # Status mapping
//
// transitStatus gives the status (INIT and NO_RECORD pending,
// INFO_RECEIVED info_received, IN_TRANSIT in_transit, WAITING_DELIVERY
// out_for_delivery, DELIVERY_FAILED attempt_failed, ABNORMAL exception,
// DELIVERED delivered, EXPIRED expired) and transitSubStatus refines it
// when it belongs to it: WAITING_DELIVERY_02 is available_for_pickup,
// WAITING_DELIVERY_03 attempt_failed, ABNORMAL_04 cancelled, ABNORMAL_06
// and ABNORMAL_07 return_to_sender. A sub-status under another status is
// ignored (one of the two is stale). Anything else is unknown. Raw keeps
// both values. Events carry only a sub-status. Event times come from
// eventTimeZeroUTC, or eventTime read at the event's timezone offset (as
// civil time in UTC when there is none). Track123 gives an event's place
// as one free-text address, kept whole in Location.City. The tracking's
// 18-digit id is kept exact as text in Tracking.ID.
//
// # Uncertain facts and the options that cover them
//
//   - v2.1 or v2: a v2.1 call answered with C0113 (interface does not
//     exist) or HTTP 404 is repeated on /tk/v2, and the endpoint stays
//     there (WithVersionFallback(false) turns this off).
//   - The v2.1 query's field name (trackNoInfos, from clients only): when
//     v2.1 refuses it with A0400 or A0410, the query is repeated once with
//     trackNos, which is then kept.
//   - The end of a cursor listing: it stops on an empty cursor, an empty
//     page or currentPage >= totalPages, and fails on a repeated cursor or
//     after WithMaxPages pages.
//   - The zone of createTime, shipTime, deliveredTime and lastTrackingTime
//     (none is sent): deliveredTime and lastTrackingTime take the instant of
//     the event with the same local time; otherwise they, and the times
//     sent in createTimeStart, createTimeEnd and shipTime, use WithLocation
//     (UTC by default).
//   - Registration may be charged: Track registers numbers Track123 does
//     not know only with WithAutoRegister(true); by default it answers
//     them with tracking.ErrNotFound.
//   - query-realtime, update-courier and delete (paths and answers from
//     clients only) report tracking.ErrUnsupported where they do not exist.
//   - WAITING_DELIVERY_03 covers a rescheduled delivery and a carded
//     attempt (attempt_failed); ABNORMAL_05, refused, is exception. Raw keeps
//     the sub-status so that callers can map them otherwise.
//   - trackingStatus 003 to 006 mean the courier's site failed and the data
//     may be stale: Tracking.Stale reports it, the status is kept.
//   - Quota exhaustion has no documented code: messages mentioning balance
//     or quota match tracking.ErrQuotaExceeded.
//   - A0706 comes with HTTP 200 or 429, and errors with 200, 400 or 500:
//     the body's code decides in every case; msg and message are both read.
//     B0001 and B0300 are treated as transient, as B0100 and B0310 are.
//   - rejected[].index has no stated base: rejections are matched to the
//     input by number and courier (Rejection.Index is the input position).
//   - EXPIRED comes after 30 days (docs) or 50 (one SDK): only the value is
//     used.
//   - Retrack (track/refresh) and courier detection are not implemented:
//     their paths and bodies are not settled.
//   - Which fields track/update may change (two clients): Update sends only
//     the non-empty fields of Changes; Track123 ignores or refuses others.
//   - expectedDeliveryTime {start, end, timezone} and extraInfo.signedBy
//     come from clients only: read into EstimatedDelivery (end, else start,
//     at its timezone) and SignedBy when present, left empty otherwise.
//   - Title-case statuses ("Delivered", "In Transit") of Track123's Shopify
//     app: upper-cased with spaces turned into "_" before the lookup.
//   - The webhook signature (HMAC of the timestamp, or SHA-256 of secret and
//     timestamp: WithWebhookSHA256) and whether retries keep their first
//     timestamp (WithWebhookClock turns the tolerance off).
//
// Webhooks are configured in Track123's portal. WebhookScheme is the
// scheme for webhook.NewHandler: it verifies a delivery, then decodes it
// with ParseWebhook, in either shape: the
// API's (tracking in "data", signature in "verify") or the header-signed
// variant's (X-Track123-Timestamp and X-Track123-Signature headers, the
// tracking's trackingNumber, transitStatus, carrierInfo and trackInfo[] at
// the top level, as the help-centre article "Track123 Webhook for
// developer" shows). The variant's zone-less times are read as UTC, and
// its carrierInfo.queryLink becomes TrackingURL.
//
// # Couriers
//
// Request.Courier takes a canonical courier ID (package couriers), which
// CourierCodes translates to Track123's courierCode; any other value is
// sent unchanged, so Track123's own codes keep working. Shipment.Courier
// is the canonical ID where the table knows the code. The provider-level
// Number and Registration take either form too. Track123 detects couriers
// itself, so the client leaves an empty courier empty
// (tracking.CourierSupport).
package track123
