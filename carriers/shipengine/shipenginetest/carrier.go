package shipenginetest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/shipengine"
	"github.com/parcelkit/tracking/credentials"
)

// Carrier returns a ShipEngine carrier pointed at the fake, with no local rate
// limit (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, shipenginetest.SeedOf(shipenginetest.NumberDelivered).Request(), cred)
//
// opts apply after the fake's own, so they win: pass
// shipengine.WithRateLimit(shipengine.DefaultRate, shipengine.DefaultBurst) to test with production pacing.
func (s *Server) Carrier(opts ...shipengine.Option) (*shipengine.Carrier, credentials.Credential) {
	own := []shipengine.Option{shipengine.WithBaseURL(s.BaseURL()), shipengine.WithRateLimit(rate.Inf, 1), shipengine.WithSandboxRateLimit(rate.Inf, 1)}
	return shipengine.New(append(own, opts...)...), s.Credential()
}
