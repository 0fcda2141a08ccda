package transport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, 511, 512, unknownSize - 1, unknownSize, unknownSize + 1, 100_000} {
		body := bytes.Repeat([]byte("ab"), n)[:n]
		got, err := readAll(bytes.NewReader(body), -1, MaxBody+1)
		require.NoError(t, err)
		assert.Equal(t, body, got, "unknown length %d", n)

		got, err = readAll(bytes.NewReader(body), int64(n), MaxBody+1)
		require.NoError(t, err)
		assert.Equal(t, body, got, "known length %d", n)
		// A declared length is read into one buffer, never grown.
		assert.Equal(t, n+1, cap(got), "known length %d", n)
	}
}

func TestReadAllKeepsWhatCameBeforeAnError(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(bytes.NewReader([]byte("partial")), iotest.ErrReader(boom))
	got, err := readAll(r, 100, MaxBody+1)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, "partial", string(got))
}

// A peeked body replays its read error only at its end, and a body read
// part way is read on from where it stands.
func TestPeekedBody(t *testing.T) {
	boom := errors.New("connection reset")
	p := &peekedBody{data: []byte("partial"), err: boom}
	p.Reset(p.data)
	buf := make([]byte, 3)
	n, err := p.Read(buf)
	assert.Equal(t, 3, n)
	require.NoError(t, err, "no error before the end")
	got, err := readBody(&http.Response{StatusCode: 200, Body: p, ContentLength: -1})
	assert.ErrorIs(t, err, boom, "the error comes at the end")
	assert.Equal(t, "tial", string(got), "what was not read yet, not the whole peek")

	whole := &peekedBody{data: []byte("whole")}
	whole.Reset(whole.data)
	got, err = readBody(&http.Response{StatusCode: 200, Body: whole, ContentLength: -1})
	require.NoError(t, err)
	assert.Same(t, &whole.data[0], &got[0], "an unread peek is handed over, not copied")
}

// A declared length beyond the limit sizes nothing: the buffer starts
// at the limit, whatever a provider claims.
func TestReadAllIgnoresAnOversizedDeclaredLength(t *testing.T) {
	b, err := readAll(bytes.NewReader([]byte("abc")), 1<<50, 16)
	if err != nil || string(b) != "abc" {
		t.Fatalf("readAll = %q, %v", b, err)
	}
	if cap(b) > 1<<10 {
		t.Errorf("buffer of %d bytes for a 16-byte limit", cap(b))
	}
}

// A body of unknown length that fits the scratch buffer is copied out at
// its own size, and never shares memory with the next body read.
func TestReadAllCopiesOutOfTheScratchBuffer(t *testing.T) {
	first, err := readAll(bytes.NewReader(bytes.Repeat([]byte("a"), 5000)), -1, MaxBody+1)
	require.NoError(t, err)
	assert.Less(t, cap(first), unknownSize, "sized to the body, not the scratch buffer")
	second, err := readAll(bytes.NewReader(bytes.Repeat([]byte("b"), 5000)), -1, MaxBody+1)
	require.NoError(t, err)
	assert.Equal(t, bytes.Repeat([]byte("a"), 5000), first, "the first body is intact after the second read")
	assert.Equal(t, bytes.Repeat([]byte("b"), 5000), second)

	partial, err := readAll(io.MultiReader(bytes.NewReader([]byte("cut")), iotest.ErrReader(io.ErrUnexpectedEOF)), -1, MaxBody+1)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, "cut", string(partial))
	limited, err := readAll(bytes.NewReader(bytes.Repeat([]byte("c"), 100)), -1, 10)
	require.NoError(t, err)
	assert.Equal(t, bytes.Repeat([]byte("c"), 10), limited, "never past the limit")
}

// BenchmarkReadAll reads a tracking answer's size and a long history's, of
// unknown length (chunked, or decompressed) and declared.
func BenchmarkReadAll(b *testing.B) {
	for _, n := range []int{5_000, 50_000} {
		body := bytes.Repeat([]byte("x"), n)
		for _, size := range []int64{-1, int64(n)} {
			b.Run(fmt.Sprintf("%d/declared=%t", n, size >= 0), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := readAll(bytes.NewReader(body), size, MaxBody+1); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
