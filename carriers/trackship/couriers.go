package trackship

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
	"github.com/parcelkit/tracking/transport"
)

// Courier is a courier TrackShip tracks.
type Courier struct {
	Slug  string // what Request.Courier takes, e.g. "usps"
	Label string // display name, e.g. "USPS"
}

// CouriersTTL is how long Couriers keeps a successful answer.
const CouriersTTL = 24 * time.Hour

// Couriers lists the couriers TrackShip tracks
// (GET /shipping_carriers/supported, which needs no credential and is
// known from TrackShip's plugin only). The answer is cached for
// CouriersTTL; the caller may modify the returned slice.
func (c *Carrier) Couriers(ctx context.Context) ([]Courier, error) {
	if c.cfgErr != nil {
		return nil, c.cfgErr
	}
	c.mu.Lock()
	if c.couriers != nil && time.Since(c.couriersAt) < CouriersTTL {
		out := append([]Courier(nil), c.couriers...)
		c.mu.Unlock()
		return out, nil
	}
	c.mu.Unlock()

	req, err := http.NewRequestWithContext(transport.WithLimitKey(ctx, ID+"/public"), http.MethodGet, c.base+pathCarriers, nil)
	if err != nil {
		return nil, fmt.Errorf("trackship: building the request: %w", tracking.ErrInvalidRequest)
	}
	req.Header.Set("Accept", "application/json")
	r, err := transport.Do(c.hc, ID, req, decodeError)
	if err != nil {
		return nil, err
	}
	list, err := decodeCouriers(r.Body)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.couriers, c.couriersAt = list, time.Now()
	c.mu.Unlock()
	return append([]Courier(nil), list...), nil
}

func decodeCouriers(body []byte) ([]Courier, error) {
	var resp carriersResponse
	if err := decode.JSON(ID, body, &resp); err != nil {
		return nil, err
	}
	if resp.Data == nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("missing: want the courier list")}
	}
	out := make([]Courier, 0, len(resp.Data))
	for _, d := range resp.Data {
		if slug := strings.TrimSpace(string(d.Slug)); slug != "" {
			out = append(out, Courier{Slug: slug, Label: strings.TrimSpace(string(d.Label))})
		}
	}
	return out, nil
}
