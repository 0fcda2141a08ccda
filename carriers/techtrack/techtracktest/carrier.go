package techtracktest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/credentials"
)

// NumberUnknown is a number the fake does not hold until it is registered
// (with Request.Courier "UPS", say). Track answers it with an error
// matching tracking.ErrNotFound, since auto-registration is off by default;
// with techtrack.WithAutoRegister(true), Track registers it and answers it as
// pending.
const NumberUnknown = "1Z999AA10000000099"

// Carrier returns a techTRACK carrier pointed at the fake, with no local rate
// limit (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, tracking.Request{TrackingNumber: techtracktest.NumberDelivered}, cred)
//
// opts apply after the fake's own, so they win: pass
// techtrack.WithRateLimit(techtrack.DefaultRate, techtrack.DefaultBurst) to test with production pacing.
func (s *Server) Carrier(opts ...techtrack.Option) (*techtrack.Carrier, credentials.Credential) {
	own := []techtrack.Option{techtrack.WithBaseURL(s.BaseURL()), techtrack.WithRateLimit(rate.Inf, 1)}
	return techtrack.New(append(own, opts...)...), s.Credential()
}
