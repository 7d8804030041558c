package toolsearch

import (
	"slices"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// vocabulary reports whether a word joined by "-" or "_" is one search knows (and
// words.StripValues keeps): a tool or service name, a word of the index or
// the lexicon once joined ("e-mail"), or a lexicon phrase ("sign-up").
func (ix *Index) vocabulary(w string) bool {
	lower := strings.ToLower(w)
	if _, ok := ix.byName[lower]; ok {
		return true
	}
	if _, ok := slices.BinarySearch(ix.services, lower); ok {
		return true
	}
	parts := strings.FieldsFunc(lower, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) < 2 {
		return true // a dash or underscore at an edge: "-", "re-"
	}
	if lexicon.Affixed(parts[0], parts[len(parts)-1]) {
		return true // "re-run", "déconnecte-moi"
	}
	joined := text.Singular(strings.Join(parts, ""))
	if _, ok := ix.idf[joined]; ok {
		return true
	}
	if _, ok := ix.lex[joined]; ok {
		return true
	}
	for i := range parts {
		parts[i] = text.Singular(parts[i])
	}
	e, _, ok := ix.lex.Lookup(parts, 0)
	if !ok || len(e.Phrase) != len(parts) {
		return false
	}
	// A hyphenated verb and particle is a noun people write ("sign-up",
	// "roll-back"); a hyphenated verb and object is a name ("send-email");
	// three words or more the lexicon lists are its phrase, such as an
	// error type ("user_not_found").
	return e.Strong == lexicon.None || lexicon.Particle(parts[len(parts)-1]) || len(parts) > 2
}
