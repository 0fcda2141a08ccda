package shipengine

import (
	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/couriers"
)

// courierCodes maps canonical courier IDs (package couriers) to
// ShipEngine carrier_code values and back. Sources: the carrier_code
// values in ShipEngine's API reference and fixtures (stamps_com, ups,
// fedex in list-carriers and get-tracking answers) and ShipEngine's
// "Carriers" documentation pages (one page per supported carrier, named
// by its carrier_code). ShipEngine names USPS after the postage account
// that carries it (usps, stamps_com, endicia), so those codes all mean
// usps; Request.Courier "usps" goes out as "usps", as it did before
// canonical IDs existed.
var courierCodes = couriers.NewCodes(ID, map[string]string{
	couriers.USPS:         "usps",
	couriers.UPS:          "ups",
	couriers.FedEx:        "fedex",
	couriers.DHL:          "dhl_express",
	couriers.DHLECommerce: "dhl_global_mail",
	couriers.CanadaPost:   "canada_post",
	couriers.Purolator:    "purolator_canada",
	couriers.OnTrac:       "ontrac",
	couriers.RoyalMail:    "royal_mail",
	couriers.AusPost:      "australia_post",
	couriers.DPD:          "dpd",
	"asendia":             "asendia",
	"apc_postal":          "apc",
	"globegistics":        "globegistics",
	"sendle":              "sendle",
}, map[string]string{
	"stamps_com":    couriers.USPS,
	"endicia":       couriers.USPS,
	"dhl_ecommerce": couriers.DHLECommerce,
	"purolator":     couriers.Purolator,
})

// CourierCodes returns the table that translates canonical courier IDs
// to ShipEngine carrier_code values: Request.Courier may be either, and
// Shipment.Courier is the canonical ID when the table knows the code.
func (c *Carrier) CourierCodes() *couriers.Codes { return courierCodes }

var _ tracking.CourierSupport = (*Carrier)(nil)

// ServesCourier reports true for every courier (tracking.CourierSupport):
// ShipEngine tracks more couriers than CourierCodes lists, and a canonical ID
// missing from the table goes out unchanged, which is often the
// provider's own code. A refusal here would break such codes, so the
// client never refuses a courier for this carrier; the provider answers
// for couriers it does not know. CourierCodes().Serves tells what the
// table knows.
func (c *Carrier) ServesCourier(string) bool { return true }

// NeedsCourier reports true (tracking.CourierSupport): ShipEngine has no
// courier detection: every call names a carrier_code.
func (c *Carrier) NeedsCourier() bool { return true }
