package tracktrytest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/tracktry"
	"github.com/parcelkit/tracking/credentials"
)

// NumberUnknown is a number the fake does not hold until it is registered
// (with Request.Courier "china-post", say). Track answers it with an error
// matching tracking.ErrNotFound, since auto-registration is off by default;
// with tracktry.WithAutoRegister(true), Track registers it and answers it as
// pending.
const NumberUnknown = "RR999999999CN"

// Carrier returns a Tracktry carrier pointed at the fake, with no local rate
// limit and no two-minute wait after its rate-limit answer (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, tracking.Request{TrackingNumber: tracktrytest.NumberDelivered, Courier: "4px"}, cred)
//
// opts apply after the fake's own, so they win: pass
// tracktry.WithRateLimit(tracktry.DefaultRate, tracktry.DefaultBurst) to test with production pacing.
func (s *Server) Carrier(opts ...tracktry.Option) (*tracktry.Carrier, credentials.Credential) {
	own := []tracktry.Option{tracktry.WithBaseURL(s.BaseURL()), tracktry.WithRateLimit(rate.Inf, 1), tracktry.WithRateLimitWait(0)}
	return tracktry.New(append(own, opts...)...), s.Credential()
}
