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

// LeftByCompact are the string fields, by path, that decode.Compact
// leaves as they are: carriers set them from constants.
var LeftByCompact = map[string]bool{"Carrier": true, "Status": true, "Events.Status": true}

// EachString calls fn with every string field of s and of its events,
// found by reflection (so a field added to the model is included), and
// its path ("Events.Location.City").
func EachString(s *tracking.Shipment, fn func(path string, p *string)) {
	eachString(reflect.ValueOf(s), "", fn)
}

func eachString(v reflect.Value, path string, fn func(path string, p *string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().Kind() == reflect.Struct {
			eachString(v.Elem(), path, fn)
		}
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return
		}
		for i := range v.NumField() {
			p := v.Type().Field(i).Name
			if path != "" {
				p = path + "." + p
			}
			eachString(v.Field(i), p, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachString(v.Index(i), path, fn)
		}
	case reflect.String:
		fn(path, (*string)(v.Addr().UnsafePointer()))
	}
}

// gaps reports the text of s that does not lie back to back in one buffer.
func gaps(s *tracking.Shipment) string {
	type span struct{ at, n uintptr }
	var spans []span
	EachString(s, func(path string, p *string) {
		if *p != "" && !LeftByCompact[path] {
			spans = append(spans, span{uintptr(unsafe.Pointer(unsafe.StringData(*p))), uintptr(len(*p))})
		}
	})
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
