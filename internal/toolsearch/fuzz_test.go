package toolsearch

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// FuzzSearch: any query and hint never panics, returns at most the limit,
// only read tools when writes are neither included nor shown as the best
// fit (ShownMutating), never a write on a read-only server, and the same
// answer twice.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"list users", "who is in the support team?", "turn off 2FA for bob", "kick out all sessions",
		"", "   ", "ß\u0000\xff", "tables_db_list_rows", "delete delete delete", "a b c d e f g h i j k l m n o p",
		"is my db healthy??", "env var for function", "thumbnail of the photo", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	} {
		f.Add(seed, "users", uint8(5))
	}
	ix := NewIndex(realTools(f))
	f.Fuzz(func(t *testing.T, query, hint string, limit uint8) {
		if !utf8.ValidString(query) {
			return // the operator tool decodes JSON: its strings are valid UTF-8
		}
		req := Request{Query: query, ServiceHints: []string{hint}, Limit: int(limit%20) + 1, ReadOnly: limit >= 128}
		first := ix.Search(req)
		if len(first.Matches) > req.Limit {
			t.Fatalf("%d matches over a limit of %d", len(first.Matches), req.Limit)
		}
		if !first.IncludeMutating && (!first.ShownMutating || req.ReadOnly) {
			for _, m := range first.Matches {
				if m.Class != catalog.Read {
					t.Fatalf("%s (%s) shown although writes are not included", m.Name, m.Class)
				}
			}
		}
		if !slices.Equal(matchNames(first), matchNames(ix.Search(req))) {
			t.Fatalf("the same query ranked twice differently")
		}
	})
}
