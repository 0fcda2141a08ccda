package couriers

import "slices"

// Match is one courier a number may belong to.
type Match struct {
	// Courier is the canonical courier ID.
	Courier string
	// Format names the numbering scheme that matched (the Format*
	// constants), such as "ups_1z" or "upu_s10".
	Format string
	// Number is the tracking number as the courier prints it: spaces and
	// dashes removed, upper case, and for barcode forms the tracking
	// number proper (a USPS routing code "420"+ZIP, or a FedEx barcode's
	// form data, left out).
	Number string
	// Checked is true when the format has a check digit and it holds;
	// false when only the pattern matched.
	Checked bool
	// Country is the issuing country (ISO 3166 alpha-2) of a UPU S10
	// number; "" otherwise.
	Country string
}

// Failure is a format whose pattern a number matches but whose check
// digit does not hold: most often a mistyped number.
type Failure struct {
	Courier string
	Format  string
	Number  string
	Country string // as in Match
	// Strict is true when the format has a fixed prefix or letters (UPS
	// 1Z, S10, an IMpb number with its application identifier...), so the
	// failure most likely means a mistyped number; false for a bare run of
	// digits, which another courier's number can fit by chance.
	Strict bool
}

// maxLen bounds a normalized number: the longest format (DHL eCommerce)
// has 41 characters.
const maxLen = 41

// normalize copies number into buf without separators and in upper case.
// It returns false when number holds a character no format has, or is
// longer than any format, so that Detect can stop early.
func normalize(number string, buf *[maxLen]byte) ([]byte, bool) {
	n := 0
	for i := 0; i < len(number); i++ {
		c := number[i]
		switch {
		case isSeparator(c):
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case isDigit(c) || isLetter(c):
		default:
			return nil, false
		}
		if n == maxLen {
			return nil, false
		}
		buf[n] = c
		n++
	}
	return buf[:n], n > 0
}

// Detect returns every courier whose number formats match number, best
// first: a verified check digit before a bare pattern, then a more
// specific format before a generic one. number is case-insensitive and
// may contain spaces and dashes. A format whose check digit fails is
// never reported (see Failures). Detect returns nil when nothing matches;
// it does not allocate then.
func Detect(number string) []Match {
	var buf [maxLen]byte
	n, ok := normalize(number, &buf)
	if !ok {
		return nil
	}
	var out []Match
	var num string // Number, converted once per distinct span
	var numFrom, numTo int
	for i, h := nextHit(n, 0); i < len(formats); i, h = nextHit(n, i+1) {
		if h.v != checked && h.v != pattern {
			continue
		}
		if num == "" || h.from != numFrom || h.to != numTo {
			num, numFrom, numTo = string(n[h.from:h.to]), h.from, h.to
		}
		f := &formats[i]
		m := Match{Courier: f.courier, Format: f.name, Number: num, Checked: h.v == checked}
		if h.postal >= 0 {
			m.Courier, m.Country = registry[h.postal].ID, registry[h.postal].Country
		}
		out = append(out, m)
	}
	if len(out) > 1 {
		slices.SortStableFunc(out, func(a, b Match) int { return compareMatch(a, b) })
	}
	return out
}

// Failures returns the formats whose pattern number matches but whose
// check digit does not hold, in the order Detect would rank them. A
// number with matches and no failures gives nil.
func Failures(number string) []Failure {
	var buf [maxLen]byte
	n, ok := normalize(number, &buf)
	if !ok {
		return nil
	}
	var out []Failure
	for i, h := nextHit(n, 0); i < len(formats); i, h = nextHit(n, i+1) {
		if h.v != failed {
			continue
		}
		f := &formats[i]
		out = append(out, failure(f, h, n))
	}
	return out
}

// nextHit returns the first format from index i on that n fits (its
// pattern, whatever its check digit says), or len(formats).
func nextHit(n []byte, i int) (int, hit) {
	for ; i < len(formats); i++ {
		f := &formats[i]
		if f.lens&(1<<len(n)) == 0 {
			continue
		}
		if h := apply(f.match, n); h.v != noMatch {
			return i, h
		}
	}
	return i, hit{}
}

// compareMatch orders checked before unchecked, then by format rank, then
// by the order of the formats table (the sort is stable).
func compareMatch(a, b Match) int {
	if a.Checked != b.Checked {
		if a.Checked {
			return -1
		}
		return 1
	}
	return formatRank(a.Format) - formatRank(b.Format)
}

func formatRank(name string) int {
	for i := range formats {
		if formats[i].name == name {
			return formats[i].rank
		}
	}
	return 1 << 20
}

// Suggest returns the courier Detect would rank first, when that match can
// stand on its own: a verified check digit, or the only match. ok is
// false when nothing matches or several couriers match on pattern alone.
// It does not allocate.
func Suggest(number string) (courier string, ok bool) {
	var buf [maxLen]byte
	n, valid := normalize(number, &buf)
	if !valid {
		return "", false
	}
	best, bestRank, matches := "", 0, 0
	for i, h := nextHit(n, 0); i < len(formats); i, h = nextHit(n, i+1) {
		if h.v != checked && h.v != pattern {
			continue
		}
		matches++
		f := &formats[i]
		id := f.courier
		if h.postal >= 0 {
			id = registry[h.postal].ID
		}
		if h.v == checked && (best == "" || f.rank < bestRank) {
			best, bestRank = id, f.rank
		}
		if matches == 1 && h.v == pattern {
			courier = id // the only match, unless another turns up
		}
	}
	switch {
	case best != "":
		return best, true
	case matches == 1:
		return courier, true
	}
	return "", false
}

// Mistyped reports a number that matches no format but fits a strict one
// (see Failure.Strict) whose check digit fails: most likely a typo, worth
// refusing before a provider spends quota on it. It returns the first
// such failure, and allocates only then.
func Mistyped(number string) (Failure, bool) {
	var buf [maxLen]byte
	n, valid := normalize(number, &buf)
	if !valid {
		return Failure{}, false
	}
	first := -1
	var firstHit hit
	for i, h := nextHit(n, 0); i < len(formats); i, h = nextHit(n, i+1) {
		switch {
		case h.v == checked || h.v == pattern:
			return Failure{}, false
		case first < 0 && isStrict(&formats[i], h):
			first, firstHit = i, h
		}
	}
	if first < 0 {
		return Failure{}, false
	}
	return failure(&formats[first], firstHit, n), true
}

// failure describes format f's failed check on n.
func failure(f *format, h hit, n []byte) Failure {
	fl := Failure{Courier: f.courier, Format: f.name, Number: string(n[h.from:h.to]), Strict: isStrict(f, h)}
	if h.postal >= 0 {
		fl.Courier, fl.Country = registry[h.postal].ID, registry[h.postal].Country
	}
	return fl
}

// isStrict reports whether a failed check of f is evidence of a typo. The
// 20-digit IMpb and SmartPost forms lack the identifier that makes the
// others strict.
func isStrict(f *format, h hit) bool {
	return f.strict && !(h.to-h.from == 20 && (f.name == FormatUSPSIMpb || f.name == FormatFedExSmartPost))
}
