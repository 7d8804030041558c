// Package text holds the string helpers several packages share for what
// they show people and models: cutting text to a bound without breaking a
// word or a UTF-8 sequence.
package text

import (
	"strings"
	"unicode/utf8"
)

// Cut shortens s to at most n bytes (plus an ellipsis), at a word boundary
// when one is near, never inside a UTF-8 sequence.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}
