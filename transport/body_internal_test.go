package transport

import (
	"bytes"
	"errors"
	"io"
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
		assert.Equal(t, n+bytes.MinRead, cap(got), "known length %d", n)
	}
}

func TestReadAllKeepsWhatCameBeforeAnError(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(bytes.NewReader([]byte("partial")), iotest.ErrReader(boom))
	got, err := readAll(r, 100, MaxBody+1)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, "partial", string(got))
}
