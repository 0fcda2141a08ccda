package tracktry

import (
	"testing"
)

// TestCourierCodesRoundTrip checks the whole table: every canonical ID
// goes out as one carrier code and comes back as itself.
func TestCourierCodesRoundTrip(t *testing.T) {
	if err := courierCodes.Check(); err != nil {
		t.Fatal(err)
	}
	for _, id := range courierCodes.Couriers() {
		code := courierCodes.Code(id)
		if back := courierCodes.Courier(code); back != id {
			t.Errorf("%s -> %s -> %s", id, code, back)
		}
		if courierCode(id) != code {
			t.Errorf("courierCode(%s) = %s; want %s", id, courierCode(id), code)
		}
	}
	if got := courierCodes.Courier("china-ems"); got != "china_post" {
		t.Errorf("china-ems reads back as %q", got)
	}
}
