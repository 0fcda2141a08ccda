package trackshiptest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/trackship"
	"github.com/parcelkit/tracking/credentials"
)

// NumberUnknown is a number the fake does not hold until it is registered
// (with Request.Courier "usps", say). Track answers it with an error
// matching tracking.ErrNotFound, since auto-registration is off by default;
// with trackship.WithAutoRegister(true), Track registers it and answers it as
// pending.
const NumberUnknown = "9400100000000000000001"

// Carrier returns a TrackShip carrier pointed at the fake, with no local rate
// limit (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, tracking.Request{TrackingNumber: trackshiptest.NumberDelivered}, cred)
//
// opts apply after the fake's own, so they win: pass
// trackship.WithRateLimit(trackship.DefaultRate, trackship.DefaultBurst) to test with production pacing.
func (s *Server) Carrier(opts ...trackship.Option) (*trackship.Carrier, credentials.Credential) {
	own := []trackship.Option{trackship.WithBaseURL(s.BaseURL()), trackship.WithRateLimit(rate.Inf, 1)}
	return trackship.New(append(own, opts...)...), s.Credential()
}
