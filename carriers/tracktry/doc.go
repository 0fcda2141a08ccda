// Package tracktry is the carrier for Tracktry's API v1
// (https://api.tracktry.com/v1), an aggregator that is a clone of
// TrackingMore's API v2: a number is created (registered) once, then read
// as often as needed.
//
// # Auth
//
// The header Tracktry-Api-Key carries the credential field api_key on
// every call. The field email (the account's e-mail address) only verifies
// webhooks (WebhookScheme), so CredentialFields asks for api_key
// alone.
//
// # Endpoints
//
//   - GET /v1/trackings/{carrier}/{number}: Track. Tracktry answers only
//     for a number created in it: by default Track answers 4017 (does not
//     exist) with an error matching tracking.ErrNotFound that says to
//     register the number first. With WithAutoRegister(true) (off by
//     default, since a create spends a tracking credit) Track creates the
//     tracking and answers a pending Shipment.
//   - POST /v1/trackings/post: Register, and Track's auto-registration
//     (4016, already exists, is a success, which also makes the POST safe
//     to retry).
//   - POST /v1/trackings/batch: RegisterBatch, at most MaxBatch per call;
//     on 4020 the call is split in halves and sent again. Per-item errors
//     (objects, or JSON strings wrapping a meta) become per-item errors.
//   - PUT and DELETE /v1/trackings/{carrier}/{number}: Update and
//     Unregister.
//   - GET /v1/trackings/get: ListMatching (Tracktry's filters) and List
//     (tracking.Lister), as an iter.Seq2 reading pages lazily (page and
//     limit, up to MaxListLimit). Its numbers filter also serves Track
//     without a Request.Courier and TrackBatch (tracking.BatchTracker),
//     since Tracktry has no batch GET.
//   - POST /v1/trackings/realtime: Realtime (billed per call).
//   - GET /v1/carriers and POST /v1/carriers/detect: Couriers and
//     DetectCourier (detection costs quota; it is never called implicitly).
//
// # Envelope and errors
//
// Every answer is {meta: {code, type, message}, data}. meta.code decides,
// whatever the HTTP status: 200 and 201 are successes, 4031 is an empty
// success (an empty listing), and every other documented code maps to a
// sentinel: 401, 403, 4001, 4002 to tracking.ErrUnauthorized; 4017 and 404
// to ErrNotFound; 202, 402, 4019, 4021 to ErrQuotaExceeded; 4018 to
// ErrUnsupported; 429 to ErrRateLimited; 500 and 503 to ErrUnavailable;
// 4012-4016, 4020, 4032, 4033, 405 and 409 to ErrInvalidRequest. An
// undocumented code gives an *tracking.APIError keeping the code. data may
// be an object, an array or {items: [...]}; all three are read.
//
// # Rate limit
//
// Tracktry documents none *(uncertain)*. The default is a conservative
// DefaultRate (1 request a second, TrackingMore v2's limit for most
// endpoints) with DefaultBurst, one bucket per credential for every
// endpoint; change it with WithRateLimit or WithLimiter. Over its limit
// Tracktry answers meta.code 429, with HTTP 200 or 429 *(uncertain)*, and no
// Retry-After, asking for a pause of two minutes: the carrier reads it as a
// rate limit and has the transport wait DefaultRateLimitWait before the
// retry (WithRateLimitWait). With the default retry policy the transport
// waits that long; give the call a shorter context deadline, or a
// RetryPolicy.MaxRetryAfter below it, to fail at once with an error
// matching tracking.ErrRateLimited whose RetryAfter says how long to wait.
//
// # Status mapping
//
// status: pending and notfound -> pending; inforeceived -> info_received;
// transit -> in_transit; pickup -> out_for_delivery; undelivered ->
// attempt_failed; delivered; exception; expired; anything else -> unknown.
// substatus refines it when its prefix is the status (or the status is
// empty): notfound001 -> info_received, notfound002 -> pending,
// exception005, exception010 and exception011 -> return_to_sender,
// exception008 -> cancelled, the other documented values -> their
// status's mapping; an unknown substatus falls back to the status. Spaces
// and case are ignored ("not found001"). Events are mapped the same way
// from checkpoint_status and substatus. Raw keeps status, substatus and
// lastEvent as sent.
//
// # Times and events
//
// Events come from destination_info (the last mile) then origin_info, each
// newest first, with exact duplicates dropped. Their Date, like the
// milestones and lastUpdateTime, has no zone (two layouts, with and without
// seconds), and Tracktry says nothing of which zone: by default such times
// are not converted (Event.Time is zero, Event.LocalTime keeps the text,
// Tracktry's order is kept, DeliveredAt and ShippedAt stay nil).
// WithLocation supplies the zone to read them in; events are then sorted
// newest first. created_at and updated_at carry an offset and are always
// read.
//
// # Uncertain facts and their options
//
//   - Batch size: 40 per call (TrackingMore docs, a Tracktry client) versus
//     "200 at a time" in the 4020 message: WithBatchSize, with the 4020
//     split as the safety net.
//   - Rate limits and whether meta.code 429 comes with HTTP 429:
//     WithRateLimit, WithLimiter, WithRateLimitWait; the body is read on
//     every status.
//   - pickup means out for delivery or ready for pickup: mapped to
//     out_for_delivery; Raw.Code keeps "pickup" for callers to re-map.
//   - exception005 (return_to_sender here, a generic exception on some
//     pages), transit00x, undelivered00x, exception009-011, expired001 and
//     inforeceived come from TrackingMore: mapped as listed, raw kept.
//   - The zone of event times: WithLocation.
//   - The shape of create, update and delete answers: an auto-registering
//     Track answers a pending Shipment even when it cannot read the
//     create answer; Register, Update and Unregister return only an error.
//   - The numbers and orders list filters come from client code; TrackBatch
//     and Track without a courier rely on numbers.
//   - Webhooks are undocumented for Tracktry: ParseWebhook reads the
//     TrackingMore v2 body (data plus verifyInfo), which WebhookScheme
//     verifies with the email field.
//   - TrackingMore-only endpoints (updatemore, bulk delete, ...) are not
//     implemented; their filters can be sent through Query.Extra.
//
// # Couriers
//
// Request.Courier takes a canonical courier ID (package couriers), which
// CourierCodes translates to Tracktry's carrier code; any other value is
// sent unchanged, so Tracktry's own codes keep working. Shipment.Courier
// is the canonical ID where the table knows the code. Without a courier,
// the client gives the carrier the courier detected from the number
// (tracking.CourierSupport).
package tracktry
