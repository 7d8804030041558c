package toolsearch

import (
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

func matchNames(r Result) []string {
	out := make([]string, len(r.Matches))
	for i, m := range r.Matches {
		out[i] = m.Name
	}
	return out
}

// TestRankKinds pins the first match for each kind of task the ranking
// handles: question forms, colloquial verbs and outcomes, words Appwrite
// does not use, abbreviations, typos and generic nouns that once pulled
// the wrong service to the top.
func TestRankKinds(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		kind, query, first string
	}{
		{"question", "who is in the marketing team?", "teams_list_memberships"},
		{"question", "is the database healthy?", "health_get_db"},
		{"question", "which buckets do I have", "storage_list_buckets"},
		{"question about the past", "which files did people upload", "storage_list_files"},
		{"colloquial verb", "kick the user out of every device", "users_delete_sessions"},
		{"colloquial verb", "block this user", "users_update_status"},
		{"outcome", "make the user's email verified", "users_update_email_verification"},
		{"outcome", "roll back the site to the last good deployment", "sites_update_site_deployment"},
		{"other words", "turn on 2FA for a user", "users_update_mfa"},
		{"other words", "get a thumbnail of the image", "storage_get_file_preview"},
		{"other words", "set an env var on the function", "functions_create_variable"},
		{"abbreviation", "list dbs", "tables_db_list"},
		{"abbreviation", "create an org api key", "organizations_create_key"},
		{"typo", "delte the user", "users_delete"},
		{"typo", "lsit users", "users_list"},
		{"generic noun", "subscribe a user target to a topic", "messaging_create_subscriber"},
		{"object, not context", "add a row to the products table", "tables_db_create_row"},
		{"plural", "wipe all rows matching a filter", "tables_db_delete_rows"},
		{"legacy words", "list documents in the posts collection", "tables_db_list_rows"},
		{"a named table", "drop the products table", "tables_db_delete_table"},
		{"reading a named table", "what's in the products table", "tables_db_list_rows"},
		{"reading a named bucket", "whats in the uploads bucket", "storage_list_files"},
		{"a kind, no name", "which storage buckets do we have?", "storage_list_buckets"},
		{"a file name", "download report.pdf from the exports bucket", "storage_get_file_download"},
		{"a domain name", "point shop.example.com at the storefront site", "proxy_create_site_rule"},
	}
	for _, tt := range tests {
		res := ix.Search(Request{Query: tt.query, Limit: 5})
		if got := matchNames(res); len(got) == 0 || got[0] != tt.first {
			t.Errorf("%s: Search(%q) = %v, want first %s", tt.kind, tt.query, got, tt.first)
		}
	}
}

// TestQueryReading pins how a task is read: which intent decides, whether
// it asks for a change, and what one item it names by ID.
func TestQueryReading(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		query   string
		primary lexicon.Op
		change  bool
		subject string
		byID    bool
	}{
		{"the users table has a duplicate, remove that row", lexicon.Delete, true, "", false}, // "a duplicate": a noun
		{"the upload failed, delete it", lexicon.Delete, true, "", false},
		{"give me a jwt for this user", lexicon.Create, true, "", false}, // a lone verb-noun keeps its intent
		{"i need a new bucket", lexicon.Create, true, "", false},         // a light verb keeps its meaning
		{"show prefs of user 66aa", lexicon.Read, false, "user", true},
		{"get execution 5f2e", lexicon.Get, false, "execution", true},
		{"turn on 2fa for user 42", lexicon.Update, true, "user", true},
		{"keep the backup 30 days", lexicon.Update, true, "", false}, // a quantity, not an ID
		{"set a 10 mb limit on the bucket", lexicon.Update, true, "", false},
		{"which users signed up", lexicon.None, false, "user", false},                                // a verb after a question word only reads
		{"before i rotate anything, which api keys do we have", lexicon.None, false, "key", false},   // a subordinate clause's verb is no intent
		{"the user reset his password, please delete his sessions", lexicon.Delete, true, "", false}, // the imperative decides
		{"make the email verified", lexicon.Update, true, "", false},                                 // a light verb gives way in its clause
		{"show me our sites, i keep losing track of them", lexicon.Read, true, "", false},            // not in the next
	}
	for _, tt := range tests {
		q := ix.parseQuery(tt.query)
		if q.primary != tt.primary || q.change != tt.change || q.subject != tt.subject || q.byID != tt.byID {
			t.Errorf("parseQuery(%q): primary %d change %v subject %q byID %v; want %d %v %q %v",
				tt.query, q.primary, q.change, q.subject, q.byID, tt.primary, tt.change, tt.subject, tt.byID)
		}
	}
}

