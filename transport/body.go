package transport

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// MaxBody bounds how much of a successful (2xx) body the transport and Do
// read.
const MaxBody = 32 << 20

// MaxErrorBody bounds how much of any other answer (a 429, a 5xx, a 4xx)
// the transport and Do read: enough for a classifier and an ErrorDecoder
// to read the provider's error, and no more, since such an answer may be
// retried several times in one call. The rest is never read: the body is
// closed, and with it the connection. So the bytes one call reads, over
// all its attempts, stay within its successful body plus MaxErrorBody per
// failed attempt, however long the failed answers are.
const MaxErrorBody = 64 << 10

// bodyLimit is how much of resp's body is worth reading: one byte past
// MaxBody for a success, so that Do still sees an oversized answer, and
// MaxErrorBody for anything else.
func bodyLimit(resp *http.Response) int64 {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return MaxBody + 1
	}
	return MaxErrorBody
}

// peekBody reads the body (as far as bodyLimit says), closes it and puts
// an equivalent reader back, which ends with the read error if there was
// one.
func peekBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	if p, ok := resp.Body.(*peekedBody); ok { // already read on an earlier look
		return p.data[:min(len(p.data), MaxBody)], p.err
	}
	body, err := readAll(resp.Body, resp.ContentLength, bodyLimit(resp))
	_ = resp.Body.Close()
	p := &peekedBody{data: body, err: err}
	p.Reset(body)
	resp.Body = p
	return body[:min(len(body), MaxBody)], err
}

// peekedBody is a body the transport has read whole: Do takes its bytes
// instead of copying them again, and a read error is replayed at the end.
type peekedBody struct {
	bytes.Reader        // in the same allocation
	data         []byte // up to bodyLimit bytes, so that Do still sees an oversize body
	err          error
}

func (p *peekedBody) Read(b []byte) (int, error) {
	n, err := p.Reader.Read(b)
	if err == io.EOF && p.err != nil {
		err = p.err
	}
	return n, err
}

// Close implements io.Closer; the connection was released when the body
// was read.
func (p *peekedBody) Close() error { return nil }

// readBody returns the body of resp as far as bodyLimit says, reusing a
// peek.
func readBody(resp *http.Response) ([]byte, error) {
	if p, ok := resp.Body.(*peekedBody); ok && p.Len() == len(p.data) {
		return p.data, p.err
	}
	return readAll(resp.Body, resp.ContentLength, bodyLimit(resp))
}

// unknownSize is the scratch buffer a body of unknown length is read
// into: most tracking answers fit, where io.ReadAll would start at 512
// bytes and copy the body four or five times as it grows.
const unknownSize = 8 << 10

// scratch holds the buffers bodies of unknown length are read into. A
// body that fits is then copied out at its own size: a 5 KiB answer costs
// 5 KiB of garbage, not the 8 KiB buffer, and the GC runs that much less.
var scratch = sync.Pool{New: func() any { b := make([]byte, unknownSize); return &b }}

// readAll reads r whole, up to limit bytes, into a buffer sized by size
// (the Content-Length; -1 when unknown), so that a body of known length is
// read without growing the buffer.
func readAll(r io.Reader, size, limit int64) ([]byte, error) {
	if size >= 0 && size < limit {
		return fill(make([]byte, 0, size+1), r, limit) // a byte of room to see io.EOF without growing
	}
	sp := scratch.Get().(*[]byte)
	defer scratch.Put(sp)
	buf, err := fill((*sp)[:0], r, limit)
	if cap(buf) == unknownSize { // it fit the scratch buffer (fill grows past it otherwise)
		buf = bytes.Clone(buf)
	}
	return buf, err
}

// fill appends what r yields to buf, up to limit bytes in all, until
// io.EOF (not reported, as io.ReadAll) or another error, growing buf
// only when it is full, and then as bytes.Buffer does, to twice its size
// (append's growth, a quarter at a time, would copy a large body more
// often).
func fill(buf []byte, r io.Reader, limit int64) ([]byte, error) {
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			grown := append([]byte(nil), make([]byte, max(2*cap(buf), bytes.MinRead))...)
			buf = grown[:copy(grown, buf)]
		}
		end := int(min(int64(cap(buf)), limit))
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

func drain(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	_ = resp.Body.Close()
}
