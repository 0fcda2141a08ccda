package decode

import (
	"strings"
	"testing"
)

func TestAppendKey(t *testing.T) {
	for _, c := range []struct {
		in    string
		upper bool
		sep   byte
		want  string
		ok    bool
	}{
		{"  On   BOARD\tfor Delivery ", false, ' ', "on board for delivery", true},
		{"waiting delivery 02", true, '_', "WAITING_DELIVERY_02", true},
		{"not found001", false, 0, "notfound001", true},
		{"", false, ' ', "", true},
		{"Zugestellt – Nachbar", false, ' ', "", false},
	} {
		got, ok := AppendKey(nil, c.in, c.upper, c.sep)
		if string(got) != c.want || ok != c.ok {
			t.Errorf("AppendKey(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	var buf [32]byte
	if n := testing.AllocsPerRun(100, func() { _, _ = AppendKey(buf[:0], " In Transit ", false, ' ') }); n != 0 {
		t.Errorf("AppendKey allocates %v times into a large enough buffer", n)
	}
}

func FuzzAppendKey(f *testing.F) {
	f.Add(" a  B\tc ", true)
	f.Add("é x", false)
	f.Fuzz(func(t *testing.T, s string, upper bool) {
		got, ok := AppendKey(nil, s, upper, ' ')
		if !ok {
			return
		}
		want := strings.Join(strings.Fields(s), " ")
		if upper {
			want = strings.ToUpper(want)
		} else {
			want = strings.ToLower(want)
		}
		if string(got) != want {
			t.Fatalf("AppendKey(%q) = %q, want %q", s, got, want)
		}
	})
}
