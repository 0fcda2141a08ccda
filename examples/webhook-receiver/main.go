// Command webhook-receiver serves verified tracking webhooks from every
// provider that sends them and logs the normalized shipments.
//
// Routes, one per provider, with the organization in the path:
//
//	POST /webhooks/{org}/shipengine   RSA-SHA256, keys from ShipEngine's JWKS
//	POST /webhooks/{org}/track123     HMAC-SHA256 of the timestamp, key: api_secret
//	POST /webhooks/{org}/tracktry     HMAC-SHA256 of timeStr, key: the account e-mail
//	POST /webhooks/{org}/trackship    trackship-api-key header equals api_key
//
// Secrets come from the environment (TRACK123_API_SECRET, TRACKTRY_API_KEY
// and TRACKTRY_EMAIL, TRACKSHIP_API_KEY and TRACKSHIP_APP_NAME) for the
// default organization "-". Without them the receiver uses demo secrets,
// printed at start, so that the curl commands in README.md work.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// Demo secrets, used only when the environment sets none.
const (
	demoTrack123Secret = "demo-track123-secret"
	demoTracktryEmail  = "demo@example.com"
	demoTrackShipKey   = "demo-trackship-key"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stdout, nil))

	store, demo, err := loadCredentials()
	if err != nil {
		log.Fatal(err)
	}
	if demo {
		logger.Info("no webhook secrets in the environment; using demo secrets",
			"track123_api_secret", demoTrack123Secret, "tracktry_email", demoTracktryEmail, "trackship_api_key", demoTrackShipKey)
	}
	mux, err := newMux(store, logger, shipengine.WebhookScheme())
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("listening", "addr", *addr)
	log.Fatal(srv.ListenAndServe())
}

// newMux mounts one handler per provider under /webhooks/{org}/; se is
// ShipEngine's scheme, whose key source tests replace.
func newMux(store credentials.Store, logger *slog.Logger, se webhook.Scheme) (*http.ServeMux, error) {
	resolver := credentials.NewResolver(store)
	org := webhook.WithOrganizationFrom(func(r *http.Request) string {
		if o := r.PathValue("org"); o != "-" {
			return o
		}
		return credentials.DefaultOrganization
	})
	logShipments := func(ctx context.Context, e webhook.Event) error {
		for _, s := range e.Shipments {
			logger.InfoContext(ctx, "shipment", "carrier", e.Carrier, "organization", e.Organization,
				"tracking_number", s.TrackingNumber, "status", s.Status.String(), "raw", s.Raw.Code, "events", len(s.Events))
		}
		return nil
	}
	mux := http.NewServeMux()
	for _, scheme := range []webhook.Scheme{se, track123.WebhookScheme(), tracktry.WebhookScheme(), trackship.WebhookScheme()} {
		h, err := webhook.NewHandler(scheme, logShipments, webhook.WithResolver(resolver), org, webhook.WithLogger(logger))
		if err != nil {
			return nil, fmt.Errorf("%s handler: %w", scheme.Carrier, err)
		}
		mux.Handle("POST /webhooks/{org}/"+scheme.Carrier, h)
	}
	return mux, nil
}

// loadCredentials reads the webhook secrets from the environment, or
// returns the demo ones.
func loadCredentials() (*credentials.MemoryStore, bool, error) {
	store, err := credentials.LoadEnv(
		credentials.Declare(track123.ID, track123.FieldAPISecret),
		credentials.Declare(tracktry.ID, tracktry.FieldAPIKey, tracktry.FieldEmail),
		credentials.Declare(trackship.ID, trackship.FieldAPIKey, trackship.FieldAppName),
	)
	if err != nil {
		return nil, false, err
	}
	for _, c := range []string{track123.ID, tracktry.ID, trackship.ID} {
		if got, _ := store.List(context.Background(), credentials.DefaultOrganization, c); len(got) > 0 {
			return store, false, nil
		}
	}
	demo, err := credentials.NewMemoryStore(demoCredentials()...)
	return demo, true, err
}

func demoCredentials() []credentials.Credential {
	return []credentials.Credential{
		{Code: "demo-track123", Carrier: track123.ID, Active: true, Default: true,
			Fields: map[string]credentials.Secret{track123.FieldAPISecret: demoTrack123Secret}},
		{Code: "demo-tracktry", Carrier: tracktry.ID, Active: true, Default: true,
			Fields: map[string]credentials.Secret{tracktry.FieldAPIKey: "unused", tracktry.FieldEmail: demoTracktryEmail}},
		{Code: "demo-trackship", Carrier: trackship.ID, Active: true, Default: true,
			Fields: map[string]credentials.Secret{trackship.FieldAPIKey: demoTrackShipKey, trackship.FieldAppName: "demo"}},
	}
}
