// Package fakeprovider is the fault injection and request counting every
// carrier's fake server shares. Each carriers/<name>/<name>test.Server
// embeds a *Faults, so these methods are the fakes' own:
//
//   - queued faults: FailNext, RateLimitNext, MalformNext, TruncateNext,
//     DropNext;
//   - standing faults: SetLatency, RateLimit (a token bucket),
//     RateLimitWindow (a strict sliding window), SetRates (random faults,
//     for soaks); Reset clears them all and the counters;
//   - counters: Requests, RequestsTo, Served, Hits, MaxInWindow.
//
// A fault is answered in the provider's own wire format (its error
// envelope, its rate-limit answer), which the fake hands to NewFaults as
// Writers. Production code never imports this package.
package fakeprovider
