package techtracktest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/techtrack"
	"github.com/parcelkit/tracking/credentials"
)

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
