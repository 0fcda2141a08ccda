package techtrack

import (
	"github.com/parcelkit/tracking"
	"strings"

	"github.com/parcelkit/tracking/couriers"
)

// courierCodes maps canonical courier IDs (package couriers) to techTRACK
// carrier codes (formerly SCAC) and back. Sources: the fixtures
// (carrierCode "UPS") and techTRACK's carrier-code support article
// (support.techdinamics.com), which names carriers by upper-case codes.
// Only UPS is confirmed by a recorded payload; the others follow the
// article's naming and are the first to check if techTRACK refuses one.
var courierCodes = couriers.NewCodes(ID, map[string]string{
	couriers.UPS:        "UPS",
	couriers.FedEx:      "FEDEX",
	couriers.USPS:       "USPS",
	couriers.DHL:        "DHL",
	couriers.CanadaPost: "CANADAPOST",
	couriers.Purolator:  "PUROLATOR",
	couriers.Canpar:     "CANPAR",
}, nil)

// courierCode turns Request.Courier into a techTRACK carrier code: a
// canonical ID is translated, anything else is taken as a carrier code
// already.
func courierCode(s string) string { return courierCodes.Code(strings.TrimSpace(s)) }

// CourierCodes returns the table that translates canonical courier IDs
// to techTRACK carrier codes: Request.Courier may be either, and
// Shipment.Courier is the canonical ID when the table knows the code.
func (c *Carrier) CourierCodes() *couriers.Codes { return courierCodes }

var _ tracking.CourierSupport = (*Carrier)(nil)

// ServesCourier reports true for every courier (tracking.CourierSupport):
// techTRACK tracks more couriers than CourierCodes lists, and a canonical ID
// missing from the table goes out unchanged, which is often the
// provider's own code. A refusal here would break such codes, so the
// client never refuses a courier for this carrier; the provider answers
// for couriers it does not know. CourierCodes().Serves tells what the
// table knows.
func (c *Carrier) ServesCourier(string) bool { return true }

// NeedsCourier reports true (tracking.CourierSupport): techTRACK needs a
// carrier code to register a number.
func (c *Carrier) NeedsCourier() bool { return true }
