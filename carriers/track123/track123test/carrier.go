package track123test

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/track123"
	"github.com/parcelkit/tracking/credentials"
)

// Carrier returns a Track123 carrier pointed at the fake, with no local rate
// limit (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, tracking.Request{TrackingNumber: track123test.NumberDelivered}, cred)
//
// opts apply after the fake's own, so they win: pass
// track123.WithRateLimit(track123.DefaultRate, track123.DefaultBurst) to test with production pacing.
func (s *Server) Carrier(opts ...track123.Option) (*track123.Carrier, credentials.Credential) {
	own := []track123.Option{track123.WithBaseURL(s.BaseURL()), track123.WithRateLimit(rate.Inf, 1)}
	return track123.New(append(own, opts...)...), s.Credential()
}
