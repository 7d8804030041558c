package toolsearch

import (
	"fmt"
	"slices"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/taught"
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
	taughtIx := newIndex(realTools(t))
	taughtIx.learnFrom(learned.New(examples))
	if got := first(taughtIx, q); got != "users_delete" {
		t.Errorf("taught, Search(%q) first = %s, want users_delete", q, got)
	}
}

// TestKinLift: words learned for one tool lift the tools of its service
// and, more, those acting on its object, though the tasks never named them
// with those words. Taught that "zorblax" is storage_get_file, "zorblax
// delete it" lists storage_delete_file (service and object) and then
// storage_delete_bucket (service) among the first five; untaught, neither
// is in the first eight.
func TestKinLift(t *testing.T) {
	var examples []learned.Example
	for range 3 {
		examples = append(examples, learned.Example{Words: []string{"zorblax"}, Tools: []string{"storage_get_file"}})
	}
	const q = "zorblax delete it"
	rankOf := func(ix *Index, name string) int {
		res := ix.Search(Request{Query: q, Limit: 8, IncludeMutating: new(true)})
		return slices.Index(matchNames(res), name) + 1 // 0: not listed
	}
	untaught := newIndex(realTools(t))
	for _, name := range []string{"storage_delete_file", "storage_delete_bucket"} {
		if r := rankOf(untaught, name); r != 0 {
			t.Fatalf("untaught, %q lists %s at %d: the test proves nothing", q, name, r)
		}
	}
	ix := newIndex(realTools(t))
	ix.learnFrom(learned.New(examples))
	file, bucket := rankOf(ix, "storage_delete_file"), rankOf(ix, "storage_delete_bucket")
	if file == 0 || bucket == 0 || file > 5 || bucket > 5 || file > bucket {
		t.Errorf("taught, %q lists storage_delete_file at %d and storage_delete_bucket at %d; want both in the first 5, the file first", q, file, bucket)
	}
}

// TestLearnFromKeepsOwnTools: an index over some tools maps only those of
// the model's tools to its docs.
func TestLearnFromKeepsOwnTools(t *testing.T) {
	tools := realTools(t)[:5]
	ix := newIndex(tools)
	ix.learnFrom(learned.New([]learned.Example{{Words: []string{"w"}, Tools: []string{tools[1].Name, "not_a_tool"}}}))
	want := map[string]int{tools[1].Name: 1, "not_a_tool": -1}
	for i, name := range ix.model.Tools() {
		if ix.toolDoc[i] != want[name] {
			t.Errorf("toolDoc[%s] = %d, want %d", name, ix.toolDoc[i], want[name])
		}
	}
}

// TestTaughtModel: the generated model, as compiled, passes the whole
// check (a process checks only its shape), and it names tools of the
// catalog (gen's test checks it is what the tasks teach today).
func TestTaughtModel(t *testing.T) {
	m, err := taught.Model()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Arrays().Check(); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(realTools(t))
	if len(m.Tools()) == 0 || ix.model == nil {
		t.Fatal("the taught model names no tool, or the index did not learn it")
	}
	for i, name := range m.Tools() {
		if ix.toolDoc[i] < 0 {
			t.Errorf("the taught model names %q, not in the catalog", name)
		}
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
		{"kick out the user from all devices", "users_delete_sessions", 2}, // "out … user" once meant one session
		{"point the apex to this IP", "domains_create_record_a", 2},
	} {
		if got := matchNames(ix.Search(Request{Query: tt.query, Limit: tt.within})); !slices.Contains(got, tt.want) {
			t.Errorf("Search(%q) = %v, want %s in the top %d", tt.query, got, tt.want, tt.within)
		}
	}
}

// TestNearestSlot: a tool the nearest earlier tasks asked for takes place
// five when the text ranks it lower, in every answer of five or more (a
// shorter answer stays a prefix of a longer one); a write only when the
// answer includes writes, never under read-only or outside hinted services.
func TestNearestSlot(t *testing.T) {
	text := "dev\tglorp which users\tavatars_get_qr\n" +
		"dev\tglorp every user\tavatars_get_qr\n" +
		"dev\tblorp which users\tfunctions_create_execution\n" +
		"dev\tblorp every user\tfunctions_create_execution\n"
	for i := range 20 {
		text += fmt.Sprintf("dev\tlist bucket %c\tstorage_list_buckets\n", 'a'+i)
	}
	tasks, err := lexicon.ParseTasks(text)
	if err != nil {
		t.Fatal(err)
	}
	ix := newIndex(realTools(t))
	ix.learnFrom(learned.New(ix.examples(tasks)))
	on := true
	tests := []struct {
		req  Request
		tool string
		at   int // 1-based place; 0: not shown
	}{
		{Request{Query: "glorp which users"}, "avatars_get_qr", slotRank},
		{Request{Query: "glorp which users", ServiceHints: []string{"users"}}, "avatars_get_qr", 0},
		{Request{Query: "blorp which users"}, "functions_create_execution", 0}, // a read task: writes stay hidden
		{Request{Query: "blorp which users", IncludeMutating: &on}, "functions_create_execution", slotRank},
		{Request{Query: "blorp which users", IncludeMutating: &on, ReadOnly: true}, "functions_create_execution", 0},
	}
	for _, tt := range tests {
		for _, limit := range []int{slotRank - 1, slotRank, 8} {
			tt.req.Limit = limit
			got := matchNames(ix.Search(tt.req))
			want := tt.at
			if limit < tt.at {
				want = 0
			}
			if at := slices.Index(got, tt.tool) + 1; at != want {
				t.Errorf("Search(%+v) = %v: %s at %d, want %d", tt.req, got, tt.tool, at, want)
			}
		}
	}
}

// TestPreload: an index built while (or after) Preload reads ranks as one
// built without it, and two Preloads race with nothing (go test -race).
func TestPreload(t *testing.T) {
	Preload()
	Preload()
	ix := NewIndex(realTools(t))
	plain := newIndex(realTools(t))
	plain.learnFrom(taughtModel())
	for _, q := range []string{"players should be able to jump in without an account", "kick bob out of every device"} {
		got, want := matchNames(ix.Search(Request{Query: q, Limit: 5})), matchNames(plain.Search(Request{Query: q, Limit: 5}))
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) after Preload = %v, want %v", q, got, want)
		}
	}
}