// TestIntentControlsWrites: a task that asks for a change shows writes;
// a question, even one that names a verb in the past, does not.
func TestIntentControlsWrites(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		query  string
		change bool
	}{
		{"kick out the user", true},
		{"turn off the mailgun provider", true},
		{"send a magic link", true},
		{"who is in the team", false},
		{"which files did people upload", false},
		{"is my custom domain verified", false},
		{"show the updates", false},              // a plural verb is a noun
		{"which buckets can I upload to", false}, // a modal after a question word asks
		{"can I delete this bucket?", true},      // "can I" asks for the change
		{"can users delete files in this bucket?", false},
		{"why is that old backup still here? get rid of it", true}, // a question ends with its sentence
		{"why is that old backup still here, and who made it", false},
	}
	for _, tt := range tests {
		res := ix.Search(Request{Query: tt.query, Limit: 5})
		if res.IncludeMutating != tt.change {
			t.Errorf("Search(%q).IncludeMutating = %v, want %v", tt.query, res.IncludeMutating, tt.change)
		}
	}
}

// TestNamesAreNotTypos: a capitalised word inside a clause is a name
// ("Alice" is no typo of "alive"); the first word and an abbreviation are
// not names.
func TestNamesAreNotTypos(t *testing.T) {
	tk := words.Read("Add Alice to the API team, Delte Bob")
	want := []bool{false, true, false, false, false, false, false, true}
	if !slices.Equal(tk.Name, want) {
		t.Fatalf("names %v, want %v (words %v)", tk.Name, want, tk.Words)
	}
	ix := NewIndex(realTools(t))
	ix.correctTypos(tk.Words, tk.Name)
	if tk.Words[1] != "alice" || tk.Words[6] != "delete" {
		t.Errorf("corrected %v: want alice kept and delte corrected", tk.Words)
	}
}

// TestTypoCorrection: misspelt words reach the index's words; a name
// that is a word away from one ("mike") is left alone.
func TestTypoCorrection(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct{ in, want string }{
		{"delte", "delete"},
		{"lsit", "list"},
		{"fucntion", "function"}, //nolint:misspell // a deliberate typo
		{"uplaod", "upload"},
		{"mike", "mike"},
		{"zzzzzz", "zzzzzz"},
		{"66aa", "66aa"}, // an ID, never corrected
	}
	for _, tt := range tests {
		toks := []string{tt.in}
		ix.correctTypos(toks, nil)
		if toks[0] != tt.want {
			t.Errorf("correctTypos(%q) = %q, want %q", tt.in, toks[0], tt.want)
		}
	}
}

