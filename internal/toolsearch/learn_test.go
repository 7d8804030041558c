package toolsearch

import (
	"slices"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// TestLearn: a word the development tasks used for a tool lifts that
// tool; a held-out task teaches nothing; a task's tools split its count.
func TestLearn(t *testing.T) {
	tasks, err := lexicon.ParseTasks("dev\tzorblax the users\tusers_delete\n" +
		"dev\tzorblax everyone\tusers_delete users_update_status\n" +
		"held\tquuxly the users\tusers_delete\n")
	if err != nil {
		t.Fatal(err)
	}
	ix := newIndex(realTools(t))
	shares := ix.learn(tasks)
	if got, want := shares["zorblax"]["users_delete"], 1.5/(2+learnSmoothing); got != want {
		t.Errorf("share of users_delete for zorblax = %v, want %v", got, want)
	}
	if got, want := shares["zorblax"]["users_update_status"], 0.5/(2+learnSmoothing); got != want {
		t.Errorf("share of users_update_status for zorblax = %v, want %v", got, want)
	}
	if _, ok := shares["quuxly"]; ok {
		t.Error("a held-out task was learned from")
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
	ix.learned = ix.bind(shares)
	if got := first(ix, q); got != "users_delete" {
		t.Errorf("taught, Search(%q) first = %s, want users_delete", q, got)
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
		{"add a push device for this user", "users_create_target", 3},
		{"turn off storage for the whole project", "projects_update_service_status", 8},
		{"point the apex to this IP", "domains_create_record_a", 2},
	} {
		if got := matchNames(ix.Search(Request{Query: tt.query, Limit: tt.within})); !slices.Contains(got, tt.want) {
			t.Errorf("Search(%q) = %v, want %s in the top %d", tt.query, got, tt.want, tt.within)
		}
	}
}
