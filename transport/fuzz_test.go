package transport_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcelkit/tracking/transport"
)

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{
		"", "0", "5", "120", "-1", "+3", "1.5", "1e3", "99999999999999999999", "   7  ",
		"Thu, 05 Mar 2026 12:00:30 GMT", "Thursday, 05-Mar-26 12:01:00 GMT", "Thu Mar  5 12:02:00 2026",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "garbage", "\x00\xff",
	} {
		f.Add(s, int64(1772712000))
	}
	f.Fuzz(func(t *testing.T, header string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0)
		h := http.Header{}
		h.Set("Retry-After", header)
		d, ok := transport.RetryAfter(h, now)
		if !ok && d != 0 {
			t.Fatalf("%q: not ok but %s", header, d)
		}
		if d < 0 || d > 24*time.Hour {
			t.Fatalf("%q: %s outside [0, 24h]", header, d)
		}
		// Oracle for delay-seconds (RFC 9110 section 10.2.3: 1*DIGIT):
		// always valid, the number of seconds up to a day, a day beyond.
		if v := strings.Trim(header, " \t"); v != "" && strings.Trim(v, "0123456789") == "" {
			want := 24 * time.Hour
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n < 86400 {
				want = time.Duration(n) * time.Second
			}
			if !ok || d != want {
				t.Fatalf("%q: got %s, %t; want %s, true", header, d, ok, want)
			}
		}
	})
}
