package auspost

import "github.com/parcelkit/tracking/couriers"

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
