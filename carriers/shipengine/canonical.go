package shipengine

import (
	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/couriers"
)

// courierCodes maps canonical courier IDs (package couriers) to
// ShipEngine carrier_code values and back. Sources: the CarrierName enum
// of ShipEngine's OpenAPI specification (version 1.1.202304191404, as
// published in the APIs.guru OpenAPI directory: access_worldwide,
// amazon_buy_shipping, apc, asendia, australia_post, canada_post,
// dhl_ecommerce, dhl_express and its _au/_ca/_uk accounts, dpd, endicia,
// fedex, fedex_uk, ontrac, purolator_canada, royal_mail, sendle,
// stamps_com, ups...) and the codes in this package's fixtures. USPS has
// several codes after the postage account that carries it: stamps_com and
// endicia read back as usps, and Request.Courier "usps" goes out as "usps",
// as it did before canonical IDs existed (the fixtures use it). DHL
// eCommerce's former code dhl_global_mail reads back as dhl_ecommerce.
var courierCodes = couriers.NewCodes(ID, map[string]string{
	couriers.USPS:         "usps",
	couriers.UPS:          "ups",
	couriers.FedEx:        "fedex",
	couriers.DHL:          "dhl_express",
	couriers.DHLECommerce: "dhl_ecommerce",
	couriers.Amazon:       "amazon_buy_shipping",
	couriers.CanadaPost:   "canada_post",
	couriers.Purolator:    "purolator_canada",
	couriers.OnTrac:       "ontrac",
	couriers.RoyalMail:    "royal_mail",
	couriers.AusPost:      "australia_post",
	couriers.DPD:          "dpd",
	"asendia":             "asendia",
	"apc_postal":          "apc",
	"sendle":              "sendle",
}, map[string]string{
	"stamps_com":         couriers.USPS,
	"endicia":            couriers.USPS,
	"dhl_express_au":     couriers.DHL,
	"dhl_express_ca":     couriers.DHL,
	"dhl_express_uk":     couriers.DHL,
	"fedex_uk":           couriers.FedEx,
	"amazon_shipping_uk": couriers.Amazon,
	"dhl_global_mail":    couriers.DHLECommerce,
	"purolator":          couriers.Purolator,
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
