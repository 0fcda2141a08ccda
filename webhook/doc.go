// Package webhook verifies and decodes the tracking pushes providers send,
// and serves them through a ready http.Handler.
//
// Each carrier with webhooks describes its provider's scheme in one value,
// built by a function of the same name in every such carrier package:
//
//	h, err := webhook.NewHandler(track123.WebhookScheme(), onEvent, webhook.WithResolver(resolver))
//
// A Scheme carries the carrier ID, the Verifier that checks a delivery,
// the function that decodes it into tracking.Shipment values and the
// status the provider wants for a delivery without signature headers. The
// options of WebhookScheme are that scheme's only (track123.WithWebhookSHA256,
// shipengine.WithJWKSURL, a WithWebhookClock for each scheme with a
// signed time), so that a setting a scheme cannot use does not compile.
// The test signers are in the carriers' fakes (track123test.WebhookBody,
// shipenginetest.WebhookSigner, ...). For a provider without a scheme of
// its own, fill in a Scheme with NewHMACVerifier or NewURLTokenVerifier.
// This package holds what is the same for every provider: the Handler,
// the replay store, size limits, the Clock, the HMAC helpers and a cached
// JWKS.
//
// Verification always runs on the raw body, before anything is parsed:
// the body is read up to a size limit (1 MiB by default), signatures and
// secrets are compared in constant time, signed timestamps must be within
// a tolerance in both directions (5 minutes by default), and a replay store
// makes each delivery count once. A scheme that needs a secret refuses
// every delivery when none is configured.
//
// A fault on our side is never blamed on the delivery: when a provider's
// key endpoint (ShipEngine's JWKS) fails, answers something that is not a
// key set, or does not answer before the delivery's own deadline, Verify
// returns an error matching ErrKeysUnavailable and the Handler answers
// 500, so that the provider retries. The key fetch goes on in the
// background for the next deliveries, one at a time, bounded to 10
// seconds.
//
// # Timestamp tolerance and provider retries
//
// The tolerance applies to every scheme with a signed timestamp, five
// minutes by default. Track123 retries for up to 36 hours and Tracktry's
// retries are undocumented; whether a retry carries a fresh timestamp is
// not known. If their retries turn out to keep the original one, a
// delivery the application failed to process would be refused as stale on
// retry: give those schemes WithWebhookClock(webhook.Clock{Tolerance: -1})
// and rely on the replay store instead.
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
//
// # Replay keys
//
// A Verifier names each delivery by a replay key, which the Handler
// claims in the replay store. What the key holds depends on what the
// provider signs:
//
//   - The body is signed (NewHMACVerifier, ShipEngine): the signature, or
//     the signed digest, is the key.
//   - Only a timestamp is signed (Track123, Tracktry; CheckSignedTimestamp):
//     the signature, then the CRC-32C and CRC-32 of the body and its
//     length, in hex. The signature already names one signed instant, and
//     only a holder of the secret can make it; the body's part only has to
//     tell apart deliveries the provider signed for that same instant,
//     which are not crafted to collide. The body itself is not signed: a
//     captured signature can already be sent with any body, so a
//     collision-resistant digest would protect nothing, and the two CRCs
//     cost a fraction of a SHA-256 of a kilobytes-long body. The one thing
//     given up: someone holding a fresh signature who can predict the exact
//     body of a later delivery signed in the same instant could send a
//     colliding body first and have that delivery refused as a replay.
//   - Nothing is signed (TrackShip's key, NewURLTokenVerifier):
//     BodyReplayKey, the SHA-256 of the body. Anyone can send a body there,
//     and a weaker digest would let one be made to collide with a genuine
//     delivery, which would then be refused as a replay.
//
// Replicas sharing a replay store must build the same key for the same
// delivery: a release that changes a key's format says so in the
// changelog, since a delivery in flight during a rolling upgrade may then
// be processed twice.
package webhook
