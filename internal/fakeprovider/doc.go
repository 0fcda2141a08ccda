// Package fakeprovider is the machinery every carrier's fake server shares:
// fault injection (fail next N, rate limit, latency, malformed, truncated
// or dropped answers, random fault rates for soaks) and request counters.
// Each carriers/<name>/<name>test package wraps its provider's wire format
// around it.
package fakeprovider
