package toolsearch

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// nameDistance scores how far a wanted name is from a candidate: edit
// distance, lowered when the two share word parts, so that
// "list_users" finds "users_list" and "tablesdb_list_rows" finds
// "tables_db_list_rows".
func nameDistance(want, cand string) float64 {
	d := float64(swapDistance(want, cand))
	wp := strings.Split(want, "_")
	cp := strings.Split(cand, "_")
	shared := 0
	for _, w := range wp {
		for _, c := range cp {
			if w != "" && (w == c || stem(w) == stem(c)) {
				shared++
				break
			}
		}
	}
	joinedWant := strings.ReplaceAll(want, "_", "")
	joinedCand := strings.ReplaceAll(cand, "_", "")
	if joinedWant == joinedCand {
		return 0.5
	}
	missing := len(cp) - shared
	return d*0.5 + float64(missing)*2 - float64(shared)
}

// maxSuggestInput bounds the part of a wanted name that Closest compares:
// names are at most 64 characters, and the comparison costs
// len(want) x len(candidate) per candidate, so a multi-megabyte "tool name"
// must not become seconds of CPU.
const maxSuggestInput = 128

// Closest returns up to n candidates nearest to want, nearest first, ties by name.
func Closest(want string, candidates []string, n int) []string {
	if len(want) > maxSuggestInput {
		want = want[:maxSuggestInput]
	}
	want = catalog.SnakeKey(want)
	type scored struct {
		name string
		d    float64
	}
	all := make([]scored, 0, len(candidates))
	for _, c := range candidates {
		all = append(all, scored{c, nameDistance(want, c)})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].name < all[j].name
	})
	out := make([]string, 0, n)
	for _, s := range all {
		if len(out) == n {
			break
		}
		out = append(out, s.name)
	}
	return out
}

// words splits text into lower-case search terms: letters and digits only,
// camelCase split, light plural stemming, stop words dropped.
func words(text string, dst []string) []string {
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
	last := 0
	prevLower := false
	for i, r := range w {
		upper := unicode.IsUpper(r)
		if upper && prevLower && i > last {
			dst = appendTerm(dst, w[last:i])
			last = i
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	return appendTerm(dst, w[last:])
}

func appendTerm(dst []string, w string) []string {
	w = strings.ToLower(w)
	if utf8.RuneCountInString(w) < 2 || isStopWord(w) {
		return dst
	}
	return append(dst, stem(w))
}

// stem removes simple English plural endings so "rows" matches "row".
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// isStopWord reports words too common to help a search.
func isStopWord(w string) bool {
	switch w {
	case "the", "an", "of", "to", "in", "for", "and", "or", "with", "by", "on", "is", "me", "my",
		"all", "this", "that", "from", "be", "it", "its", "into", "as", "at", "are", "can", "you",
		"your", "please", "some", "which", "what", "how", "do", "does", "will", "using", "use",
		"used", "if", "http", "https", "www", "com", "io", "v1":
		return true
	}
	return false
}
