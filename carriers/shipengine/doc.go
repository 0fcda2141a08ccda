// Package shipengine is the carrier for the ShipEngine API (ShipStation
// API) at https://api.shipengine.com/v1.
//
//	carrier := shipengine.New()
//	client, err := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store))
//	s, err := client.Track(ctx, tracking.Request{TrackingNumber: "9400111899223197428490", Courier: "usps"})
//
// # Authentication
//
// A credential needs one field, "api_key" (FieldAPIKey), sent as the
// API-Key header. Sandbox keys start with "TEST_"; ShipEngine never scans
// sandbox labels, so they stay "UN" (unknown) for ever (uncertain:
// community reports).
//
// # Endpoints
//
//   - Carrier.Track: GET /v1/tracking?carrier_code=..&tracking_number=..
//     Request.Courier (a canonical ID or the carrier_code) is required: ShipEngine has no
//     courier detection, and an empty Courier fails with
//     tracking.ErrInvalidRequest before any request. ShipEngine polls the
//     courier on every call, so Track never registers anything.
//   - Carrier.TrackLabel: GET /v1/labels/{label_id}/track, for labels made in
//     ShipEngine.
//   - Carrier.Register and Unregister (tracking.Registrar): POST
//     /v1/tracking/start and /v1/tracking/stop with query parameters and no
//     body (204). They subscribe a number to track webhooks, which need a
//     webhook for the "track" event on the account. They are retried like
//     reads, since repeating one leaves the same subscription (uncertain:
//     inferred, not documented).
//   - Carrier.Couriers: GET /v1/carriers, the connected carrier accounts. On
//     a partial success (HTTP 207) it returns the accounts that loaded and a
//     *PartialError listing the failures.
//   - ParseWebhook decodes API_TRACK and TRACK_EVENT_V2 webhook bodies. It
//     does not verify them; WebhookScheme verifies, then decodes with it.
//
// No endpoint batches numbers or lists tracked numbers.
//
// # Rate limits
//
// Each credential has its own token bucket, and the bucket follows the
// credential's key: production keys get DefaultRate (200 a
// minute, burst DefaultBurst), sandbox keys (prefix "TEST_") get
// DefaultSandboxRate (20 a minute, burst DefaultSandboxBurst). An older
// ShipEngine page says 100 a minute and support can raise the limit: set
// WithRateLimit (production) and WithSandboxRateLimit (sandbox).
// WithLimiter replaces both buckets with a shared limiter whose keys say
// the tier ("shipengine/live/<org>/<code>", "shipengine/sandbox/<org>/<code>").
// ShipEngine's 429 carries Retry-After, which the transport honours.
//
// # Status mapping
//
// status_detail_code decides first, then status_code: UN unknown, NY
// pending, AC in_transit, IT in_transit, AT attempt_failed, DE delivered, EX
// exception, SP available_for_pickup. Detail codes refine them, for
// example SHIPMENT_CREATED info_received, OUT_FOR_DELIVERY
// out_for_delivery, RETURN_TO_SENDER return_to_sender, CANCELLED
// cancelled, TRACKING_EXPIRED expired; informational detail codes
// (INFORMATION, CARRIER_STATUS_NOT_MAPPED ...) defer to status_code. An
// unknown detail code never overrides a known status_code; an unknown or
// empty status_code is unknown. Events are mapped the same way. Uncertain
// choices: AC as in_transit (some carriers send it for a label only; the
// detail codes SHIPMENT_CREATED, AWAITING_PICKUP_DROP_OFF and
// ELEC_ADVICE_RECD_BY_CARRIER make it info_received), SP as
// available_for_pickup (some tools read it as delivered),
// DELIVERED_IN_PART as in_transit (delivered would stop polling),
// DELIVERY_RESCHEDULED and RECD_BY_CARRIER_NO_ELEC_ADVICE as in_transit,
// DELIVERED_TO_ALTERNATIVE_DELIVERY_LOCATION as delivered,
// DELIVERED_TO_PICKUP_POINT as available_for_pickup,
// NOT_YET_RECEIVED_BY_CARRIER as info_received, and PICKUP_FAILED,
// CARRIER_DELAYS, DELAYED_NOT_CARRIER, MISROUTED and PARCEL_REPACKED as
// exception. Shipment.Raw keeps status_code (Code), status_detail_code
// (SubCode) and status_description (Text, or carrier_status_description
// when there is none), so callers can override any of them.
//
// # Fields
//
// Summary is status_detail_description, else exception_description,
// carrier_status_description or status_description. ShippedAt,
// EstimatedDelivery and DeliveredAt are ship_date, estimated_delivery_date
// and actual_delivery_date; ShipEngine often sends them without a zone
// (a zone-less midnight meaning "that day"), and such values are read as
// UTC. Event.Time is occurred_at (UTC; a zone-less value is read as UTC,
// uncertain), Event.LocalTime is carrier_occurred_at as given (the
// courier's wall clock, usually without a zone, never converted), and
// Event.Code is the courier's event_code. SignedBy is the signer of the
// newest event that names one. UpdatedAt is the newest event's time.
//
// # Errors
//
// Failures come as HTTP 400, 401, 404, 409, 429 or 500 with the envelope
// {request_id, errors[{error_source, error_type, error_code, message}]},
// decoded into a *tracking.APIError: 429 or rate_limit_exceeded is
// tracking.ErrRateLimited (retried after Retry-After), 401, unauthorized,
// forbidden or error_type security is tracking.ErrUnauthorized, 404
// (invalid_identifier) is tracking.ErrNotFound, the account and
// billing codes are tracking.ErrQuotaExceeded, tracking_not_supported and
// the carrier_not_connected family are tracking.ErrUnsupported (not "not
// found": the number may be fine), and validation codes such as
// invalid_field_value are tracking.ErrInvalidRequest. 500, 502, 503 and
// 504 are retried and end as tracking.ErrUnavailable. A 404 from
// /v1/tracking may also mean the courier has no data yet (uncertain), so
// do not delete a tracker because of one. The request id comes from the
// body or the x-shipengine-requestid header.
//
// # Other uncertain facts
//
// The EU host https://api.eu.shipengine.com is seen in one codebase only:
// use WithBaseURL to point at it. The ShipStation-branded docs say GET
// /v1/tracking needs the Advanced plan; the error for that is
// undocumented, and account or billing codes are reported as
// tracking.ErrQuotaExceeded. Whether carrier_id is a number or an se_id
// string differs between payloads; it is not read from tracking answers.
// The On-Behalf-Of header for partner sub-accounts (seen in the JS SDK
// only) is not sent; a partner adds it in the transport given to
// WithHTTPClient. Older docs exempted USPS, UPS and FedEx from the rule
// that only connected carriers can be tracked; that may be outdated, and
// an unconnected carrier gives tracking.ErrUnsupported. Whether labels
// bought through ShipEngine need /v1/tracking/start to get webhooks is not
// stated: calling Register for them is harmless. Webhooks are delivered
// three times, two hours apart (an older docs page): do not rely on
// redelivery, poll Track for numbers that have gone quiet. The signed
// bytes, the JWKS location and the x-shipengine-timestamp format are
// WebhookScheme's (WithJWKSURL for another region).
//
// The shipenginetest package beside this one is a fake ShipEngine server
// for tests.
//
// # Couriers
//
// Request.Courier takes a canonical courier ID (package couriers), which
// CourierCodes translates to ShipEngine's carrier_code; any other value is
// sent unchanged, so ShipEngine's own codes keep working. Shipment.Courier
// is the canonical ID where the table knows the code. stamps_com and
// endicia read back as usps. Without a courier, the client gives the
// carrier the courier detected from the number (tracking.CourierSupport).
package shipengine
