package decode

import (
	"sync/atomic"
	"unsafe"
)

// source is the body a JSON call is decoding and the arena its string
// values are copied into. String takes each value it reads from the body
// out of the arena: one allocation per chunk of values instead of one
// per field (issue 15; about 50 per ShipEngine answer), and a decoded
// Shipment keeps alive only the text of its values, not the body (issue
// 13: TrackMany holds thousands of results). The decoders hand String the
// literal where it lies in the body (encoding/json v1 slices its input,
// v2 reads a []byte input in place), so where it lies tells which
// decode it belongs to.
type source struct {
	body []byte
	// busy guards the arena: another goroutine decoding the same bytes
	// reads values from them too, and copies its own when it finds the
	// arena taken.
	busy atomic.Bool
	// chunk is the arena's current chunk: values are appended, and a
	// string handed out is never written again. size is the size of the
	// next chunk.
	chunk []byte
	size  int
}

// Chunk sizes. The first chunk is a fraction of the body: the values a
// carrier reads are usually a sixth to a third of its answer (field names,
// punctuation and the fields no carrier maps make the rest), so a quarter
// fits most single answers in one chunk. Chunks are capped so that a
// batch answer's results share chunks with only a few neighbours, and
// the unused end of the last chunk stays small.
const (
	minChunk = 256
	maxChunk = 4 << 10
)

// current is the source of a decode in progress. One slot rather than a
// table: a concurrent decode that finds the slot taken by another body
// still decodes correctly, its values copied one by one.
var current atomic.Pointer[source]

// borrow makes body the current source. release gives the slot back.
func borrow(body []byte) *source {
	if len(body) == 0 {
		return nil
	}
	src := &source{body: body, size: min(max(len(body)/4, minChunk), maxChunk)}
	current.Store(src)
	return src
}

// release empties the slot if src still holds it.
func (src *source) release() {
	if src != nil {
		current.CompareAndSwap(src, nil)
	}
}

// text returns b as a string: copied into the current source's arena
// when b lies within its body, a new string otherwise. Pointers into the
// body are only compared.
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
	if !src.busy.CompareAndSwap(false, true) {
		return string(b)
	}
	s := src.take(b)
	src.busy.Store(false)
	return s
}

// take copies b into the arena. A value longer than half a chunk gets
// an allocation of its own, so that it neither wastes the current
// chunk's room nor makes a chunk that large.
func (src *source) take(b []byte) string {
	if len(b) > cap(src.chunk)-len(src.chunk) {
		if 2*len(b) > src.size {
			return string(b)
		}
		src.chunk = make([]byte, 0, src.size)
		src.size = min(2*src.size, maxChunk)
	}
	at := len(src.chunk)
	src.chunk = append(src.chunk, b...)
	return unsafe.String(&src.chunk[at], len(b))
}
