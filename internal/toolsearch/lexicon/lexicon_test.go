package lexicon

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseEntry(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		want Entry
	}{
		{"kick out = session @delete", true, Entry{Phrase: []string{"kick", "out"}, Terms: []string{"session"}, Strong: Delete}},
		{"which = ?list", true, Entry{Phrase: []string{"which"}, Weak: List}},
		{"upload = file^1.5 @create", true, Entry{Phrase: []string{"upload"}, Terms: []string{"file"}, Weights: []float64{1.5}, Strong: Create}},
		{"upload = file^1.5 bucket", true, Entry{Phrase: []string{"upload"}, Terms: []string{"file", "bucket"}, Weights: []float64{1.5, 1}}},
		{"healthy = health svc:health", true, Entry{Phrase: []string{"healthy"}, Terms: []string{"health"}, Service: "health"}},
		{"all = *", true, Entry{Phrase: []string{"all"}, Many: true}},
		{"send = @create !", true, Entry{Phrase: []string{"send"}, Strong: Create, Change: true}},
		{"sign … out = session @delete", true, Entry{Phrase: []string{"sign"}, Particle: "out", Terms: []string{"session"}, Strong: Delete}},
		{"bad … = x", false, Entry{}},
		{"bad … out more = x", false, Entry{}},
		{"# comment = nothing", false, Entry{}},
		{"no equals sign", false, Entry{}},
		{"= orphan", false, Entry{}},
		{"bad = file^x", false, Entry{}},
		{"bad = file^-1", false, Entry{}},
	}
	for _, tt := range tests {
		got, ok := ParseEntry(tt.line)
		if ok != tt.ok {
			t.Errorf("ParseEntry(%q) ok = %v, want %v", tt.line, ok, tt.ok)
			continue
		}
		if ok && !sameEntry(got, tt.want) {
			t.Errorf("ParseEntry(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
}

// TestEntryWeight: a term without "^w" weighs 1, whether or not another
// term of its entry has a weight.
func TestEntryWeight(t *testing.T) {
	tests := []struct {
		line string
		want []float64
	}{
		{"kick out = session @delete", []float64{1}},
		{"upload = file^1.5 bucket", []float64{1.5, 1}},
		{"upload = file bucket^0.5", []float64{1, 0.5}},
	}
	for _, tt := range tests {
		e, ok := ParseEntry(tt.line)
		if !ok || len(e.Terms) != len(tt.want) {
			t.Fatalf("ParseEntry(%q) = %+v, %v", tt.line, e, ok)
		}
		for k, w := range tt.want {
			if got := e.Weight(k); got != w {
				t.Errorf("ParseEntry(%q).Weight(%d) = %v, want %v", tt.line, k, got, w)
			}
		}
	}
}

func sameEntry(a, b Entry) bool {
	return strings.Join(a.Phrase, " ") == strings.Join(b.Phrase, " ") && a.Particle == b.Particle &&
		strings.Join(a.Terms, " ") == strings.Join(b.Terms, " ") &&
		slices.Equal(a.Weights, b.Weights) && (a.Weights == nil) == (b.Weights == nil) &&
		a.Strong == b.Strong && a.Plural == b.Plural && a.Weak == b.Weak && a.Service == b.Service && a.Change == b.Change && a.Many == b.Many
}

// TestFiles: the lexicon files are the lexicon*.txt files on disk, in
// name order (lexicon.txt first), every file parses into entries, and
// Lookup finds the longest phrase, with a particle next to it or a few
// words on.
func TestFiles(t *testing.T) {
	files := Files()
	if len(files) < 2 || files[0].Name != "lexicon.txt" {
		t.Fatalf("files: want lexicon.txt first and area files after it, got %d", len(files))
	}
	var onDisk []string
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if ok, _ := filepath.Match("lexicon*.txt", e.Name()); ok {
			onDisk = append(onDisk, e.Name())
		}
	}
	var listed []string
	for _, f := range files {
		listed = append(listed, f.Name)
		if raw, err := os.ReadFile(f.Name); err != nil || string(raw) != f.Text {
			t.Errorf("Files() holds %s not as it is on disk (%v)", f.Name, err)
		}
	}
	if !slices.Equal(listed, onDisk) { // ReadDir sorts by name
		t.Errorf("Files() lists %v; the lexicon files are %v (list a new one in lexicon.go, in name order)", listed, onDisk)
	}
	var joined strings.Builder // the whole lexicon as one text
	for _, f := range files {
		joined.WriteString(f.Text + "\n")
	}
	lx := Parse(joined.String())
	if !reflect.DeepEqual(lx, Embedded()) {
		t.Error("the files parsed one after another are not the lexicon of their text")
	}
	for _, tt := range []struct {
		toks     []string
		phrase   string
		particle int
	}{
		{[]string{"who", "is", "in", "the", "team"}, "who is in", -1},
		{[]string{"sign", "the", "user", "out"}, "sign", 3},
		{[]string{"take", "down", "the", "site"}, "take", 1},              // a particle may follow its verb
		{[]string{"can", "t", "upload", "file"}, "can t upload", -1},      // a gap phrase needs its gap
		{[]string{"can", "t", "upload", "my", "file"}, "can t upload", 4}, // and has it here
	} {
		e, at, ok := lx.Lookup(tt.toks, 0)
		if !ok || strings.Join(e.Phrase, " ") != tt.phrase || at != tt.particle {
			t.Errorf("Lookup(%v) = %q at %d (%v), want %q at %d", tt.toks, strings.Join(e.Phrase, " "), at, ok, tt.phrase, tt.particle)
		}
	}
}

func TestOpposite(t *testing.T) {
	for verb, want := range map[string]string{"increment": "decrement", "decrement": "increment", "update": "", "delete": ""} {
		if got := Opposite(verb); got != want {
			t.Errorf("Opposite(%q) = %q, want %q", verb, got, want)
		}
	}
}
