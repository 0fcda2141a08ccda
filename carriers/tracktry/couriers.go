package tracktry

import (
	"context"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// Courier is a shipping company Tracktry tracks. Code is what
// Request.Courier takes. Phone, Homepage, Type, Picture and NameCN come
// from TrackingMore's format and may be empty.
type Courier struct {
	Name     string
	Code     string
	Phone    string
	Homepage string
	Type     string
	Picture  string
	NameCN   string
}

// Couriers lists the couriers Tracktry supports: GET /v1/carriers. The
// list changes rarely; cache it rather than calling it per parcel.
func (c *Carrier) Couriers(ctx context.Context, cred credentials.Credential) ([]Courier, error) {
	a, err := c.call(ctx, cred, http.MethodGet, "/carriers", nil, nil)
	if err != nil {
		return nil, err
	}
	return couriers(a.data)
}

// DetectCourier asks Tracktry which couriers number may belong to: POST
// /v1/carriers/detect. It may give several candidates, most likely first.
// It costs quota (every five calls spend one tracking credit), so cache
// the answer and never call it in a loop. A number Tracktry cannot place
// gives an error matching tracking.ErrInvalidRequest with Code "4032".
func (c *Carrier) DetectCourier(ctx context.Context, number string, cred credentials.Credential) ([]Courier, error) {
	number, err := checkNumber(number)
	if err != nil {
		return nil, err
	}
	a, err := c.call(ctx, cred, http.MethodPost, "/carriers/detect", nil, numberBody{TrackingNumber: number})
	if err != nil {
		return nil, err
	}
	return couriers(a.data)
}

func couriers(data []byte) ([]Courier, error) {
	ws, err := dataList[wireCourier](data)
	if err != nil {
		return nil, err
	}
	out := make([]Courier, 0, len(ws))
	for _, w := range ws {
		code := strings.TrimSpace(string(w.Code))
		if code == "" {
			continue
		}
		out = append(out, Courier{
			Name: strings.TrimSpace(string(w.Name)), Code: code, Phone: string(w.Phone),
			Homepage: string(w.Homepage), Type: string(w.Type), Picture: string(w.Picture), NameCN: string(w.NameCN),
		})
	}
	return out, nil
}
