package decode

import (
	"sync/atomic"
	"unsafe"
)

// source is the body a JSON call is decoding and a string copy of it.
// String takes the values it reads from the body out of the copy: one
// allocation for the whole answer instead of one per field (issue 15;
// about 50 per ShipEngine answer). The decoders hand String the literal
// where it lies in the body (encoding/json v1 slices its input, v2
// reads a []byte input in place), so where it lies tells which part of
// the copy holds it.
type source struct {
	body []byte
	// text is the first byte of the copy, made by the first value read
	// from body: a decode whose values all lie elsewhere (a map of
	// json.RawMessage, which copies them) makes none. Set once, with a
	// compare-and-swap: another goroutine decoding the same bytes may
	// read values from them too.
	text atomic.Pointer[byte]
}

// maxShared bounds the bodies whose text is shared. A value taken from
// the copy keeps all of it alive as long as the Shipment holding it
// lives: a few kilobytes for an answer of a few kilobytes, where the
// values alone took about half, is a fair price for the allocations;
// a large answer's values are copied one by one, as before.
const maxShared = 64 << 10

// current is the source of a decode in progress. One slot rather than a
// table: a concurrent decode that finds the slot taken by another body
// still decodes correctly, its values copied one by one.
var current atomic.Pointer[source]

// borrow makes body the current source, when it is small enough to be
// shared. release gives the slot back.
func borrow(body []byte) *source {
	if len(body) == 0 || len(body) > maxShared {
		return nil
	}
	src := &source{body: body}
	current.Store(src)
	return src
}

// release empties the slot if src still holds it.
func (src *source) release() {
	if src != nil {
		current.CompareAndSwap(src, nil)
	}
}

// text returns b as a string: part of the current source's copy when b
// lies within its body, a new string otherwise. Pointers into the body
// are only compared; the string returned is the copy's.
func text(b []byte) string {
	src := current.Load()
	if src == nil || len(b) == 0 {
		return string(b)
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(src.body)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	size, n := uintptr(len(src.body)), uintptr(len(b))
	if p < base || p-base > size || n > size-(p-base) {
		return string(b)
	}
	off := int(p - base)
	return src.copied()[off : off+len(b)]
}

// copied returns the copy of the body, making it if no value has yet.
func (src *source) copied() string {
	if p := src.text.Load(); p != nil {
		return unsafe.String(p, len(src.body))
	}
	c := string(src.body)
	if !src.text.CompareAndSwap(nil, unsafe.StringData(c)) {
		return unsafe.String(src.text.Load(), len(src.body))
	}
	return c
}
