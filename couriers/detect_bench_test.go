package couriers

import "testing"

var benchSink []Match

// BenchmarkDetect measures Detect on numbers that match nothing (the
// number a user mistyped, or a courier Detect does not know), and on a few
// that match. The goal: under 2 µs and no allocation for a number
// that matches nothing.
func BenchmarkDetect(b *testing.B) {
	for _, bc := range []struct{ name, number string }{
		{"nomatch/digits22", "9361 2898 7870 0317 6337 96"}, // an IMpb number with a wrong check digit
		{"nomatch/alnum13", "XQ123456789ZZ"},
		{"nomatch/digits12", "123456789013"},
		{"nomatch/letters", "ORDER-7781-B"},
		{"match/ups", "1Z879E930346834440"},
		{"match/s10", "RB123456785GB"},
		{"match/usps34", "4201028200009261290113185417468510"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSink = Detect(bc.number)
			}
		})
	}
}
