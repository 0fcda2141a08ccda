// Package webhook verifies and decodes the tracking pushes providers send,
// and serves them through a ready http.Handler.
//
// Verification always runs on the raw body, before anything is parsed:
// the body is read up to a size limit (1 MiB by default), signatures and
// secrets are compared in constant time, signed timestamps must be within
// a tolerance in both directions (5 minutes by default), and a replay store
// makes each delivery count once. A scheme that needs a secret refuses
// every delivery when none is configured.
//
// A fault on our side is never blamed on the delivery: when ShipEngine's
// key endpoint fails, answers something that is not a key set, or does not
// answer before the delivery's own deadline, Verify returns an error
// matching ErrKeysUnavailable and the Handler answers 500, so that the
// provider retries. The key fetch goes on in the background for the next
// deliveries, one at a time, bounded to 10 seconds.
//
// # Timestamp tolerance and provider retries
//
// The tolerance applies to every scheme with a signed timestamp, five
// minutes by default. Track123 retries for up to 36 hours and Tracktry's
// retries are undocumented; whether a retry carries a fresh timestamp is
// not known. If their retries turn out to keep the original one, a
// delivery the application failed to process would be refused as stale on
// retry: pass WithTolerance(-1) to those verifiers and rely on the replay
// store instead.
//
// # Schemes that do not sign the body
//
// Some providers sign only a timestamp (Track123, Tracktry) or send a
// shared key in a header (TrackShip), and some sign nothing (techTRACK). A
// captured delivery's signature can then be sent again with any body.
// Treat such a delivery as a hint: receive it over HTTPS only, put an
// unguessable token in the webhook URL's path and check it, and fetch the
// shipment again through the carrier before acting on anything that cannot
// be undone (refunds, reshipments, customer messages).
package webhook
