// Command notify keeps the last known shipment of each order, refreshes
// them with TrackEach, receives webhooks, and prints one line per real
// change: a status change, a new event, a moved estimated delivery.
//
// It runs offline: the Track123 fake plays the provider (provider.go) and
// a script of three days (story.go) moves two orders along, sometimes
// telling the application by a signed webhook, sometimes leaving it to
// find out by polling, and once re-sending an old scan in another form
// and delivering a late, stale webhook, neither of which is news:
//
//	go run ./examples/notify
//
// The core is notifier.update: Merge the fresh answer into the last known
// shipment, Compare the two, keep the merge.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parcelkit/tracking"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "notify:", err)
		os.Exit(1)
	}
}

// notifier holds the last known shipment of each order. Polls and
// webhooks may arrive concurrently in an application, hence the mutex.
type notifier struct {
	out io.Writer

	mu      sync.Mutex
	orders  []string          // order IDs, in the order they were added
	numbers map[string]string // order ID -> tracking number
	byNum   map[string]string // normalized tracking number -> order ID
	last    map[string]*tracking.Shipment
}

func newNotifier(out io.Writer) *notifier {
	return &notifier{out: out, numbers: map[string]string{}, byNum: map[string]string{}, last: map[string]*tracking.Shipment{}}
}

// watch starts following an order's parcel.
func (n *notifier) watch(order, number string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.orders = append(n.orders, order)
	n.numbers[order] = number
	n.byNum[numberKey(number)] = order
}

// numberKey is how tracking numbers are matched: providers echo them
// with other case or spacing.
func numberKey(number string) string {
	return strings.ToUpper(strings.Join(strings.Fields(number), ""))
}

// update merges a fresh answer from source ("poll", "webhook") into the
// order's history and prints what it changed, if anything.
func (n *notifier) update(source string, s *tracking.Shipment) {
	n.mu.Lock()
	defer n.mu.Unlock()
	order, ok := n.byNum[numberKey(s.TrackingNumber)]
	if !ok {
		fmt.Fprintf(n.out, "%-7s %-8s ignored: %s is no order's parcel\n", "-", source, s.TrackingNumber)
		return
	}
	prev := n.last[order]
	merged := tracking.Merge(prev, s)
	c := tracking.Compare(prev, merged)
	n.last[order] = merged

	line := func(format string, args ...any) {
		fmt.Fprintf(n.out, "%-7s %-8s "+format+"\n", append([]any{order, source}, args...)...)
	}
	for _, e := range slices.Backward(c.Events) { // oldest first, as a customer reads them
		line("event   %s  %s", stamp(e.Time), describe(e))
	}
	if c.Status != nil {
		final := ""
		if c.Final {
			final = "  (final: polling stops)"
		}
		line("status  %s -> %s%s", c.Status.From, c.Status.To, final)
	}
	if c.ETA != nil {
		line("ETA     %s -> %s", eta(c.ETA.From), eta(c.ETA.To))
	}
}

// refresh polls, with one TrackEach call, every order whose parcel has
// not reached a final status.
func (n *notifier) refresh(ctx context.Context, client *tracking.Client) {
	n.mu.Lock()
	var (
		reqs   []tracking.Request
		orders []string // reqs[i] is orders[i]'s
	)
	for _, order := range n.orders {
		if s := n.last[order]; s == nil || !s.Status.Final() {
			reqs = append(reqs, tracking.Request{TrackingNumber: n.numbers[order]})
			orders = append(orders, order)
		}
	}
	n.mu.Unlock()

	// TrackEach yields in completion order; the answers are applied in
	// request order so that the output does not depend on timing.
	results := make([]tracking.Result, len(reqs))
	for i, r := range client.TrackEach(ctx, reqs) {
		results[i] = r
	}
	for i, r := range results {
		if r.Err != nil {
			n.mu.Lock()
			fmt.Fprintf(n.out, "%-7s %-8s failed: %v\n", orders[i], "poll", r.Err)
			n.mu.Unlock()
			continue
		}
		n.update("poll", r.Shipment)
	}
}

// summary prints each order's history as it now stands.
func (n *notifier) summary() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, order := range n.orders {
		s := n.last[order]
		if s == nil {
			fmt.Fprintf(n.out, "%-7s never tracked\n", order)
			continue
		}
		fmt.Fprintf(n.out, "%-7s %s, %d events, last: %s\n", order, s.Status, len(s.Events), s.Summary)
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "(no time)       "
	}
	return t.UTC().Format("2006-01-02 15:04") + "Z"
}

func eta(t *time.Time) string {
	if t == nil {
		return "none"
	}
	return stamp(*t)
}

func describe(e tracking.Event) string {
	if e.Location.City == "" {
		return e.Description
	}
	return e.Description + ", " + e.Location.City
}
