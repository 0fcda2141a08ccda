package auspost

import (
	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/couriers"
)

// Australia Post and StarTrack track only their own parcels: each network
// serves one courier, whose canonical ID is the carrier ID ("auspost",
// "startrack"), so Shipment.Courier is canonical as decoded. The API takes
// no courier code; the tables exist so that the client can ask which
// courier a carrier serves, like any other carrier's.
var (
	ausPostCodes   = couriers.NewCodes(ID, map[string]string{couriers.AusPost: ID}, nil)
	starTrackCodes = couriers.NewCodes(StarTrackID, map[string]string{couriers.StarTrack: StarTrackID}, nil)
)

// CourierCodes returns the carrier's courier table: auspost for the
// Australia Post carrier, startrack for the StarTrack one.
func (c *Carrier) CourierCodes() *couriers.Codes {
	if c.id == StarTrackID {
		return starTrackCodes
	}
	return ausPostCodes
}

var _ tracking.CourierSupport = (*Carrier)(nil)

// ServesCourier reports whether the courier table has the canonical
// courier ID (tracking.CourierSupport): the client refuses a request for
// another canonical courier before it goes out. A provider's own code in
// Request.Courier is not checked.
func (c *Carrier) ServesCourier(courier string) bool { return c.CourierCodes().Serves(courier) }

// NeedsCourier reports false (tracking.CourierSupport): Australia Post and
// StarTrack track only their own numbers.
func (c *Carrier) NeedsCourier() bool { return false }
