package tracktry

import "strings"

// countryCodes maps the English country names Tracktry puts in
// original_country and destination_country ("China", "United States") to
// ISO 3166 alpha-2. Keys are lower case.
var countryCodes = map[string]string{
	"argentina": "AR", "australia": "AU", "austria": "AT", "bangladesh": "BD",
	"belgium": "BE", "brazil": "BR", "bulgaria": "BG", "cambodia": "KH",
	"canada": "CA", "chile": "CL", "china": "CN", "colombia": "CO",
	"croatia": "HR", "cyprus": "CY", "czech republic": "CZ", "czechia": "CZ",
	"denmark": "DK", "egypt": "EG", "estonia": "EE", "finland": "FI",
	"france": "FR", "germany": "DE", "greece": "GR", "hong kong": "HK",
	"hong kong sar": "HK", "hungary": "HU", "iceland": "IS", "india": "IN",
	"indonesia": "ID", "ireland": "IE", "israel": "IL", "italy": "IT",
	"japan": "JP", "kazakhstan": "KZ", "kenya": "KE", "korea": "KR",
	"south korea": "KR", "republic of korea": "KR", "latvia": "LV",
	"lithuania": "LT", "luxembourg": "LU", "macau": "MO", "macao": "MO",
	"malaysia": "MY", "malta": "MT", "mexico": "MX", "morocco": "MA",
	"netherlands": "NL", "the netherlands": "NL", "new zealand": "NZ",
	"nigeria": "NG", "norway": "NO", "pakistan": "PK", "peru": "PE",
	"philippines": "PH", "poland": "PL", "portugal": "PT", "romania": "RO",
	"russia": "RU", "russian federation": "RU", "saudi arabia": "SA",
	"serbia": "RS", "singapore": "SG", "slovakia": "SK", "slovenia": "SI",
	"south africa": "ZA", "spain": "ES", "sri lanka": "LK", "sweden": "SE",
	"switzerland": "CH", "taiwan": "TW", "thailand": "TH", "turkey": "TR",
	"türkiye": "TR", "ukraine": "UA", "united arab emirates": "AE",
	"united kingdom": "GB", "great britain": "GB", "uk": "GB",
	"united states": "US", "united states of america": "US", "usa": "US",
	"vietnam": "VN", "viet nam": "VN",
}

// countryCode returns the ISO 3166 alpha-2 code of a Tracktry country
// value: a two-letter code as given, or a known English name. Anything else
// gives "" rather than a value that is not a code.
func countryCode(v string) string {
	v = strings.TrimSpace(v)
	if code, ok := countryCodes[strings.ToLower(strings.Join(strings.Fields(v), " "))]; ok {
		return code
	}
	if len(v) == 2 && isLetters(v) {
		return strings.ToUpper(v)
	}
	return ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
