package couriers

import (
	"strings"
	"testing"
)

func TestCodes(t *testing.T) {
	c := NewCodes("example", map[string]string{USPS: "stamps_com", UPS: "ups", RoyalMail: "Royal-Mail"}, map[string]string{"endicia": USPS})
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{USPS: "stamps_com", UPS: "ups", RoyalMail: "Royal-Mail", "some-native-code": "some-native-code", "": "", "yodel": "yodel"} {
		if got := c.Code(in); got != want {
			t.Errorf("Code(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"stamps_com": USPS, "ENDICIA": USPS, "royal-mail": RoyalMail, "Royal-Mail": RoyalMail, "unknown": "unknown", "": ""} {
		if got := c.Courier(in); got != want {
			t.Errorf("Courier(%q) = %q; want %q", in, got, want)
		}
	}
	if !c.Serves(USPS) || c.Serves("stamps_com") || c.Serves(Yodel) {
		t.Error("Serves answers for provider codes or unknown couriers")
	}
	if got := strings.Join(c.Couriers(), ","); got != "royal_mail,ups,usps" {
		t.Errorf("Couriers() = %s", got)
	}
}

func TestCodesCheckFails(t *testing.T) {
	for name, c := range map[string]*Codes{
		"unknown id":         NewCodes("p", map[string]string{"no_such_courier": "x"}, nil),
		"shared code":        NewCodes("p", map[string]string{UPS: "x", USPS: "X"}, nil),
		"empty code":         NewCodes("p", map[string]string{UPS: ""}, nil),
		"stray alias":        NewCodes("p", map[string]string{UPS: "ups"}, map[string]string{"y": Yodel}),
		"code is another ID": NewCodes("p", map[string]string{UPS: "fedex"}, nil),
		"alias clobbers":     NewCodes("p", map[string]string{UPS: "ups", USPS: "usps"}, map[string]string{"ups": USPS}),
	} {
		if err := c.Check(); err == nil {
			t.Errorf("%s: Check passed", name)
		}
	}
}
