package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/trackingtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The whole story: one line per real change, nothing for the re-sent
// scan, the stale webhook or the unchanged poll, and no poll of the
// delivered parcel.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	want := `
# 2026-03-01 15:00Z  poll: everything is new
A-1001  poll     event   2026-03-01 14:00Z  USPS in possession of item, BROOKLYN, NY 11201
A-1001  poll     status  unknown -> in_transit
A-1001  poll     ETA     none -> 2026-03-04 22:00Z
A-1002  poll     event   2026-03-01 02:00Z  Shipping information received, SHENZHEN
A-1002  poll     status  unknown -> info_received

# 2026-03-02 09:15Z  webhook: a new scan; the old one re-sent in capitals, without its UTC time
A-1001  webhook  event   2026-03-02 09:12Z  Arrived at USPS Regional Facility, COLUMBUS OH DISTRIBUTION CENTER

# 2026-03-03 12:00Z  poll: both parcels moved, the ETA too
A-1001  poll     event   2026-03-03 11:10Z  Out for Delivery, COLUMBUS, OH 43215
A-1001  poll     status  in_transit -> out_for_delivery
A-1001  poll     ETA     2026-03-04 22:00Z -> 2026-03-03 22:00Z
A-1002  poll     event   2026-03-02 15:40Z  Departed from the origin airport, GUANGZHOU
A-1002  poll     status  info_received -> in_transit

# 2026-03-03 18:05Z  webhook: delivered (without an ETA any more: the last one stays)
A-1001  webhook  event   2026-03-03 18:02Z  Delivered, Left with Individual, COLUMBUS, OH 43215
A-1001  webhook  status  out_for_delivery -> delivered  (final: polling stops)

# 2026-03-03 18:15Z  webhook, late: the out-for-delivery state again; nothing new, still delivered

# 2026-03-03 22:00Z  poll: only the parcel not yet delivered; nothing new

# where things stand
A-1001  delivered, 4 events, last: Delivered, Left with Individual
A-1002  in_transit, 2 events, last: Departed from the origin airport
`
	if got := out.String(); got != want {
		t.Errorf("output differs.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// refresh polls only what is not final, reports a failed poll, and update
// ignores a parcel that is no order's.
func TestRefresh(t *testing.T) {
	at := time.Date(2026, 3, 3, 18, 2, 44, 0, time.UTC)
	acme := trackingtest.NewCarrier("acme")
	acme.Set("DELIVERED1", &tracking.Shipment{Status: tracking.StatusDelivered,
		Events: []tracking.Event{{Time: at, Status: tracking.StatusDelivered, Description: "Delivered"}}}, nil)
	acme.Set("MOVING1", &tracking.Shipment{TrackingNumber: "moving1", Status: tracking.StatusInTransit}, nil) // echoed otherwise
	store, err := credentials.NewMemoryStore(credentials.Credential{Code: "acme", Carrier: "acme", Active: true, Default: true,
		Fields: map[string]credentials.Secret{"api_key": "k"}})
	if err != nil {
		t.Fatal(err)
	}
	client, err := tracking.NewClient(tracking.WithCarrier(acme), tracking.WithCredentials(store))
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	n := newNotifier(&out)
	n.watch("O-1", "DELIVERED1")
	n.watch("O-2", "MOVING1")
	n.watch("O-3", "UNKNOWN1")
	n.refresh(context.Background(), client)
	n.refresh(context.Background(), client)
	n.update("webhook", &tracking.Shipment{TrackingNumber: "OTHER", Status: tracking.StatusDelivered})

	var polled []string
	for _, c := range acme.Calls() {
		polled = append(polled, c.Request.TrackingNumber)
	}
	slices.Sort(polled) // TrackEach calls concurrently
	if got, want := strings.Join(polled, " "), "DELIVERED1 MOVING1 MOVING1 UNKNOWN1 UNKNOWN1"; got != want {
		t.Errorf("polled %s, want %s (the delivered parcel once)", got, want)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, want := range []string{
		"O-1     poll     event   2026-03-03 18:02Z  Delivered",
		"O-1     poll     status  unknown -> delivered  (final: polling stops)",
		"O-2     poll     status  unknown -> in_transit",
		"O-3     poll     failed: ",
		"O-3     poll     failed: ",
		"-       webhook  ignored: OTHER is no order's parcel",
	} {
		if i >= len(lines) || !strings.HasPrefix(lines[i], want) {
			t.Fatalf("line %d: want %q; output:\n%s", i+1, want, out.String())
		}
	}
	if len(lines) != 6 {
		t.Errorf("%d lines, want 6:\n%s", len(lines), out.String())
	}
}
