// Package words splits text into words: the search terms of a tool's
// fields (camelCase split, plurals folded, stop words dropped), and a
// task's words with the marks of its clauses (where a clause opens, which
// words are subordinate, which are capitalised names), and the kind of a
// value a task carries (an email address, a file name, a URL). It knows
// nothing about tools or ranking.
package words

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// Terms splits text into lower-case search terms: letters and digits only,
// camelCase split, light plural stemming, stop words dropped.
func Terms(text string, dst []string) []string {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		dst = appendCamelParts(dst, text[start:end])
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return dst
}

func appendCamelParts(dst []string, w string) []string {
	for _, part := range appendCamel(nil, w) {
		dst = appendTerm(dst, part)
	}
	return dst
}

// appendCamel splits a camelCase word into its parts ("listRows" → list,
// Rows), but keeps a part of digits ("2FA") and a single leading letter
// ("iOS", "iPhone") whole.
func appendCamel(dst []string, w string) []string {
	last := 0
	prevLower := false
	letters := false // the current part has a letter: "2FA" stays whole
	for i, r := range w {
		if unicode.IsUpper(r) && prevLower && letters && i-last > 1 {
			dst = append(dst, w[last:i])
			last = i
			letters = false
		}
		letters = letters || unicode.IsLetter(r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	return append(dst, w[last:])
}

func appendTerm(dst []string, w string) []string {
	w = strings.ToLower(w)
	if utf8.RuneCountInString(w) < 2 || lexicon.StopWord(w) {
		return dst
	}
	return append(dst, text.Singular(w))
}
