// Package tracking tracks parcels across many tracking APIs through one
// API and one normalized model.
//
// An application registers the carriers it uses (one adapter per tracking
// API, or its own Carrier), hands the Client a credentials.Store, and asks
// Track where a parcel is. Every answer is a Shipment whose Status is one
// of a fixed set (see Status), with events in UTC, newest first, and the
// provider's own status kept in Raw.
//
// # Carriers
//
// Each tracking API has a package under carriers/; its ID constant is the
// carrier ID used in Request.Carrier, in credentials and in WithFailover:
//
//   - carriers/shipengine: "shipengine" (ShipEngine / ShipStation API)
//   - carriers/track123: "track123" (Track123)
//   - carriers/tracktry: "tracktry" (Tracktry)
//   - carriers/trackship: "trackship" (TrackShip)
//   - carriers/techtrack: "techtrack" (techTRACK; experimental)
//   - carriers/auspost: "auspost" and "startrack" (Australia Post and
//     StarTrack: ID and StarTrackID)
//
// The root package imports none of them: an application imports the ones
// it uses. Beside each is a fake server, carriers/<name>/<name>test, that
// speaks the provider's wire format, so that the real carrier can run in
// tests and examples without a network or an account. Its Carrier method
// hands back the carrier pointed at the fake, with its local rate limit
// lifted, and the credential the fake accepts:
//
//	srv := track123test.NewServer()
//	defer srv.Close()
//	carrier, cred := srv.Carrier() // in production: track123.New() and your own credential
//	store, err := credentials.NewMemoryStore(cred)
//	if err != nil { ... }
//	client, err := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store))
//	if err != nil { ... }
//	s, err := client.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberDelivered, Courier: "usps"})
//	// s.Status == tracking.StatusDelivered, s.Carrier == "track123"
//
// The Client examples (TrackMany, TrackEach, Register, List) run that way.
//
// # Many shipments, capabilities and errors
//
// TrackMany and TrackEach refresh many shipments, grouped by carrier and
// credential, through a carrier's batch endpoint where it has one;
// TrackStream takes the requests as an iter.Seq and holds memory in
// proportion to the concurrency, not to the input. Carriers may add
// capabilities, found by type assertion: BatchTracker, Registrar
// (Client.Register, Client.Unregister) and Lister (Client.List). Errors
// from every carrier match the same sentinels (ErrNotFound,
// ErrRateLimited, ...) with errors.Is; *APIError carries the details.
//
// # Failover, history and webhooks
//
// WithFailover sends a request that names no carrier to the next carrier
// in a given order when one is failing, with a circuit breaker per carrier
// and credential (WithBreaker). Polls, webhooks and a second provider
// answer about the same parcel again and again: Merge joins two answers
// into one history and Compare tells what is new (events, by
// Event.Identity; status; ETA). The webhook package verifies providers'
// deliveries on the raw body and its Handler turns them into the same
// Shipment model; each carrier with webhooks describes its provider's
// scheme in one value, <carrier>.WebhookScheme.
//
// # Client-wide settings and provider facts
//
// WithLogger, WithHTTPClient (or WithTransport), WithRetry, WithLimiter
// and WithRateMargin set what every carrier of the client uses where its
// own options leave a gap. WithLastResponse and WithResponseHook give a
// successful call's request id and rate-limit headroom (ProviderResponse).
//
// The trackingtest package has scripted fakes (a Tracker and a Carrier)
// for code that depends on the client, and a conformance suite for
// carriers.
package tracking
