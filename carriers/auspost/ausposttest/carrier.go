package ausposttest

import (
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/credentials"
)

// Carrier returns an Australia Post carrier pointed at the fake, with no
// local rate limit (the fake is not the provider), and the credential the
// fake accepts:
//
//	c, cred := srv.Carrier()
//	s, err := c.Track(ctx, tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, cred)
//
// opts apply after the fake's own, so they win: pass
// auspost.WithRateLimit(auspost.DefaultRate, auspost.DefaultBurst) to test
// with production pacing.
func (s *Server) Carrier(opts ...auspost.Option) (*auspost.Carrier, credentials.Credential) {
	return auspost.New(s.options(opts)...), s.Credential()
}

// StarTrackCarrier is Carrier for the StarTrack network: the StarTrack
// carrier and StarTrackCredential.
func (s *Server) StarTrackCarrier(opts ...auspost.Option) (*auspost.Carrier, credentials.Credential) {
	return auspost.NewStarTrack(s.options(opts)...), s.StarTrackCredential()
}

func (s *Server) options(opts []auspost.Option) []auspost.Option {
	return append([]auspost.Option{auspost.WithBaseURL(s.BaseURL()), auspost.WithRateLimit(rate.Inf, 1)}, opts...)
}
