package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// run plays the story against the fake and writes what the application
// prints. It is the whole program, with its output passed in so that the
// test can check it.
func run(ctx context.Context, out io.Writer) error {
	p := newProvider()
	defer p.Close()
	client, err := p.client()
	if err != nil {
		return err
	}
	n := newNotifier(out)
	if err := p.mount(n); err != nil {
		return err
	}
	n.watch(orderUSPS, numberUSPS)
	n.watch(orderChina, numberCN)
	step := func(what string) { fmt.Fprintf(out, "\n# %s  %s\n", p.now.Format("2006-01-02 15:04Z"), what) }

	usps := state{number: numberUSPS, courier: "usps", transit: "IN_TRANSIT", sub: "IN_TRANSIT_01",
		eta: "2026-03-04 17:00:00", scans: []scan{uspsAccepted}}
	cn := state{number: numberCN, courier: "china-post", transit: "INFO_RECEIVED", sub: "INFO_RECEIVED_01",
		scans: []scan{cnLabel}}
	var outForDelivery state // kept to be delivered late
	steps := []struct {
		after time.Duration
		what  string
		do    func() error
	}{
		{0, "poll: everything is new", func() error {
			if err := p.set(usps, cn); err != nil {
				return err
			}
			n.refresh(ctx, client)
			return nil
		}},
		{18*time.Hour + 15*time.Minute, "webhook: a new scan; the old one re-sent in capitals, without its UTC time", func() error {
			usps.sub, usps.scans = "IN_TRANSIT_07", []scan{uspsArrived, uspsAccepted}
			if err := p.set(usps); err != nil {
				return err
			}
			hook := usps
			hook.scans = []scan{uspsArrived, uspsAcceptedResent}
			return p.push(hook)
		}},
		{26*time.Hour + 45*time.Minute, "poll: both parcels moved, the ETA too", func() error {
			usps.transit, usps.sub, usps.eta = "WAITING_DELIVERY", "WAITING_DELIVERY_01", "2026-03-03 17:00:00"
			usps.scans = append([]scan{uspsOut}, usps.scans...)
			cn.transit, cn.sub, cn.scans = "IN_TRANSIT", "IN_TRANSIT_08", append([]scan{cnDeparted}, cn.scans...)
			if err := p.set(usps, cn); err != nil {
				return err
			}
			n.refresh(ctx, client)
			return nil
		}},
		{6*time.Hour + 5*time.Minute, "webhook: delivered (without an ETA any more: the last one stays)", func() error {
			outForDelivery = usps
			usps.transit, usps.sub, usps.eta = "DELIVERED", "DELIVERED_04", ""
			usps.scans = append([]scan{uspsDelivered}, usps.scans...)
			if err := p.set(usps); err != nil {
				return err
			}
			return p.push(usps)
		}},
		{10 * time.Minute, "webhook, late: the out-for-delivery state again; nothing new, still delivered", func() error {
			return p.push(outForDelivery)
		}},
		{3*time.Hour + 45*time.Minute, "poll: only the parcel not yet delivered; nothing new", func() error {
			n.refresh(ctx, client)
			return nil
		}},
	}
	for _, s := range steps {
		p.advance(s.after)
		step(s.what)
		if err := s.do(); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\n# where things stand")
	n.summary()
	return nil
}
