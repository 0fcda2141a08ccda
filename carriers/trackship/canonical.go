package trackship

import (
	"github.com/parcelkit/tracking"
	"strings"

	"github.com/parcelkit/tracking/couriers"
)

// courierCodes maps canonical courier IDs (package couriers) to TrackShip
// provider slugs (tracking_provider) and back. Sources: TrackShip's
// supported-carriers list (GET /shipping_carriers/supported, fixture
// supported-carriers.json: ups, usps, fedex, australia-post) and the
// slugs of TrackShip's WooCommerce plugin (Advanced Shipment Tracking),
// which name a courier by its lower-case, dash-separated name.
var courierCodes = couriers.NewCodes(ID, map[string]string{
	couriers.UPS:        "ups",
	couriers.USPS:       "usps",
	couriers.FedEx:      "fedex",
	couriers.AusPost:    "australia-post",
	couriers.CanadaPost: "canada-post",
	couriers.RoyalMail:  "royal-mail",
}, nil)

// courierCode turns Request.Courier into a TrackShip slug: a canonical ID
// is translated, anything else is taken as a slug already.
func courierCode(s string) string { return courierCodes.Code(strings.TrimSpace(s)) }

// CourierCodes returns the table that translates canonical courier IDs
// to TrackShip slugs: Request.Courier may be either, and Shipment.Courier
// is the canonical ID when the table knows the slug.
func (c *Carrier) CourierCodes() *couriers.Codes { return courierCodes }

var _ tracking.CourierSupport = (*Carrier)(nil)

// ServesCourier reports true for every courier (tracking.CourierSupport):
// TrackShip tracks more couriers than CourierCodes lists, and a canonical ID
// missing from the table goes out unchanged, which is often the
// provider's own code. A refusal here would break such codes, so the
// client never refuses a courier for this carrier; the provider answers
// for couriers it does not know. CourierCodes().Serves tells what the
// table knows.
func (c *Carrier) ServesCourier(string) bool { return true }

// NeedsCourier reports true (tracking.CourierSupport): TrackShip needs a
// provider slug to register a number.
func (c *Carrier) NeedsCourier() bool { return true }
