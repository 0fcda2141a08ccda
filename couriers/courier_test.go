package couriers

import (
	"net/url"
	"strings"
	"testing"
)

func TestRegistryIDs(t *testing.T) {
	all := All()
	seen := map[string]bool{}
	countries := map[string]string{}
	for i, c := range all {
		if !isSnake(c.ID) {
			t.Errorf("ID %q is not lower snake case", c.ID)
		}
		if seen[c.ID] {
			t.Errorf("ID %q appears twice", c.ID)
		}
		seen[c.ID] = true
		if c.Name == "" {
			t.Errorf("%s has no display name", c.ID)
		}
		if i > 0 && all[i-1].ID >= c.ID {
			t.Errorf("All() not sorted: %q before %q", all[i-1].ID, c.ID)
		}
		if c.Country != "" {
			if len(c.Country) != 2 || !isLetter(c.Country[0]) || !isLetter(c.Country[1]) {
				t.Errorf("%s: country %q is not ISO 3166 alpha-2", c.ID, c.Country)
			}
			if other, dup := countries[c.Country]; dup {
				t.Errorf("country %s has two operators: %s and %s", c.Country, other, c.ID)
			}
			countries[c.Country] = c.ID
		}
		if c.URLTemplate != "" {
			if strings.Count(c.URLTemplate, placeholder) != 1 || !strings.HasPrefix(c.URLTemplate, "https://") {
				t.Errorf("%s: template %q needs https and one %s", c.ID, c.URLTemplate, placeholder)
			}
		}
	}
	for _, id := range []string{UPS, FedEx, USPS, DHL, DHLECommerce, Amazon, CanadaPost, Canpar, DPD, GOFO, LandmarkGlobal,
		LaserShip, OldDominion, OnTrac, Purolator, SpeeDee, Yodel, YunExpress, AusPost, StarTrack, RoyalMail,
		"postnl", "deutsche_post", "la_poste", "china_post", "japan_post"} {
		if !seen[id] {
			t.Errorf("registry lacks %q", id)
		}
	}
	for country, id := range map[string]string{"US": USPS, "GB": RoyalMail, "AU": AusPost, "CA": CanadaPost, "NL": "postnl", "DE": "deutsche_post", "FR": "la_poste", "CN": "china_post", "JP": "japan_post", "HK": "hongkong_post"} {
		c, ok := Postal(strings.ToLower(country))
		if !ok || c.ID != id || c.Country != country {
			t.Errorf("Postal(%s) = %+v, %v; want %s", country, c, ok, id)
		}
	}
	if len(countries) < 200 {
		t.Errorf("%d postal operators; want every country with a designated operator (200+)", len(countries))
	}
}

func isSnake(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z') && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

func TestLookupAndPostal(t *testing.T) {
	c, ok := Lookup("royal_mail")
	if !ok || c.Name != "Royal Mail" || c.Country != "GB" {
		t.Errorf("Lookup(royal_mail) = %+v, %v", c, ok)
	}
	for _, id := range []string{"", "Royal_Mail", "ROYAL_MAIL", "stamps_com", "nope"} {
		if _, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) found a courier; canonical IDs are exact", id)
		}
	}
	for _, cc := range []string{"", "X", "XX", "USA", "1A", "A1", "é"} {
		if c, ok := Postal(cc); ok {
			t.Errorf("Postal(%q) = %+v; want none", cc, c)
		}
	}
	a := All()
	a[0].ID = "changed"
	if All()[0].ID == "changed" {
		t.Error("All returns the registry itself; callers could corrupt it")
	}
}

func TestTrackingURL(t *testing.T) {
	ups, _ := Lookup(UPS)
	if got, want := ups.TrackingURL("1z 879e9303 4683 4440"), "https://www.ups.com/track?tracknum=1Z879E930346834440"; got != want {
		t.Errorf("TrackingURL = %q; want %q", got, want)
	}
	yodel, _ := Lookup(Yodel)
	if got, want := yodel.TrackingURL("JD0002242617644732"), "https://www.yodel.co.uk/tracking/JD0002242617644732"; got != want {
		t.Errorf("TrackingURL = %q; want %q", got, want)
	}
	// A hostile number stays in its place: escaped, never a new path
	// segment, query parameter, fragment or host.
	const hostile = "../x?y=1&z#w/@evil"
	u, err := url.Parse(ups.TrackingURL(hostile))
	if err != nil || u.Host != "www.ups.com" || u.Path != "/track" || len(u.Query()) != 1 || u.Query().Get("tracknum") != Normalize(hostile) || u.Fragment != "" {
		t.Errorf("UPS URL for a hostile number = %v (%v)", u, err)
	}
	u, err = url.Parse(yodel.TrackingURL(hostile))
	if err != nil || u.Host != "www.yodel.co.uk" || strings.Count(u.EscapedPath(), "/") != 2 || u.RawQuery != "" || u.Fragment != "" || u.Path != "/tracking/"+Normalize(hostile) {
		t.Errorf("Yodel URL for a hostile number = %v (%v)", u, err)
	}
	gls, _ := Lookup("gls")
	if got := gls.TrackingURL("123"); got != "" {
		t.Errorf("a courier without a tracking page gave %q", got)
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize(" 1z-879e 9303\t4683\n4440 "); got != "1Z879E930346834440" {
		t.Errorf("Normalize = %q", got)
	}
}
