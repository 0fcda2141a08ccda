package tracking

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parcelkit/tracking/credentials"
)

// checkStoreCarriers refuses a store holding credentials for a carrier the
// client does not register: such a credential can never be used, and the
// usual cause is a misspelt carrier ID ("shipengin") that would otherwise
// surface as ErrNoCredential on the first request. Only stores that can
// list their carriers (credentials.CarrierIDLister) are checked.
func checkStoreCarriers(store credentials.Store, registered []string) error {
	l, ok := store.(credentials.CarrierIDLister)
	if !ok {
		return nil
	}
	var problems []string
	for _, id := range l.CarrierIDs() {
		if slices.Contains(registered, id) {
			continue
		}
		p := fmt.Sprintf("%q", id)
		if near := nearest(id, registered); near != "" {
			p += fmt.Sprintf(" (did you mean %q?)", near)
		}
		problems = append(problems, p)
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("tracking: the credential store holds credentials for carrier %s, which the client does not register (registered: %s); correct the credentials' carrier ID, or register the carrier with tracking.WithCarrier: %w",
		strings.Join(problems, ", "), strings.Join(registered, ", "), ErrUnknownCarrier)
}

// nearest returns the ID in ids closest to id when it is close enough to
// be a typo of it (an edit distance of at most a third of its length, at
// least 1, ignoring case), or "".
func nearest(id string, ids []string) string {
	best, bestDist := "", max(1, len(id)/3)+1
	for _, cand := range ids {
		if d := editDistance(strings.ToLower(id), strings.ToLower(cand)); d < bestDist {
			best, bestDist = cand, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
