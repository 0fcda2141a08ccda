package track123

import (
	"github.com/parcelkit/tracking"
	"strings"

	"github.com/parcelkit/tracking/couriers"
)

// courierCodes maps canonical courier IDs (package couriers) to Track123
// courierCode values and back. Sources: Track123's courier list (GET
// /tk/v2/courier/list; the fixture courier-list.json: usps, china-post,
// sfb2c), its "Additional Tracking Fields" page
// (docs.track123.com/docs/additional-tracking-fields: mondialrelay,
// postnl, yodel, sfb2c for SF Express...), and the query fixtures
// (yunexpress). postnl-3s, also in the fixtures, is left out: nothing
// public says which courier it is, so it stays as Track123 gives it. The
// codes marked below follow the list's naming without a payload or page
// showing them.
var courierCodes = couriers.NewCodes(ID, map[string]string{
	couriers.USPS:       "usps",
	couriers.YunExpress: "yunexpress",
	couriers.Yodel:      "yodel",
	"china_post":        "china-post",
	"postnl":            "postnl",
	"sf_express":        "sfb2c", // "SF International" in the list, "SF Express" in the docs
	"mondial_relay":     "mondialrelay",
	// Not in a fixture: Track123's list names these couriers so.
	couriers.UPS:        "ups",
	couriers.FedEx:      "fedex",
	couriers.DHL:        "dhl",
	couriers.RoyalMail:  "royal-mail",
	couriers.CanadaPost: "canada-post",
	couriers.AusPost:    "australia-post",
	"4px":               "4px",
}, nil)

// courierCode turns a courier as callers give it into Track123's
// courierCode: a canonical ID is translated, anything else is taken as a
// Track123 code already.
func courierCode(s string) string { return courierCodes.Code(strings.TrimSpace(s)) }

// CourierCodes returns the table that translates canonical courier IDs
// to Track123 courierCode values: Request.Courier (and the Courier of
// Number and Registration) may be either, and Shipment.Courier is the
// canonical ID when the table knows the code.
func (c *Carrier) CourierCodes() *couriers.Codes { return courierCodes }

var _ tracking.CourierSupport = (*Carrier)(nil)

// ServesCourier reports true for every courier (tracking.CourierSupport):
// Track123 tracks more couriers than CourierCodes lists, and a canonical ID
// missing from the table goes out unchanged, which is often the
// provider's own code. A refusal here would break such codes, so the
// client never refuses a courier for this carrier; the provider answers
// for couriers it does not know. CourierCodes().Serves tells what the
// table knows.
func (c *Carrier) ServesCourier(string) bool { return true }

// NeedsCourier reports false (tracking.CourierSupport): Track123 detects
// the courier of a number it imports without one.
func (c *Carrier) NeedsCourier() bool { return false }
