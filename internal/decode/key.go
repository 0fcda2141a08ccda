package decode

// AppendKey appends s to dst as a lookup key: ASCII letters folded to
// upper or lower case, white space trimmed and each inner run of it
// replaced by sep (dropped when sep is 0). It appends nothing and reports
// false when s is not ASCII, for the caller to normalise with the strings
// package instead. Carriers normalise provider values into a stack buffer
// with it and look them up with m[string(key)], which does not allocate.
func AppendKey(dst []byte, s string, upper bool, sep byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return dst, false
		}
	}
	start, gap := len(dst), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || '\t' <= c && c <= '\r' {
			gap = true
			continue
		}
		if gap && sep != 0 && len(dst) > start {
			dst = append(dst, sep)
		}
		gap = false
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}
