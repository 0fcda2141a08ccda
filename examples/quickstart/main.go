// Command quickstart tracks a parcel through the SDK and prints its status
// and events.
//
// With no configuration it needs no account and no network: it starts the
// ShipEngine fake server in-process, seeded with a delivered sample parcel,
// and tracks that parcel through the real ShipEngine carrier and
// tracking.Client:
//
//	go run ./examples/quickstart
//
// With SHIPENGINE_API_KEY set it tracks the number given on the command
// line against the real ShipEngine API; -courier is ShipEngine's
// carrier_code for the courier:
//
//	SHIPENGINE_API_KEY=... go run ./examples/quickstart -courier usps 9400111899223197428490
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/credentials"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its inputs and outputs passed in so that
// the test can run it.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	flags.SetOutput(stderr)
	courier := flags.String("courier", "", "ShipEngine carrier_code of the courier, such as usps, fedex or ups")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./examples/quickstart                       (offline, against the built-in fake)")
		fmt.Fprintln(stderr, "       SHIPENGINE_API_KEY=... go run ./examples/quickstart -courier usps <tracking number>")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h: the usage, already printed, is the answer
		}
		return err
	}

	// SHIPENGINE_API_KEY, if set, becomes the default ShipEngine credential.
	store, err := credentials.LoadEnviron(environ, credentials.Declare(shipengine.ID, shipengine.FieldAPIKey))
	if err != nil {
		return err
	}
	creds, err := store.List(ctx, credentials.DefaultOrganization, shipengine.ID)
	if err != nil {
		return err
	}

	var (
		carrier *shipengine.Carrier
		req     tracking.Request
	)
	if len(creds) > 0 {
		if flags.NArg() != 1 || strings.TrimSpace(*courier) == "" {
			flags.Usage()
			return errors.New("with SHIPENGINE_API_KEY set, give -courier and one tracking number")
		}
		carrier = shipengine.New()
		req = tracking.Request{TrackingNumber: flags.Arg(0), Courier: *courier}
	} else {
		if flags.NArg() > 0 {
			fmt.Fprintln(stderr, "SHIPENGINE_API_KEY is not set: ignoring the number given, tracking the built-in sample.")
		}
		srv := shipenginetest.NewServer()
		defer srv.Close()
		// One call: a carrier pointed at the fake, unpaced, and the
		// credential the fake accepts.
		var cred credentials.Credential
		carrier, cred = srv.Carrier()
		if store, err = credentials.NewMemoryStore(cred); err != nil {
			return err
		}
		req = shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request()
		fmt.Fprintf(stdout, "Offline: tracking a sample parcel against an in-process ShipEngine fake.\n"+
			"Set SHIPENGINE_API_KEY to track a real one.\n\n")
	}

	client, err := tracking.NewClient(tracking.WithCarrier(carrier), tracking.WithCredentials(store))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	s, err := client.Track(ctx, req)
	if err != nil {
		return err
	}
	return printShipment(stdout, s)
}

// printShipment writes the shipment and its events as two aligned tables.
func printShipment(w io.Writer, s *tracking.Shipment) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(tw, "%s\t%s\n", label, value)
		}
	}
	row("Tracking number", fmt.Sprintf("%s (%s, via %s)", s.TrackingNumber, s.Courier, s.Carrier))
	row("Status", fmt.Sprintf("%s (ShipEngine %s)", s.Status, strings.Trim(s.Raw.Code+"/"+s.Raw.SubCode, "/")))
	row("Summary", s.Summary)
	row("Shipped", day(s.ShippedAt))
	row("Estimated delivery", day(s.EstimatedDelivery))
	if d := stamp(s.DeliveredAt); d != "" {
		row("Delivered", d+" UTC")
	}
	row("Signed by", s.SignedBy)
	row("Tracking page", s.TrackingURL)
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	if len(s.Events) == 0 {
		_, err := fmt.Fprintln(w, "No events yet.")
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME (UTC)\tSTATUS\tEVENT\tLOCATION")
	for _, e := range s.Events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", stamp(&e.Time), e.Status, e.Description, place(e.Location))
	}
	return tw.Flush()
}

func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04")
}

func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func place(l tracking.Location) string {
	var parts []string
	for _, p := range []string{l.City, l.State, l.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
