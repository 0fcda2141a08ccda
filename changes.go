package tracking

import "time"

// Changes is what is new in a shipment since an earlier answer, as
// Compare finds it. The zero Changes means nothing changed.
type Changes struct {
	// Events are the events of the newer answer that the earlier one
	// lacks (by Identity), each once, newest first.
	Events []Event
	// Status is set when the status changed; nil when it did not.
	Status *StatusChange
	// ETA is set when the estimated delivery moved, appeared or was
	// withdrawn; nil when it did not change.
	ETA *ETAChange
	// Final reports that the shipment reached a final status (see
	// Status.Final) it was not in before: time to stop polling it.
	Final bool
}

// StatusChange is a change of a shipment's status.
type StatusChange struct {
	From, To Status
}

// ETAChange is a move of a shipment's estimated delivery. From or To is
// nil when no estimate was, or is, known.
type ETAChange struct {
	From, To *time.Time
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool {
	return len(c.Events) == 0 && c.Status == nil && c.ETA == nil && !c.Final
}

// Any reports whether something changed: the opposite of Empty.
func (c Changes) Any() bool { return !c.Empty() }

// Compare returns what next says that prev did not: the events of next
// whose Identity prev lacks (the same scan re-sent with other white space,
// case, sub-second precision or time-zone notation is not new), whether
// the status changed and from what to what, whether the estimated
// delivery moved, and whether the shipment reached a final status.
//
// prev may be nil: nothing was known, so every event is new, a status
// other than unknown is a change from unknown, and an estimate is a move
// from none. A nil next brings no news: the result is empty.
//
// The zero Status and values outside the set count as StatusUnknown. An
// estimate moves when its instant, truncated to the second, changes, as
// in Event.Identity. Events that prev has and next lacks are not changes:
// providers often send only the recent ones.
//
// To keep one history across polls and webhooks, merge each answer into
// the last known shipment and compare the two:
//
//	merged := tracking.Merge(last, fresh)
//	changes := tracking.Compare(last, merged)
//	last = merged
func Compare(prev, next *Shipment) Changes {
	if next == nil {
		return Changes{}
	}
	if prev == nil {
		prev = &Shipment{}
	}
	var c Changes
	if from, to := knownStatus(prev.Status), knownStatus(next.Status); from != to {
		c.Status = &StatusChange{From: from, To: to}
		c.Final = to.Final() && !from.Final()
	}
	if etaMoved(prev.EstimatedDelivery, next.EstimatedDelivery) {
		c.ETA = &ETAChange{From: copyTime(prev.EstimatedDelivery), To: copyTime(next.EstimatedDelivery)}
	}
	c.Events = newEvents(prev.Events, next.Events)
	return c
}

// newEvents returns the events of next whose identity is not in prev's,
// each identity once, in SortEvents order.
func newEvents(prev, next []Event) []Event {
	if len(next) == 0 {
		return nil
	}
	// prev's keys go into one string, sliced: one allocation, not one
	// per event.
	arena := make([]byte, 0, 48*len(prev))
	ends := make([]int, len(prev))
	for i := range prev {
		arena = appendKey(arena, &prev[i])
		ends[i] = len(arena)
	}
	keys := string(arena)
	seen := make(map[string]struct{}, len(prev)+1)
	start := 0
	for _, end := range ends {
		seen[keys[start:end]] = struct{}{}
		start = end
	}
	var kb keyBuf
	var out []Event
	for i := range next {
		k := kb.key(&next[i])
		if _, ok := seen[string(k)]; ok {
			continue
		}
		seen[string(k)] = struct{}{}
		out = append(out, copyEvent(&next[i]))
	}
	SortEvents(out) // next's own order already, unless a caller built it unsorted
	return out
}

// etaMoved reports whether the estimate appeared, was withdrawn, or moved
// by a second or more.
func etaMoved(a, b *time.Time) bool {
	if a == nil || b == nil {
		return (a == nil) != (b == nil)
	}
	return a.Unix() != b.Unix()
}
