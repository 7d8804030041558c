package words_test

import (
	"slices"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

func TestRawTokens(t *testing.T) {
	tests := []struct {
		in     string
		toks   []string
		plural []bool
	}{
		{"turn on 2FA", []string{"turn", "on", "2fa"}, []bool{false, false, false}},
		{"listRows in tables", []string{"list", "row", "in", "table"}, []bool{false, true, false, true}},
		{"msg91Provider", []string{"msg91", "provider"}, []bool{false, false}},
		{"iOS push on my iPhone", []string{"ios", "push", "on", "my", "iphone"}, []bool{false, false, false, false, false}},
		{"who's in", []string{"who", "s", "in"}, []bool{false, false, false}},
	}
	for _, tt := range tests {
		tk := words.Read(tt.in)
		if len(tk.Opens) != len(tk.Words) || len(tk.Sub) != len(tk.Words) || (len(tk.Opens) > 0 && !tk.Opens[0]) {
			t.Errorf("words.Read(%q): clause marks %v %v", tt.in, tk.Opens, tk.Sub)
		}
		toks, plural := tk.Words, tk.Plural
		if !slices.Equal(toks, tt.toks) || !slices.Equal(plural, tt.plural) {
			t.Errorf("words.Read(%q) = %v %v, want %v %v", tt.in, toks, plural, tt.toks, tt.plural)
		}
	}
}

// TestClauses: a clause starts after , ; : . ! ? (a sentence after . ! ?)
// and fillers such as "please" keep it open; a subordinate clause runs to the next mark.
func TestClauses(t *testing.T) {
	tk := words.Read("if it failed, please redeploy it. then (quickly) list logs")
	want := []struct {
		word                string
		opens, sb, sentence bool
	}{
		{"if", true, true, true},
		{"it", false, true, false},
		{"failed", false, true, false},
		{"please", true, false, false},
		{"redeploy", true, false, false},
		{"it", false, false, false},
		{"then", true, false, true},
		{"quickly", true, false, false},
		{"list", true, false, false},
		{"log", false, false, false},
	}
	if len(tk.Words) != len(want) {
		t.Fatalf("words %v", tk.Words)
	}
	for i, w := range want {
		if tk.Words[i] != w.word || tk.Opens[i] != w.opens || tk.Sub[i] != w.sb || tk.Sentence[i] != w.sentence {
			t.Errorf("word %d: %q opens %v sub %v sentence %v; want %q %v %v %v", i, tk.Words[i], tk.Opens[i], tk.Sub[i], tk.Sentence[i], w.word, w.opens, w.sb, w.sentence)
		}
	}
}

// TestRelativeClause: "that can read files" describes the key; its verb
// is subordinate. A question's "who can" is not a relative clause.
func TestRelativeClause(t *testing.T) {
	for _, tt := range []struct {
		in  string
		sub []bool
	}{
		{"need a key that can read files", []bool{false, false, false, false, true, true, true}},
		{"who can access this table", []bool{false, false, false, false, false}},
		{"remove that row", []bool{false, false, false}},
		{"show posts that's published", []bool{false, false, false, true, true}}, // that 's: an auxiliary
		{"list rows that were deleted", []bool{false, false, false, true, true}},
	} {
		if got := words.Read(tt.in).Sub; !slices.Equal(got, tt.sub) {
			t.Errorf("words.Read(%q).sub = %v, want %v", tt.in, got, tt.sub)
		}
	}
}
