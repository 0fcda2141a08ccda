package carrierkit

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/transport"
)

// Defaults gives a carrier the TakeDefaults method of
// tracking.DefaultsTaker: embedded in the carrier's struct and set from
// Settings.Defaults in its New, it lets a tracking.Client fill in what the
// carrier's own options left unset.
type Defaults struct{ s *stack }

// stack is what a carrier's HTTP client and logger were built from, so
// that they can be built again with a client's defaults.
type stack struct {
	mu         sync.Mutex // one TakeDefaults at a time
	own        Settings   // the carrier's settings, its provider's defaults filled in
	carrier    string
	classifier transport.Classifier
	hc         *http.Client // the carrier's, rebuilt in place
	log        *slog.Logger // the carrier's own logger, or nil when it keeps none
}

// Defaults returns the hook for a carrier whose client hc (from s.Client)
// and logger log (from s.Log; nil when the carrier keeps none) were built
// from s, after the carrier filled in its provider's defaults.
func (s Settings) Defaults(carrier string, classifier transport.Classifier, hc *http.Client, log *slog.Logger) Defaults {
	return Defaults{&stack{own: s, carrier: carrier, classifier: classifier, hc: hc, log: log}}
}

// TakeDefaults implements tracking.DefaultsTaker: it rebuilds the
// carrier's HTTP client (and logger) from its own settings, with d
// filling what they leave unset. The client and logger are replaced in
// place, so the carrier must not be in use meanwhile; NewClient calls it
// before the client makes any call.
func (h Defaults) TakeDefaults(d tracking.CarrierDefaults) {
	s := h.s
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	merged := s.own.with(d, s.carrier)
	*s.hc = *merged.Client(s.carrier, s.classifier)
	if s.log != nil && s.own.Logger == nil {
		// s.log is the discard logger Log made, never the user's own.
		*s.log = *merged.Log()
	}
}

// with returns s with d filling what s leaves unset.
func (s Settings) with(d tracking.CarrierDefaults, carrier string) Settings {
	if s.Logger == nil {
		s.Logger = d.Logger
	}
	if s.HTTPClient == nil && (d.HTTPClient != nil || d.Transport != nil) {
		var hc http.Client
		if d.HTTPClient != nil {
			hc = *d.HTTPClient
		}
		if d.Transport != nil {
			hc.Transport = d.Transport
		}
		s.HTTPClient = &hc
	}
	if s.Retry == (transport.RetryPolicy{}) {
		s.Retry = transport.RetryPolicy(d.Retry)
	}
	if s.Limiter == nil && d.Limiter != nil {
		s.Limiter = prefixed{d.Limiter, carrier + " "}
	}
	if s.Pacing == nil && d.RateMargin != nil {
		s.Pacing = []transport.LimiterOption{transport.RateMargin(*d.RateMargin)}
	}
	s.NumbersInLogs = s.NumbersInLogs || d.TrackingNumbersInLogs
	if h := d.ResponseHeaders; len(h.RequestID)+len(h.Limit)+len(h.Remaining)+len(h.Reset) > 0 {
		s.Headers = h
	}
	return s
}

// prefixed is a client-wide Limiter shared by carriers: each carrier's
// keys (credential codes, endpoints) get its ID in front, so that two
// carriers' "main" credentials are paced apart.
type prefixed struct {
	l      tracking.Limiter
	prefix string
}

func (p prefixed) Wait(ctx context.Context, key string) error { return p.l.Wait(ctx, p.prefix+key) }
