// Package text holds the string helpers several packages share: cutting
// text to a bound without breaking a word or a UTF-8 sequence, taking a
// description's first sentence, and folding an English plural to its
// singular.
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

// FirstSentence returns the first sentence of s with its spacing folded,
// at most n bytes (Cut).
func FirstSentence(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 && i < n {
		return s[:i+1]
	}
	return Cut(s, n)
}

// Singular removes simple English plural endings, so "rows" matches
// "row" and "entries" matches "entry". "alias" (a DNS record) is its own
// singular.
func Singular(w string) string {
	switch {
	case w == "alias" || w == "aliases":
		return "alias"
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}