// TestDeprecatedBelowReplacement: every deprecated tool that matches
// ranks below its replacement.
func TestDeprecatedBelowReplacement(t *testing.T) {
	tools := realTools(t)
	ix := NewIndex(tools)
	yes := true
	checked := 0
	for _, tl := range tools {
		if !tl.Deprecated || tl.ReplacedBy == "" {
			continue
		}
		res := ix.Search(Request{Query: tl.Name, Limit: 20, IncludeMutating: &yes})
		got := matchNames(res)
		i, j := slices.Index(got, tl.Name), slices.Index(got, tl.ReplacedBy)
		if i >= 0 && (j < 0 || j > i) {
			t.Errorf("%s ranks above its replacement %s: %v", tl.Name, tl.ReplacedBy, got)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no deprecated tool in the catalog")
	}
}

// TestSearchDeterministicAndExplained: the same request gives the same
// order, ties by name, and every match says briefly why it matched.
func TestSearchDeterministicAndExplained(t *testing.T) {
	ix := NewIndex(realTools(t))
	req := Request{Query: "get list user row file table", Limit: 20}
	first := ix.Search(req)
	if len(first.Matches) != 20 {
		t.Fatalf("limit 20 gave %d", len(first.Matches))
	}
	for i := 0; i < 10; i++ {
		if again := ix.Search(req); !slices.Equal(matchNames(again), matchNames(first)) {
			t.Fatalf("order changed: %v vs %v", matchNames(again), matchNames(first))
		}
	}
	for _, m := range first.Matches {
		if m.Why == "" || len(m.Why) > 80 {
			t.Errorf("%s: why = %q", m.Name, m.Why)
		}
	}
}

// TestSearchOddInput: empty, symbol-only, non-Latin and very long tasks
// answer without matches or with a bounded list, never a panic.
func TestSearchOddInput(t *testing.T) {
	ix := NewIndex(realTools(t))
	long := make([]byte, 0, 600)
	for len(long) < 500 {
		long = append(long, "deleet lsit qqqq "...)
	}
	for _, q := range []string{"", "!!! ???", "日本語 のテスト", "ÄÖÜ éèê", string(long), "a b c d e f g h"} {
		res := ix.Search(Request{Query: q, Limit: 5})
		if len(res.Matches) > 5 || res.Note == "" {
			t.Errorf("Search(%.20q) = %d matches, note %q", q, len(res.Matches), res.Note)
		}
	}
}

// TestWritesShownWithoutChangeVerb: a task that names no change but fits
// a write better than any read (by its words and by what the development
// tasks teach) lists that write (below well-matching
// reads); a task a read answers well, an explicit include_mutating: false
// and a read-only server keep writes hidden.
func TestWritesShownWithoutChangeVerb(t *testing.T) {
	ix := NewIndex(realTools(t))
	f := false
	tests := []struct {
		req   Request
		write string // "" when no write may show
	}{
		{Request{Query: "vonage as the sms provider"}, "messaging_create_vonage_provider"},
		{Request{Query: "spare codes for my authenticator"}, "account_create_mfa_recovery_codes"}, // learned: such tasks wanted the write
		{Request{Query: "users"}, ""},
		{Request{Query: "who is in the team"}, ""},
		{Request{Query: "storage buckets"}, ""},
		{Request{Query: "webhooks"}, ""},
		{Request{Query: "platforms"}, ""},
		{Request{Query: "vonage as the sms provider", IncludeMutating: &f}, ""},
		{Request{Query: "vonage as the sms provider", ReadOnly: true}, ""},
	}
	for _, tt := range tests {
		tt.req.Limit = 5
		res := ix.Search(tt.req)
		var writes []string
		for _, m := range res.Matches {
			if m.Class != catalog.Read {
				writes = append(writes, m.Name)
			}
		}
		if res.IncludeMutating {
			t.Errorf("Search(%q).IncludeMutating = true for a task with no change", tt.req.Query)
		}
		if tt.write == "" && (len(writes) > 0 || res.ShownMutating) {
			t.Errorf("Search(%+v) shows writes %v", tt.req, writes)
		}
		off := false
		all := ix.Search(Request{Query: tt.req.Query, Limit: 5, IncludeMutating: &off}).HiddenMutating
		if !tt.req.ReadOnly && res.HiddenMutating != all-len(writes) {
			t.Errorf("Search(%q).HiddenMutating = %d, want %d matched less %d shown", tt.req.Query, res.HiddenMutating, all-len(writes), len(writes))
		}
		if tt.write != "" && (!slices.Contains(writes, tt.write) || !res.ShownMutating || !strings.Contains(res.Note, "write tool fits")) {
			t.Errorf("Search(%q) = %v (shown %v, note %q), want %s among them", tt.req.Query, matchNames(res), res.ShownMutating, res.Note, tt.write)
		}
	}
}

// TestWriteSlot: a task of four words or more that names no change keeps
// place slotRank for its best write, not a delete, below the same reads
// a read-only answer starts with; a shorter task, a list question, an
// explicit include_mutating: false, a read-only server and a hint for
// another service keep writes hidden, and a shorter answer stays a prefix.
// The index is text only, so what was learned cannot move the places.
func TestWriteSlot(t *testing.T) {
	ix := newIndex(realTools(t))
	off := false
	tests := []struct {
		req   Request
		write string // the write at place slotRank; "" when none shows
	}{
		{Request{Query: "our storage bucket for avatars"}, "storage_update_bucket"},
		{Request{Query: "storage bucket avatars"}, ""},          // three words: a thing to read
		{Request{Query: "which users signed up this week"}, ""}, // a list question
		{Request{Query: "our storage bucket for avatars", IncludeMutating: &off}, ""},
		{Request{Query: "our storage bucket for avatars", ReadOnly: true}, ""},
		{Request{Query: "our storage bucket for avatars", ServiceHints: []string{"users"}}, ""},
	}
	for _, tt := range tests {
		for _, limit := range []int{slotRank - 1, slotRank, 8} {
			tt.req.Limit = limit
			got := ix.Search(tt.req)
			readsOnly := tt.req
			readsOnly.IncludeMutating = &off
			reads := matchNames(ix.Search(readsOnly))
			want := reads
			if tt.write != "" && limit >= slotRank {
				want = slices.Concat(reads[:slotRank-1], []string{tt.write}, reads[slotRank-1:limit-1])
			}
			if names := matchNames(got); !slices.Equal(names, want) || got.ShownMutating != (len(names) > slotRank-1 && tt.write != "") {
				t.Errorf("Search(%+v) = %v (shown %v), want %v", tt.req, names, got.ShownMutating, want)
			}
		}
	}
}

// TestQuestionSubject: the plural noun right after a list question is
// what the answer lists, an item named by its ID is what the task is
// about, and the tools acting on it rank in the first few even when other
// words of the task name other tools.
func TestQuestionSubject(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		query, subject, top3 string
	}{
		{"which topics have subscribers", "topic", "messaging_list_topics"},
		{"how many teams have members", "team", "teams_list"},
		{"which user has mfa on", "", ""}, // not plural: no subject
		{"which files did people upload", "file", "storage_list_files"},
		{"create users for these emails", "", ""},             // no question
		{"what is the phone of user 42", "user", "users_get"}, // one item, by ID
		{"keep backups for 30 days", "", ""},                  // a count, not an ID
	}
	for _, tt := range tests {
		q := ix.parseQuery(tt.query)
		if q.subject != tt.subject {
			t.Errorf("parseQuery(%q).subject = %q, want %q", tt.query, q.subject, tt.subject)
		}
		if tt.top3 == "" {
			continue
		}
		if got := matchNames(ix.Search(Request{Query: tt.query, Limit: 3})); !slices.Contains(got, tt.top3) {
			t.Errorf("Search(%q) = %v, want %s in the first 3", tt.query, got, tt.top3)
		}
	}
}

