package shipengine

import (
	"context"
	"strings"

	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/transport"
)

// Rate-limit keys name the tier a credential's API key belongs to, so that
// production and sandbox keys are paced by their own limits.
const (
	liveKeyPrefix    = ID + "/live/"
	sandboxKeyPrefix = ID + "/sandbox/"
)

// limitKey is the bucket of one credential: its tier, organization and code.
func limitKey(cred credentials.Credential, apiKey string) string {
	prefix := liveKeyPrefix
	if strings.HasPrefix(apiKey, SandboxKeyPrefix) {
		prefix = sandboxKeyPrefix
	}
	return prefix + cred.Organization + "/" + cred.Code
}

// tieredLimiter paces production and sandbox keys with separate per-key
// buckets, each tier at its own rate.
type tieredLimiter struct {
	live, sandbox transport.Limiter
}

// Wait implements transport.Limiter.
func (l tieredLimiter) Wait(ctx context.Context, key string) error {
	if strings.HasPrefix(key, sandboxKeyPrefix) {
		return l.sandbox.Wait(ctx, key)
	}
	return l.live.Wait(ctx, key)
}

// limiter returns the user's Limiter, or the two-tier default built from
// the recorded limits.
func (o *options) limiter() transport.Limiter {
	if o.kit.Limiter != nil {
		return o.kit.Limiter
	}
	live, liveBurst := o.kit.Limit, o.kit.Burst
	if live == 0 {
		live, liveBurst = DefaultRate, DefaultBurst
	}
	sandbox, sandboxBurst := o.sandboxLimit, o.sandboxBurst
	if sandbox == 0 {
		sandbox, sandboxBurst = DefaultSandboxRate, DefaultSandboxBurst
	}
	return tieredLimiter{
		live:    transport.NewLimiter(live, liveBurst, o.kit.Pacing...),
		sandbox: transport.NewLimiter(sandbox, sandboxBurst, o.sandboxPace...),
	}
}
