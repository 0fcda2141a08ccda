package couriers

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzDetect checks Detect and Failures on any input. Oracle: they never
// panic; every Checked match re-verifies with the independent check-digit
// code below (written apart from checkdigit.go, from the same public
// definitions); Number is upper case, has no separator, and is part of the
// normalized input; the courier is in the registry and Country is set for
// S10 numbers only; no format is both a match and a failure; the order is
// checked first; no format matches a length its mask leaves out; and
// Suggest and Mistyped agree with Detect and Failures.
func FuzzDetect(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.number)
	}
	for _, tc := range invalidCases {
		f.Add(tc.number)
	}
	f.Add("")
	f.Add("1z 879e9303-4683-4440")
	f.Fuzz(func(t *testing.T, s string) {
		ms := Detect(s)
		fs := Failures(s)
		norm := Normalize(s)
		failed := map[string]bool{}
		for _, fl := range fs {
			failed[fl.Format] = true
			if reverify(t, fl.Format, fl.Number) {
				t.Errorf("Failures(%q) lists %s, but %q passes its check", s, fl.Format, fl.Number)
			}
		}
		for i, m := range ms {
			if m.Number == "" || m.Number != strings.ToUpper(m.Number) || strings.ContainsAny(m.Number, " -\t\r\n") || !strings.Contains(norm, m.Number) {
				t.Errorf("Detect(%q): bad Number %q", s, m.Number)
			}
			if _, ok := Lookup(m.Courier); !ok {
				t.Errorf("Detect(%q): unknown courier %q", s, m.Courier)
			}
			if (m.Format == FormatS10) != (m.Country != "") {
				t.Errorf("Detect(%q): format %s with country %q", s, m.Format, m.Country)
			}
			if m.Checked && !reverify(t, m.Format, m.Number) {
				t.Errorf("Detect(%q): %s reported Checked, but %q fails the independent check", s, m.Format, m.Number)
			}
			if failed[m.Format] {
				t.Errorf("Detect(%q): %s is both a match and a failure", s, m.Format)
			}
			if i > 0 && !ms[i-1].Checked && m.Checked {
				t.Errorf("Detect(%q): unchecked %s before checked %s", s, ms[i-1].Format, m.Format)
			}
		}
		if got, ok := Suggest(s); ok != (len(ms) > 0 && (ms[0].Checked || len(ms) == 1)) || (ok && got != ms[0].Courier) {
			t.Errorf("Suggest(%q) = %q, %v; Detect = %+v", s, got, ok, ms)
		}
		if f, ok := Mistyped(s); ok && (len(ms) > 0 || !f.Strict || !failed[f.Format]) {
			t.Errorf("Mistyped(%q) = %+v, with matches %+v", s, f, ms)
		}
		var buf [maxLen]byte
		if n, ok := normalize(s, &buf); ok {
			for _, f := range formats {
				if apply(f.match, n).v != noMatch && f.lens&(1<<len(n)) == 0 {
					t.Errorf("%s matches %q but its length mask leaves %d out", f.name, s, len(n))
				}
			}
		}
	})
}

// reverify recomputes the check of a format over a reported Number, with
// code independent of checkdigit.go. It fails the test for a format that
// has no check digit (such a match must never say Checked).
func reverify(t *testing.T, format, n string) bool {
	t.Helper()
	last := int(n[len(n)-1] - '0')
	switch format {
	case FormatUPS1Z:
		return refUPS(n[2:17], 0) == last
	case FormatOnTracC:
		return refUPS("4"+n[1:14], 0) == last
	case FormatOnTracD:
		return refUPS("5"+n[1:14], 0) == last
	case FormatS10:
		return refS10(n[2:10]) == int(n[10]-'0')
	case FormatDPD:
		return refMod37x36(n[:27]) == n[27]
	case FormatUSPSIMpb:
		if len(n) == 20 {
			return refGS1("91"+n[:19]) == last
		}
		return refGS1(n[:len(n)-1]) == last
	case FormatFedExSmartPost:
		if len(n) == 20 {
			return refGS1("92"+n[:19]) == last
		}
		return refGS1(n[:len(n)-1]) == last
	case FormatUSPS20, FormatFedEx15, FormatSSCC18, FormatCanadaPost16, FormatFedExGround96:
		return refGS1(n[:len(n)-1]) == last
	case FormatFedEx12, FormatFedEx34, FormatFedEx32:
		return refFedEx(n[:len(n)-1]) == last
	case FormatFedExGSN:
		return refFedEx(n[20:33]) == last
	case FormatPurolator12, FormatOldDominion:
		return refLuhnDigit(n[:len(n)-1]) == last
	case FormatDHLExpress:
		v, err := strconv.ParseUint(n[:len(n)-1], 10, 64)
		return err == nil && int(v%7) == last
	}
	t.Fatalf("format %s has no check digit, yet a match says Checked or a failure names it", format)
	return false
}

// refGS1: weights from the left, 3 on the positions with the same parity
// as the last data digit; the check digit rounds up to a multiple of 10.
func refGS1(data string) int {
	sum := 0
	for i := 0; i < len(data); i++ {
		w := 1
		if (len(data)-i)%2 == 1 {
			w = 3
		}
		sum += int(data[i]-'0') * w
	}
	return (sum+9)/10*10 - sum
}

// refUPS: letters A=2 ... H=9, I=0 ... by their offset from 'A'; odd and
// even positions summed apart, the even ones (counting from 1) doubled.
func refUPS(data string, _ int) int {
	odd, even := 0, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		v := int(c - '0')
		if c >= 'A' {
			v = (int(c-'A') + 2) % 10
		}
		if i%2 == 0 {
			odd += v
		} else {
			even += v
		}
	}
	return (10 - (odd+2*even)%10) % 10
}

// refFedEx: weights 1 3 7 from the right, read from the left.
func refFedEx(data string) int {
	sum := 0
	for i := 0; i < len(data); i++ {
		w := [3]int{1, 3, 7}[(len(data)-1-i)%3]
		sum += int(data[i]-'0') * w
	}
	return sum % 11 % 10
}

func refS10(serial string) int {
	sum := 0
	for i, w := range []int{8, 6, 4, 2, 3, 5, 9, 7} {
		sum += int(serial[i]-'0') * w
	}
	return map[int]int{0: 5, 1: 0}[sum%11] + map[bool]int{true: 11 - sum%11}[sum%11 > 1]
}

// refLuhnDigit computes the Luhn check digit to append to data.
func refLuhnDigit(data string) int {
	sum := 0
	for i := 0; i < len(data); i++ {
		v := int(data[len(data)-1-i] - '0')
		if i%2 == 0 {
			v = v*2/10 + v*2%10
		}
		sum += v
	}
	return (10 - sum%10) % 10
}

// refMod37x36 is ISO/IEC 7064 MOD 37,36 as DPD's label specification
// spells it out step by step.
func refMod37x36(data string) byte {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	cd := 36
	for i := 0; i < len(data); i++ {
		cd += strings.IndexByte(alphabet, data[i])
		if cd > 36 {
			cd -= 36
		}
		cd *= 2
		if cd > 36 {
			cd -= 37
		}
	}
	cd = 37 - cd
	if cd == 36 {
		cd = 0
	}
	return alphabet[cd]
}
