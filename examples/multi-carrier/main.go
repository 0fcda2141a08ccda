// Command multi-carrier registers several carriers with credentials for
// two organizations and shows the credential rules at work: a request
// naming a code, a request using the default, an inactive credential
// refused, and a carrier without a default asking for a code. It runs
// offline against the carriers' fake servers.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"text/tabwriter"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/carriers/shipengine/shipenginetest"
	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/carriers/techtrack/techtracktest"
	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/carriers/trackship/trackshiptest"
	"github.com/parcelkit/tracking/credentials"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// with copies a fake's accepted credential under another code,
// organization and flags.
func with(c credentials.Credential, code, org string, active, def bool) credentials.Credential {
	c = c.Clone()
	c.Code, c.Organization, c.Active, c.Default = code, org, active, def
	return c
}

func run(ctx context.Context, out io.Writer) error {
	se := shipenginetest.NewServer()
	defer se.Close()
	ts := trackshiptest.NewServer()
	defer ts.Close()
	tt := techtracktest.NewServer()
	defer tt.Close()
	// Each fake hands back its carrier, unpaced, and a credential it accepts.
	seCarrier, seCred := se.Carrier()
	tsCarrier, tsCred := ts.Carrier()
	ttCarrier, ttCred := tt.Carrier()

	// Two tenants. Acme has a default for each carrier and one retired
	// ShipEngine key; Globex holds two ShipEngine accounts and no default,
	// so its requests must say which one.
	store, err := credentials.NewMemoryStore(
		with(seCred, "acme-shipengine", "acme", true, true),
		with(seCred, "acme-shipengine-2019", "acme", false, false),
		with(tsCred, "acme-trackship", "acme", true, true),
		with(seCred, "globex-shipengine-us", "globex", true, false),
		with(seCred, "globex-shipengine-eu", "globex", true, false),
		with(ttCred, "globex-techtrack", "globex", true, true),
	)
	if err != nil {
		return err
	}
	client, err := tracking.NewClient(
		tracking.WithCarrier(seCarrier),
		tracking.WithCarrier(tsCarrier),
		tracking.WithCarrier(ttCarrier),
		tracking.WithCredentials(store),
		// The fakes' numbers are synthetic, with no valid check digit; real
		// applications keep the refusal on.
		tracking.WithCheckDigitRefusal(false),
	)
	if err != nil {
		return err
	}

	seed := shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request()
	seed.Carrier = shipengine.ID
	scenarios := []struct {
		what string
		req  tracking.Request
	}{
		{"acme, default credential", withOrg(seed, "acme", "")},
		{"acme, names its inactive credential", withOrg(seed, "acme", "acme-shipengine-2019")},
		{"acme, TrackShip default", tracking.Request{Carrier: trackship.ID, Organization: "acme",
			TrackingNumber: trackshiptest.NumberDelivered, Courier: "usps"}},
		{"globex, no default, names none", withOrg(seed, "globex", "")},
		{"globex, names a code", withOrg(seed, "globex", "globex-shipengine-eu")},
		{"globex, names acme's code", withOrg(seed, "globex", "acme-shipengine")},
		{"globex, techTRACK default", tracking.Request{Carrier: techtrack.ID, Organization: "globex",
			TrackingNumber: techtracktest.NumberDelivered}},
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SCENARIO\tCARRIER\tRESULT")
	for _, sc := range scenarios {
		s, err := client.Track(ctx, sc.req)
		fmt.Fprintf(w, "%s\t%s\t%s\n", sc.what, sc.req.Carrier, outcome(s, err))
	}
	return w.Flush()
}

func withOrg(r tracking.Request, org, code string) tracking.Request {
	r.Organization, r.Credential = org, code
	return r
}

// outcome names the rule that decided a request.
func outcome(s *tracking.Shipment, err error) string {
	switch {
	case err == nil:
		return "tracked: " + s.Status.String()
	case errors.Is(err, credentials.ErrInactive):
		return "refused: credential inactive"
	case errors.Is(err, credentials.ErrNoDefault):
		return "refused: " + err.Error()
	case errors.Is(err, credentials.ErrUnknownCode):
		return "refused: no such credential in this organization"
	}
	return "failed: " + err.Error()
}
