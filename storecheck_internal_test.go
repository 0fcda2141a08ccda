package tracking

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"shipengine", "shipengine", 0},
		{"shipengin", "shipengine", 1}, {"shpiengine", "shipengine", 2}, {"kitten", "sitting", 3},
		{"track123", "trackship", 4}, {"abc", "xyz", 3},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	ids := []string{"auspost", "shipengine", "track123", "trackship", "tracktry"}
	for _, tt := range []struct{ id, want string }{
		{"shipengin", "shipengine"}, // 1 edit of 9 letters
		{"shpiengin", "shipengine"}, // 3 edits: a third of 9
		{"shpiegin", ""},            // 3 edits of 8: too far
		{"TRACKTRY", "tracktry"},    // case is ignored
		{"track12", "track123"},     // the closest of three
		{"trackshi", "trackship"},   // not trackship's neighbour track123
		{"ab", ""},                  // short IDs allow one edit
		{"a", "" /* every ID is far */},
		{"auspots", "auspost"}, // a swap is two edits, within 7/3
	} {
		if got := nearest(tt.id, ids); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	if got := nearest("ab", []string{"aa", "bb"}); got != "aa" {
		t.Errorf(`nearest("ab", [aa bb]) = %q: a tie goes to the first (sorted) ID`, got)
	}
	if got := nearest("b", []string{"a"}); got != "a" {
		t.Errorf(`nearest("b", [a]) = %q: one edit is always near`, got)
	}
}
