package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/carriers/track123/track123test"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/webhook"
)

// The two orders and their parcels.
const (
	orderUSPS  = "A-1001"
	numberUSPS = "9400100000000000000001"
	orderChina = "A-1002"
	numberCN   = "LX000000002CN"
)

// scan is one event as Track123 sends it: the courier's local time at an
// offset, and the same instant in UTC unless the scan is re-sent without
// it, as webhooks sometimes do.
type scan struct {
	local, zone, detail, sub, address string
	noUTC                             bool
}

// state is a tracking as Track123 holds it, newest scan first.
type state struct {
	number, courier, transit, sub string
	eta                           string // local time at the first scan's offset; "" for none
	scans                         []scan
}

// wire returns the tracking in Track123's format (see
// carriers/track123/wire.go), as the fake stores it and webhooks carry it.
func (s state) wire() json.RawMessage {
	details := make([]map[string]string, len(s.scans))
	for i, sc := range s.scans {
		d := map[string]string{"address": sc.address, "timezone": sc.zone, "eventDetail": sc.detail,
			"eventTime": sc.local, "transitSubStatus": sc.sub}
		if !sc.noUTC {
			d["eventTimeZeroUTC"] = utc(sc.local, sc.zone)
		}
		details[i] = d
	}
	t := map[string]any{
		"trackNo": s.number, "transitStatus": s.transit, "transitSubStatus": s.sub,
		"localLogisticsInfo": map[string]any{"courierCode": s.courier, "trackingDetails": details},
	}
	if len(s.scans) > 0 {
		t["lastTrackingTime"] = s.scans[0].local
	}
	if s.eta != "" {
		t["expectedDeliveryTime"] = map[string]string{"end": s.eta, "timezone": s.scans[0].zone}
	}
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return b
}

// utc converts a scan's local time at its offset to Track123's UTC form.
func utc(local, zone string) string {
	off, err := time.Parse("-07:00", zone)
	if err != nil {
		panic(fmt.Sprintf("bad zone %q in the script", zone))
	}
	t, err := time.ParseInLocation(time.DateTime, local, off.Location())
	if err != nil {
		panic(fmt.Sprintf("bad time %q in the script", local))
	}
	return t.UTC().Format(time.RFC3339)
}

// The scans of the story.
var (
	uspsAccepted  = scan{"2026-03-01 09:00:00", "-05:00", "USPS in possession of item", "IN_TRANSIT_01", "BROOKLYN, NY 11201", false}
	uspsArrived   = scan{"2026-03-02 04:12:00", "-05:00", "Arrived at USPS Regional Facility", "IN_TRANSIT_07", "COLUMBUS OH DISTRIBUTION CENTER", false}
	uspsOut       = scan{"2026-03-03 06:10:00", "-05:00", "Out for Delivery", "WAITING_DELIVERY_01", "COLUMBUS, OH 43215", false}
	uspsDelivered = scan{"2026-03-03 13:02:44", "-05:00", "Delivered, Left with Individual", "DELIVERED_04", "COLUMBUS, OH 43215", false}
	cnLabel       = scan{"2026-03-01 10:00:00", "+08:00", "Shipping information received", "INFO_RECEIVED_01", "SHENZHEN", false}
	cnDeparted    = scan{"2026-03-02 23:40:00", "+08:00", "Departed from the origin airport", "IN_TRANSIT_08", "GUANGZHOU", false}

	// uspsAcceptedResent is uspsAccepted as a webhook re-sends it: in
	// capitals, without the UTC time. The same scan, so no news.
	uspsAcceptedResent = scan{"2026-03-01 09:00:00", "-05:00", "USPS IN POSSESSION OF ITEM", "IN_TRANSIT_01", "BROOKLYN, NY 11201", true}
)

// provider is the fake Track123 with the story's clock, and the webhook
// endpoint of the application.
type provider struct {
	srv   *track123test.Server
	now   time.Time
	hooks http.Handler
}

func newProvider() *provider {
	return &provider{
		srv: track123test.NewServer(track123test.WithoutSeed()),
		now: time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC),
	}
}

func (p *provider) Close() { p.srv.Close() }

// client returns a tracking.Client that polls the fake.
func (p *provider) client() (*tracking.Client, error) {
	carrier, cred := p.srv.Carrier()
	store, err := credentials.NewMemoryStore(cred)
	if err != nil {
		return nil, err
	}
	// The story's numbers are made up and fail their couriers' check
	// digits, which the client would refuse before asking the fake.
	return tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store),
		tracking.WithCheckDigitRefusal(false))
}

// mount builds the application's webhook handler, which verifies
// Track123's signature against the story's clock and hands the
// shipments to n.
func (p *provider) mount(n *notifier) error {
	clock := webhook.Clock{Now: func() time.Time { return p.now }}
	h, err := webhook.NewHandler(track123.WebhookScheme(track123.WithWebhookClock(clock)),
		func(_ context.Context, e webhook.Event) error {
			for _, s := range e.Shipments {
				n.update("webhook", s)
			}
			return nil
		},
		webhook.WithSecret(credentials.Secret(track123test.APISecret)))
	p.hooks = h
	return err
}

// set makes the fake answer polls with these states from now on.
func (p *provider) set(states ...state) error {
	for _, s := range states {
		if err := p.srv.AddTracking(s.wire()); err != nil {
			return err
		}
	}
	return nil
}

// push sends s as a signed Track123 webhook to the application's
// handler, in-process.
func (p *provider) push(s state) error {
	body := track123test.WebhookBody(track123test.APISecret, s.wire(), p.now)
	r := httptest.NewRequest(http.MethodPost, "/webhooks/track123", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	p.hooks.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b, _ := io.ReadAll(w.Body)
		return fmt.Errorf("webhook answered %d: %s", w.Code, strings.TrimSpace(string(b)))
	}
	return nil
}

// advance moves the story's clock.
func (p *provider) advance(d time.Duration) { p.now = p.now.Add(d) }
