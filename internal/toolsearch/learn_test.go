package toolsearch

import (
	"fmt"
	"slices"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// TestLearn: what the development tasks teach lifts the tool they asked
// for; a held-out task teaches nothing.
func TestLearn(t *testing.T) {
	text := "dev\tzorblax the users\tusers_delete\n" +
		"dev\tzorblax everyone\tusers_delete users_update_status\n" +
		"held\tquuxly the users\tusers_delete\n"
	for i := range 20 { // other tasks: a word in most of them is too common for neighbours
		text += fmt.Sprintf("dev\tlist bucket %c\tstorage_list_buckets\n", 'a'+i)
	}
	tasks, err := lexicon.ParseTasks(text)
	if err != nil {
		t.Fatal(err)
	}
	ix := newIndex(realTools(t))
	examples := ix.examples(tasks)
	if len(examples) != 22 || !slices.Contains(examples[0].Words, "zorblax") {
		t.Fatalf("examples = %+v, want the 22 dev tasks read as words", examples)
	}
	first := func(ix *Index, q string) string {
		res := ix.Search(Request{Query: q, Limit: 1})
		if len(res.Matches) == 0 {
			return ""
		}
		return res.Matches[0].Name
	}
	const q = "zorblax the users"
	if first(ix, q) == "users_delete" {
		t.Fatalf("untaught, %q already ranks users_delete first: the test proves nothing", q)
	}
	for _, tt := range []struct {
		name   string
		shares bool // learn the word shares
		near   bool // and vote by nearest tasks
	}{{"shares", true, false}, {"neighbours", false, true}} {
		m := learned.New(examples)
		taughtIx := newIndex(realTools(t))
		if tt.shares {
			taughtIx.learned = taughtIx.bind(m.Shares)
		}
		if tt.near {
			taughtIx.model = m
		}
		if got := first(taughtIx, q); got != "users_delete" {
			t.Errorf("taught by %s, Search(%q) first = %s, want users_delete", tt.name, q, got)
		}
	}
}

// TestBindKeepsOwnTools: an index over some tools keeps only their shares.
func TestBindKeepsOwnTools(t *testing.T) {
	tools := realTools(t)[:5]
	ix := newIndex(tools)
	bound := ix.bind(map[string]map[string]float64{"w": {tools[0].Name: 0.5, "not_a_tool": 0.5}, "v": {"not_a_tool": 1}})
	if len(bound) != 1 || len(bound["w"]) != 1 || bound["w"][0].doc != 0 {
		t.Errorf("bind = %v, want only w → doc 0", bound)
	}
}

// TestLearningTradeOffs pins probes whose concept tool learning moved
// down: the tasks asked far more often for another tool with these words
// ("turn off" was mostly an auth method, "push" mostly a push message,
// "apex" mostly an ALIAS record).
// The held-out half is the arbiter of that trade; these rows keep the
// concept's tool within reach.
func TestLearningTradeOffs(t *testing.T) {
	ix := NewIndex(realTools(t))
	for _, tt := range []struct {
		query, want string
		within      int
	}{
		{"add a push device for this user", "users_create_target", 5},
		{"turn off storage for the whole project", "projects_update_service_status", 8},
		{"point the apex to this IP", "domains_create_record_a", 2},
	} {
		if got := matchNames(ix.Search(Request{Query: tt.query, Limit: tt.within})); !slices.Contains(got, tt.want) {
			t.Errorf("Search(%q) = %v, want %s in the top %d", tt.query, got, tt.want, tt.within)
		}
	}
}
