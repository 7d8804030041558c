package toolsearch

import (
	"slices"
	"testing"
)

// probe is a phrase written from a concept of the lexicon, and the tools
// any one of which must rank in the top five for it.
type probe struct {
	concept, query string
	want           []string
}

// checkProbes searches each probe over the real catalog and reports those
// whose tools are not in the top five.
func checkProbes(t *testing.T, probes []probe) {
	t.Helper()
	ix := NewIndex(realTools(t))
	for _, p := range probes {
		got := matchNames(ix.Search(Request{Query: p.query, Limit: 5}))
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(p.want, n) }) {
			t.Errorf("%s: Search(%q) = %v, want one of %v", p.concept, p.query, got, p.want)
		}
	}
}
