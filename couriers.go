package tracking

import (
	"fmt"
	"strings"

	"github.com/parcelkit/tracking/couriers"
)

// CourierSupport is implemented by carriers that know, in canonical
// courier IDs (package couriers), which couriers their provider tracks.
// The client uses it to refuse a request the carrier cannot serve before
// any request goes out, and to detect the courier from the number for a
// carrier that needs one.
type CourierSupport interface {
	// ServesCourier reports whether the provider tracks parcels of the
	// courier with canonical ID courier.
	ServesCourier(courier string) bool
	// NeedsCourier reports whether the provider needs Request.Courier
	// (it does not detect the courier itself, at least not for every
	// call).
	NeedsCourier() bool
}

// WithCheckDigitRefusal sets whether Track refuses a number that matches
// no known format but fails the check digit of a specific one (UPS 1Z,
// UPU S10, USPS IMpb...), with an error matching ErrInvalidRequest and
// no provider call (default on). Turn it off to send such numbers to the
// provider anyway. Only requests without a Courier are checked.
func WithCheckDigitRefusal(on bool) Option {
	return func(cfg *clientConfig) { cfg.sendMistyped = !on }
}

// resolveCourier applies the courier rules to req before any request
// goes out: a number without courier is refused when it is mistyped, and
// gets the courier detected from it when the carrier needs one; a
// canonical courier the carrier does not serve is refused with the
// carriers that do. A value that is not a canonical ID is left to the
// carrier (a provider's own code).
func (c *Client) resolveCourier(car Carrier, req *Request) error {
	cs, aware := car.(CourierSupport)
	courier := strings.TrimSpace(req.Courier)
	detected := false
	if courier == "" {
		if !c.sendMistyped {
			if f, bad := couriers.Mistyped(req.TrackingNumber); bad {
				return fmt.Errorf("tracking: %q fails the %s check digit (%s); check the number for a typo, or set Request.Courier: %w",
					req.TrackingNumber, f.Format, courierName(f.Courier), ErrInvalidRequest)
			}
		}
		if !aware || !cs.NeedsCourier() {
			return nil
		}
		id, ok := couriers.Suggest(req.TrackingNumber)
		if !ok {
			return nil // no clear answer: the carrier reports what is missing
		}
		courier, detected = id, true
	}
	if !aware {
		return nil
	}
	if _, canonical := couriers.Lookup(courier); !canonical || cs.ServesCourier(courier) {
		if detected {
			req.Courier = courier
		}
		return nil
	}
	how := "courier %q"
	if detected {
		how = "courier %q (detected from the number)"
	}
	return fmt.Errorf("tracking: carrier %q does not serve "+how+"; %s, or set Request.Courier to the provider's own courier code: %w",
		req.Carrier, courier, c.servingCarriers(courier), ErrUnsupported)
}

// servingCarriers names the registered carriers that serve courier.
func (c *Client) servingCarriers(courier string) string {
	var ids []string
	for _, id := range c.CarrierIDs() {
		if cs, ok := c.carriers[id].(CourierSupport); ok && cs.ServesCourier(courier) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return "no registered carrier does"
	}
	return "set Request.Carrier to " + strings.Join(ids, " or ")
}

func courierName(id string) string {
	if c, ok := couriers.Lookup(id); ok {
		return c.Name
	}
	return id
}