// TestDiversify: tools of one family (one service and verb, names that
// differ in one word) give way to another tool that scores a little less,
// so a wrong family cannot fill the whole answer.
func TestDiversify(t *testing.T) {
	ix := NewIndex(realTools(t))
	sib := []struct {
		a, b string
		want bool
	}{
		{"domains_create_record_a", "domains_create_record_txt", true},
		{"tables_db_create_text_column", "tables_db_create_string_column", true},
		{"domains_create_record_a", "domains_update_record_a", false}, // another verb
		{"users_list", "users_get", false},                            // too short to be a family
		{"users_update_email", "account_update_email", false},         // another service
	}
	for _, tt := range sib {
		if got := ix.siblings(docOf(t, ix, tt.a), docOf(t, ix, tt.b)); got != tt.want {
			t.Errorf("siblings(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	pool := []scoredDoc{
		{docOf(t, ix, "domains_create_record_a"), 1.0},
		{docOf(t, ix, "domains_create_record_aaaa"), 0.95},
		{docOf(t, ix, "domains_create_record_txt"), 0.9},
		{docOf(t, ix, "domains_get_zone"), 0.85},
	}
	var got []string
	for _, s := range ix.diversify(pool, 3) {
		got = append(got, ix.docs[s.doc].tool.Name)
	}
	if want := []string{"domains_create_record_a", "domains_get_zone", "domains_create_record_aaaa"}; !slices.Equal(got, want) {
		t.Errorf("diversify = %v, want %v", got, want)
	}
	// A shorter answer is the start of a longer one.
	for _, q := range []string{"create a dns record", "add a column", "list rows"} {
		short := matchNames(ix.Search(Request{Query: q, Limit: 3}))
		long := matchNames(ix.Search(Request{Query: q, Limit: 20}))
		if len(long) < 3 || !slices.Equal(short, long[:3]) {
			t.Errorf("Search(%q): limit 3 gives %v, limit 20 starts %v", q, short, long)
		}
	}
}

// TestContextEndsWithClause: words after a preposition name the context
// only up to the end of their clause ("in the staging project: list
// functions" is about functions).
func TestContextEndsWithClause(t *testing.T) {
	ix := NewIndex(realTools(t))
	for _, tt := range []struct {
		query, word string
		context     bool
	}{
		{"in the staging project: list functions", "function", false},
		{"in the staging project: list functions", "project", true},
		{"list functions in the staging project", "project", true},
	} {
		if got := ix.parseQuery(tt.query).context[tt.word]; got != tt.context {
			t.Errorf("parseQuery(%q).context[%q] = %v, want %v", tt.query, tt.word, got, tt.context)
		}
	}
}

// TestDataWords: words no tool and no lexicon entry uses name the
// person's own data, so the task also asks for rows; not when they are
// names, and not when nothing else in the task is known, not even that it
// is a question.
func TestDataWords(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		query string
		row   bool
	}{
		{"which recipes have no photo", true},
		{"show me the recipes", true},
		{"list users", false},
		{"add Alice to Engineering", false},   // capitalised: names
		{"zzqx frobnicate", false},            // nothing else known: no guess
		{"who booked desk 14 tomorrow", true}, // nothing else known, but a question
	}
	for _, tt := range tests {
		if q := ix.parseQuery(tt.query); q.has["row"] != tt.row {
			t.Errorf("parseQuery(%q) has row = %v, want %v (terms %v)", tt.query, q.has["row"], tt.row, q.terms)
		}
	}
}

// TestIDFactor: an item a task names by ID lifts its get tool and lowers
// its list and bulk tools; other tools, and tasks naming no ID, are left
// alone.
func TestIDFactor(t *testing.T) {
	checkQueryTool(t, "idFactor", (*query).idFactor, []queryToolCase[float64]{
		{"what is the phone of user 42", "users_get", idGetFactor},
		{"what is the phone of user 42", "users_list", idManyFactor},
		{"what is the phone of user 42", "users_update_phone", 1},
		{"suppress the row 42 of the table orders", "tables_db_delete_rows", idManyFactor},
		{"suppress the row 42 of the table orders", "tables_db_delete_row", 1},
		{"what is the phone of the user", "users_get", 1},
	})
}

// queryToolCase is a task, a tool, and what a check of the parsed task
// against the tool gives.
type queryToolCase[T comparable] struct {
	query, tool string
	want        T
}

// checkQueryTool parses each case's task over the real catalog and
// reports the cases where check of it and the tool is not want.
func checkQueryTool[T comparable](t *testing.T, name string, check func(*query, *searchDoc) T, cases []queryToolCase[T]) {
	t.Helper()
	ix := newIndex(realTools(t))
	for _, tt := range cases {
		q := ix.parseQuery(tt.query)
		if got := check(&q, &ix.docs[docOf(t, ix, tt.tool)]); got != tt.want {
			t.Errorf("parseQuery(%q).%s(%s) = %v, want %v", tt.query, name, tt.tool, got, tt.want)
		}
	}
}

// docOf is the place of the tool named name in ix; a test naming a tool
// the catalog does not have stops rather than check another tool.
func docOf(tb testing.TB, ix *Index, name string) int {
	tb.Helper()
	d, ok := ix.byName[name]
	if !ok {
		tb.Fatalf("no tool %s", name)
	}
	return d
}
