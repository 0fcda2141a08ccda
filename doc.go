// Package tracking tracks parcels across many tracking APIs through one
// API and one normalized model.
//
// An application registers the carriers it uses (one adapter per tracking
// API, in the carriers/ packages, or its own Carrier), hands the Client a
// credentials.Store, and asks Track where a parcel is. Every answer is a
// Shipment whose Status is one of a fixed set (see Status), with events in
// UTC, newest first, and the provider's own status kept in Raw.
//
// Polls, webhooks and a second provider answer about the same parcel
// again and again: Merge joins two answers into one history and Compare
// tells what is new (events, by Event.Identity; status; ETA).
//
// Errors from every carrier match the same sentinels (ErrNotFound,
// ErrRateLimited, ...) with errors.Is; *APIError carries the details.
//
// Carriers may add capabilities, found by type assertion: BatchTracker,
// Registrar and Lister. The trackingtest package has fakes for tests and a
// conformance suite for carriers.
package tracking
