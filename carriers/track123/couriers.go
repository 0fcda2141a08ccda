package track123

import (
	"context"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// Courier is one courier Track123 tracks.
type Courier struct {
	Code     string // what Request.Courier takes, e.g. "usps"
	NameEN   string
	NameCN   string
	HomePage string
}

// Couriers lists the couriers Track123 supports (GET /tk/v2/courier/list).
func (c *Carrier) Couriers(ctx context.Context, cred credentials.Credential) ([]Courier, error) {
	env, _, err := c.call(ctx, cred, http.MethodGet, epCouriers, true, nil)
	if err != nil {
		return nil, err
	}
	var list []wireCourier
	if err := decodeData(env.Data, &list); err != nil {
		return nil, err
	}
	out := make([]Courier, 0, len(list))
	for _, w := range list {
		out = append(out, Courier{
			Code:     strings.TrimSpace(string(w.CourierCode)),
			NameEN:   strings.TrimSpace(string(w.CourierNameEN)),
			NameCN:   strings.TrimSpace(string(w.CourierNameCN)),
			HomePage: strings.TrimSpace(string(w.CourierHomePage)),
		})
	}
	return out, nil
}
