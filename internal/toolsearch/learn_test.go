package toolsearch

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/taught"
)

// TestLearn: what the tasks teach lifts the tool they asked for.
func TestLearn(t *testing.T) {
	text := "dev\tzorblax the users\tusers_delete\n" +
		"held\tzorblax everyone\tusers_delete users_update_status\n"
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
		t.Fatalf("examples = %+v, want the 22 tasks, of both halves, read as words", examples)
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
	examples := slices.Repeat([]learned.Example{{Words: []string{"zorblax"}, Tools: []string{"storage_get_file"}}}, 3)
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

// TestLearnedCandidacy: a tool none of the task's words match ranks by
// what earlier tasks taught, above the place nearestSlot alone would give.
func TestLearnedCandidacy(t *testing.T) {
	const q, want = "zorblax the files in a bucket", "locale_list_currencies"
	examples := slices.Repeat([]learned.Example{{Words: []string{"zorblax"}, Tools: []string{want}}}, 3)
	ix := newIndex(realTools(t))
	parsed := ix.parseQuery(q)
	if s := ix.score(&parsed, nil, nil)[docOf(t, ix, want)]; s != 0 {
		t.Fatalf("the text of %q scores %s at %v: the test proves nothing", q, want, s)
	}
	ix.learnFrom(learned.New(examples))
	res := ix.Search(Request{Query: q, Limit: 5})
	got := matchNames(res)
	r := slices.Index(got, want) + 1
	if r == 0 || r >= slotRank {
		t.Fatalf("taught, %q lists %s at %d (0: not at all) in %v; want it above place %d", q, want, r, got, slotRank)
	}
	if why := res.Matches[r-1].Why; why != "asked for in words like these before" {
		t.Errorf("%s matched %q for no word of the task; want it said that earlier tasks asked for it", want, why)
	}
	if why := res.Matches[0].Why; r != 1 && !strings.HasPrefix(why, "name: ") && why != "description" {
		t.Errorf("%s matched the text but says %q", res.Matches[0].Name, why)
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

// TestNearestSlot: the tool most of the nearest tasks voted for takes
// place slotRank of an answer that ranked it lower, unless it is a write
// the answer leaves out, of a service the caller did not hint, short of
// slotMinVote, or voted for no more than the tool already there.
func TestNearestSlot(t *testing.T) {
	ix := newIndex(realTools(t))
	doc := func(name string) int { return docOf(t, ix, name) }
	var ranked []scoredDoc
	for _, name := range []string{"users_list", "users_get", "users_list_sessions", "users_list_logs", "users_list_memberships", "users_get_prefs", "users_list_targets", "users_get_usage"} {
		ranked = append(ranked, scoredDoc{doc: doc(name)})
	}
	tests := []struct {
		name   string
		tool   string
		vote   float64
		fifth  float64 // the vote for the tool ranked at slotRank
		limit  int
		hinted map[string]bool
		writes bool
		at     int // 1-based place; 0: not shown
	}{
		{"ranked lower", "avatars_get_qr", 0.5, 0, 8, nil, false, slotRank},
		{"answer shorter than the slot", "avatars_get_qr", 0.5, 0, slotRank - 1, nil, false, 0},
		{"hinted away", "avatars_get_qr", 0.5, 0, 8, map[string]bool{"users": true}, false, 0},
		{"too few votes", "avatars_get_qr", slotMinVote / 2, 0, 8, nil, false, 0},
		{"no more votes than the fifth", "avatars_get_qr", 0.5, 0.5, 8, nil, false, 0},
		{"a write left out", "functions_create_execution", 0.5, 0, 8, nil, false, 0},
		{"a write included", "functions_create_execution", 0.5, 0, 8, nil, true, slotRank},
		{"already higher", "users_get", 0.5, 0, 8, nil, false, 2},
	}
	for _, tt := range tests {
		near := make([]float64, len(ix.docs))
		near[doc(tt.tool)] = tt.vote
		near[ranked[slotRank-1].doc] = max(near[ranked[slotRank-1].doc], tt.fifth)
		in := slices.Clone(ranked[:tt.limit])
		got := ix.nearestSlot(in, near, tt.limit, tt.hinted, tt.writes)
		at := slices.IndexFunc(got, func(s scoredDoc) bool { return s.doc == doc(tt.tool) }) + 1
		if at != tt.at || len(got) != tt.limit {
			t.Errorf("%s: %s at %d of %d, want %d of %d", tt.name, tt.tool, at, len(got), tt.at, tt.limit)
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

// TestCommandsOtherwise: a task that commands a verb marks the tools that
// do another, and a task that names a verb the tools of its opposite,
// whose shares then count less (otherVerbWeight); a question,
// a task without a verb and a tool whose name has no verb mark nothing.
func TestCommandsOtherwise(t *testing.T) {
	checkQueryTool(t, "commandsOtherwise", (*query).commandsOtherwise, []queryToolCase[bool]{
		{"apaga o arquivo foto.png do bucket", "storage_create_file", true},
		{"apaga o arquivo foto.png do bucket", "storage_delete_file", false},
		{"delete the file from the bucket", "storage_list_files", true},
		{"which files are in the bucket?", "storage_create_file", false},
		{"files in the bucket", "storage_create_file", false},
		{"bitte den Benutzer 42 löschen", "users_update_status", true}, // the one verb, last
		{"should I delete the file or keep it?", "storage_create_file", false},
		{"deduct 5 coins from player 42", "tables_db_increment_row_column", true}, // the opposite verb
		{"deduct 5 coins from player 42", "tables_db_decrement_row_column", false},
	})
}
