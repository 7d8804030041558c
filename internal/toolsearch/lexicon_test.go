package toolsearch

import (
	"fmt"
	"strings"
	"testing"
)

// TestLexicon checks every line of the lexicon files: it parses, no phrase
// is listed twice (in any file), every term it adds is a word of the index
// (a term nothing contains would be dead weight) and every service it
// names exists.
func TestLexicon(t *testing.T) {
	ix := NewIndex(realTools(t))
	services := map[string]bool{}
	for _, s := range ix.services {
		services[s] = true
	}
	files := lexiconSources()
	if len(files) == 0 || files[0].name != "lexicon.txt" {
		t.Fatalf("lexicon files %v: want lexicon.txt first", files)
	}
	seen := map[string]string{}
	for _, f := range files {
		for n, line := range strings.Split(f.text, "\n") {
			at := fmt.Sprintf("%s:%d", f.name, n+1)
			key := checkLexiconLine(t, ix, services, at, line)
			if prev, dup := seen[key]; dup && key != "" {
				t.Errorf("%s: %q already at %s", at, key, prev)
			}
			seen[key] = at
		}
	}
}

// checkLexiconLine checks one line and returns its phrase key ("" for a
// blank or bad line).
func checkLexiconLine(t *testing.T, ix *Index, services map[string]bool, at, line string) string {
	t.Helper()
	body, _, _ := strings.Cut(line, "#")
	if strings.TrimSpace(body) == "" {
		return ""
	}
	e, ok := parseEntry(line)
	if !ok {
		t.Errorf("%s: malformed %q", at, line)
		return ""
	}
	for _, term := range e.terms {
		if ix.idf[term] == 0 {
			t.Errorf("%s: %q is not a word of any tool", at, term)
		}
	}
	if e.service != "" && !services[e.service] {
		t.Errorf("%s: unknown service %q", at, e.service)
	}
	if len(e.terms) == 0 && e.strong == opNone && e.weak == opNone && e.service == "" && !e.many && !e.change {
		t.Errorf("%s: %q adds nothing", at, line)
	}
	key := strings.Join(e.phrase, " ")
	if e.particle != "" {
		key += " … " + e.particle
	}
	return key
}

func TestParseEntry(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		want entry
	}{
		{"kick out = session @delete", true, entry{phrase: []string{"kick", "out"}, terms: []string{"session"}, weights: []float64{1}, strong: opDelete}},
		{"which = ?list", true, entry{phrase: []string{"which"}, weak: opList}},
		{"upload = file^1.5 @create", true, entry{phrase: []string{"upload"}, terms: []string{"file"}, weights: []float64{1.5}, strong: opCreate}},
		{"healthy = health svc:health", true, entry{phrase: []string{"healthy"}, terms: []string{"health"}, weights: []float64{1}, service: "health"}},
		{"all = *", true, entry{phrase: []string{"all"}, many: true}},
		{"send = @create !", true, entry{phrase: []string{"send"}, strong: opCreate, change: true}},
		{"sign … out = session @delete", true, entry{phrase: []string{"sign"}, particle: "out", terms: []string{"session"}, weights: []float64{1}, strong: opDelete}},
		{"bad … = x", false, entry{}},
		{"bad … out more = x", false, entry{}},
		{"# comment = nothing", false, entry{}},
		{"no equals sign", false, entry{}},
		{"= orphan", false, entry{}},
		{"bad = file^x", false, entry{}},
		{"bad = file^-1", false, entry{}},
	}
	for _, tt := range tests {
		got, ok := parseEntry(tt.line)
		if ok != tt.ok {
			t.Errorf("parseEntry(%q) ok = %v, want %v", tt.line, ok, tt.ok)
			continue
		}
		if ok && !sameEntry(got, tt.want) {
			t.Errorf("parseEntry(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
}

func sameEntry(a, b entry) bool {
	return strings.Join(a.phrase, " ") == strings.Join(b.phrase, " ") && a.particle == b.particle &&
		strings.Join(a.terms, " ") == strings.Join(b.terms, " ") &&
		len(a.weights) == len(b.weights) && (len(a.weights) == 0 || a.weights[0] == b.weights[0]) &&
		a.strong == b.strong && a.plural == b.plural && a.weak == b.weak && a.service == b.service && a.change == b.change && a.many == b.many
}
