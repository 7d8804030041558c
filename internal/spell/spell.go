// Package spell finds what a misspelt word or name most likely stands
// for: the optimal-string-alignment distance (an edit or a swap of
// neighbouring letters costs one), the nearest word of a vocabulary, and
// the names closest to a wanted one. It knows no domain words.
package spell

import (
	"slices"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Nearest is the word of vocab (sorted, lower-case) closest to w, a word
// vocab does not hold, by the slips of typing: a letter dropped or doubled
// ("delte", "bakup"), or two neighbours swapped ("lsit"). One slip, two
// from seven letters on. A changed letter counts as two: a real word one
// letter away ("pitch", "banner", "shipped") is another word, not a slip
// for "patch", "banned" or "stopped". The first letter must agree
// ("pending" is no "spending") unless a prefix of two or more letters is
// dropped ("unverify" → "verify"), and four-letter words may only swap two
// letters. "" when none is close.
func Nearest(w string, vocab []string) string {
	limit := 1
	if len(w) >= 7 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range vocab {
		if (c[0] != w[0] && !strings.HasSuffix(w[2:], c)) || max(len(c)-len(w), len(w)-len(c)) > limit {
			continue
		}
		if len(w) < 5 && !sameLetters(w, c) {
			continue // four letters: only a swap ("lsit"), never "mike" → "make"
		}
		if d := distance(w, c, 2); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// sameLetters reports whether a and b are anagrams.
func sameLetters(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := []byte(a), []byte(b)
	slices.Sort(x)
	slices.Sort(y)
	return string(x) == string(y)
}

// Distance is the optimal-string-alignment distance: edits plus swaps
// of neighbouring letters, each costing one.
func Distance(a, b string) int { return distance(a, b, 1) }

// distance is Distance with a substitution costing sub. It keeps the
// three rows a swap needs, not the whole table: Nearest calls it for
// every close-enough word of a vocabulary.
func distance(a, b string, sub int) int {
	n := len(b) + 1
	buf := make([]int, 3*n)
	prev2, prev, cur := buf[:n], buf[n:2*n], buf[2*n:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := sub
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// nameDistance scores how far a wanted name is from a candidate: edit
// distance, lowered when the two share word parts, so that
// "list_users" finds "users_list" and "tablesdb_list_rows" finds
// "tables_db_list_rows".
func nameDistance(want, cand string) float64 {
	d := float64(Distance(want, cand))
	wp := strings.Split(want, "_")
	cp := strings.Split(cand, "_")
	shared := 0
	for _, w := range wp {
		for _, c := range cp {
			if w != "" && (w == c || text.Singular(w) == text.Singular(c)) {
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
