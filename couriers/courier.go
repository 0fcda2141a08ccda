package couriers

import (
	"net/url"
	"slices"
	"strings"
)

// Courier is a company that moves parcels.
type Courier struct {
	// ID is the canonical ID, lower snake case, stable across releases.
	ID string
	// Name is the display name, such as "Royal Mail".
	Name string
	// Country is set for a national postal operator: the ISO 3166 alpha-2
	// code of the country whose UPU S10 numbers it issues.
	Country string
	// URLTemplate is the courier's public tracking page with "{number}"
	// where the number goes; "" when no public page takes the number in
	// its address.
	URLTemplate string
}

// placeholder marks where TrackingURL puts the number.
const placeholder = "{number}"

// TrackingURL returns the courier's public tracking page for number (with
// spaces and dashes removed and upper-cased, then escaped for the part of
// the address it lands in), or "" when the courier has no such page.
func (c Courier) TrackingURL(number string) string {
	i := strings.Index(c.URLTemplate, placeholder)
	if i < 0 || c.URLTemplate == "" {
		return ""
	}
	n := Normalize(number)
	if strings.ContainsAny(c.URLTemplate[:i], "?#") {
		n = url.QueryEscape(n)
	} else {
		n = url.PathEscape(n)
	}
	return c.URLTemplate[:i] + n + c.URLTemplate[i+len(placeholder):]
}

// Normalize returns number as couriers print it: spaces, tabs and dashes
// removed, letters upper-cased. Other characters are kept.
func Normalize(number string) string {
	var b strings.Builder
	b.Grow(len(number))
	for i := 0; i < len(number); i++ {
		c := number[i]
		switch {
		case isSeparator(c):
		case 'a' <= c && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isSeparator(c byte) bool {
	return c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r'
}

// registry holds every courier, sorted by ID; byID and byCountry index it.
var (
	registry  = buildRegistry()
	byID      = indexByID(registry)
	byCountry = indexByCountry(registry)
)

func buildRegistry() []Courier {
	all := make([]Courier, 0, len(private)+len(postal))
	all = append(all, private...)
	for _, p := range postal {
		if i := slices.IndexFunc(all, func(c Courier) bool { return c.ID == p.ID }); i >= 0 {
			// A private entry (usps, royal_mail...) is also its country's
			// postal operator.
			all[i].Country = p.Country
			continue
		}
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b Courier) int { return strings.Compare(a.ID, b.ID) })
	return all
}

func indexByID(all []Courier) map[string]int {
	m := make(map[string]int, len(all))
	for i, c := range all {
		m[c.ID] = i
	}
	return m
}

// indexByCountry maps a two-letter code (index (a-'A')*26+(b-'A')) to a
// registry index plus one, so that detection looks countries up without
// hashing or allocating.
func indexByCountry(all []Courier) *[26 * 26]uint16 {
	var t [26 * 26]uint16
	for i, c := range all {
		if len(c.Country) == 2 {
			t[countryIndex(c.Country[0], c.Country[1])] = uint16(i + 1)
		}
	}
	return &t
}

func countryIndex(a, b byte) int { return int(a-'A')*26 + int(b-'A') }

// postalIndex returns the registry index of the postal operator of the
// country with upper-case letters a and b, or -1.
func postalIndex(a, b byte) int {
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return -1
	}
	return int(byCountry[countryIndex(a, b)]) - 1
}

// Lookup returns the courier with canonical ID id.
func Lookup(id string) (Courier, bool) {
	i, ok := byID[id]
	if !ok {
		return Courier{}, false
	}
	return registry[i], true
}

// Postal returns the national postal operator of country (ISO 3166
// alpha-2, any case): the courier that issues its UPU S10 numbers.
func Postal(country string) (Courier, bool) {
	if len(country) != 2 {
		return Courier{}, false
	}
	i := postalIndex(upper(country[0]), upper(country[1]))
	if i < 0 {
		return Courier{}, false
	}
	return registry[i], true
}

// All returns every courier, sorted by ID. The caller may modify the
// returned slice.
func All() []Courier { return slices.Clone(registry) }

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
