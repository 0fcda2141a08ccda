package couriers_test

import (
	"fmt"

	"github.com/parcelkit/tracking/couriers"
)

func ExampleDetect() {
	for _, m := range couriers.Detect("1z 879e 9303 4683 4440") {
		fmt.Println(m.Courier, m.Format, m.Number, m.Checked)
	}
	// Output:
	// ups ups_1z 1Z879E930346834440 true
}

// A UPU S10 number names the postal operator of the country that issued
// it.
func ExampleDetect_s10() {
	m := couriers.Detect("RB 123 456 785 GB")[0]
	c, _ := couriers.Lookup(m.Courier)
	fmt.Println(m.Courier, m.Country, m.Checked, c.Name)
	// Output:
	// royal_mail GB true Royal Mail
}

// USPS's barcode carries a routing code ("420" and the ZIP) before the
// tracking number; Number leaves it out. Two schemes can share a number:
// FedEx SmartPost parcels carry USPS IMpb numbers.
func ExampleDetect_usps() {
	for _, m := range couriers.Detect("420 10282 0000 9261 2901 1318 5417 4685 10") {
		fmt.Println(m.Courier, m.Format, m.Number, m.Checked)
	}
	// Output:
	// usps usps_impb 9261290113185417468510 true
}

// A number whose check digit fails matches nothing; Failures says which
// check failed, which is what a user who mistyped a digit needs to hear.
func ExampleFailures() {
	fmt.Println(len(couriers.Detect("1Z879E930346834441")))
	for _, f := range couriers.Failures("1Z879E930346834441") {
		fmt.Println(f.Courier, f.Format)
	}
	// Output:
	// 0
	// ups ups_1z
}

func ExampleCourier_TrackingURL() {
	c, _ := couriers.Lookup(couriers.Yodel)
	fmt.Println(c.TrackingURL("JD0002242617644732"))
	// Output:
	// https://www.yodel.co.uk/tracking/JD0002242617644732
}

func ExamplePostal() {
	c, _ := couriers.Postal("NL")
	fmt.Println(c.ID, c.Name)
	// Output:
	// postnl PostNL
}
