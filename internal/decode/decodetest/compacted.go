package decodetest

import (
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/parcelkit/tracking"
)

var shipmentType = reflect.TypeFor[tracking.Shipment]()

// uncompacted returns a description of the first Shipment reachable from
// v whose text is not compacted (see decode.Compact): the strings of a
// compacted shipment lie back to back in one buffer, with no gap, where a
// shipment left as decoded points into the answer's arena, between the
// values of fields no carrier maps. "" when every shipment is compacted.
func uncompacted(v any) string {
	var msg string
	eachShipment(reflect.ValueOf(v), func(s *tracking.Shipment) {
		if msg == "" {
			msg = gaps(s)
		}
	})
	return msg
}

// eachShipment calls fn with every *tracking.Shipment reachable from v
// through pointers, interfaces, structs and slices.
func eachShipment(v reflect.Value, fn func(*tracking.Shipment)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer && v.Type().Elem() == shipmentType {
			fn(v.Interface().(*tracking.Shipment))
			return
		}
		eachShipment(v.Elem(), fn)
	case reflect.Struct:
		if v.Type() == shipmentType && v.CanAddr() {
			fn(v.Addr().Interface().(*tracking.Shipment))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				eachShipment(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachShipment(v.Index(i), fn)
		}
	}
}

// gaps reports the text of s that does not lie back to back in one buffer.
func gaps(s *tracking.Shipment) string {
	type span struct{ at, n uintptr }
	var spans []span
	add := func(str string) {
		if str != "" {
			spans = append(spans, span{uintptr(unsafe.Pointer(unsafe.StringData(str))), uintptr(len(str))})
		}
	}
	for _, str := range []string{s.TrackingNumber, s.Courier, s.Summary, s.Raw.Code, s.Raw.SubCode, s.Raw.Text,
		s.SignedBy, s.TrackingURL, s.Origin, s.Destination} {
		add(str)
	}
	for _, e := range s.Events {
		for _, str := range []string{e.LocalTime, e.Code, e.Description, e.Location.City, e.Location.State,
			e.Location.PostalCode, e.Location.Country} {
			add(str)
		}
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return int(a.n - b.n)
	})
	spans = slices.Compact(spans) // one location's text shared by consecutive events
	for i := 1; i < len(spans); i++ {
		if end := spans[i-1].at + spans[i-1].n; spans[i].at != end {
			return fmt.Sprintf("shipment %q: its text is not in one buffer (decode.Compact not called, or a field set after it)", s.TrackingNumber)
		}
	}
	return ""
}
