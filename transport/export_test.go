package transport

import (
	"net/http"
	"time"
)

// SetLimiterClock replaces the clock with which l checks how late a waiter
// woke, so that a test can stall a waiter at that point.
func SetLimiterClock(l *KeyedLimiter, now func() time.Time) { l.now = now }

// WatchInBubbles makes the client from New bound its attempts with its
// shared timer inside a synctest bubble too, where it would give each a
// timer of its own: safe when the client lives and dies in one bubble, and
// the only way to test the shared timer on the bubble's clock.
func WatchInBubbles(hc *http.Client) { hc.Transport.(*roundTripper).paced.watch.inBubbles = true }
