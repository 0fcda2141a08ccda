package transport

import "time"

// SetLimiterClock replaces the clock with which l checks how late a waiter
// woke, so that a test can stall a waiter at that point.
func SetLimiterClock(l *KeyedLimiter, now func() time.Time) { l.now = now }
