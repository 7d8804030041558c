package words

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// Tokens are the words of a task, lower-cased and stemmed, stop words
// included (the lexicon matches phrases such as "who is in").
type Tokens struct {
	Words  []string
	Plural []bool // the word was written in the plural
	// Opens marks the first word of a clause (after fillers such as
	// "please"): a verb there is an imperative.
	Opens []bool
	// Sub marks the words of a subordinate clause ("before I rotate
	// anything, ..."): a verb there sets no intent.
	Sub []bool
	// Sentence marks the first word of a sentence (after . ! ?): a
	// question ends there ("why is this still here? remove it").
	Sentence []bool
	// Name marks a capitalised word inside a clause ("add Alice to
	// Engineering"): a proper name, never a misspelt word.
	Name []bool
}

// Read splits a task into its tokens; clauses end at , ; : . ! ?
func Read(s string) Tokens {
	var t Tokens
	opens, sub := true, false
	start, sentence := true, true // the next word starts a clause, a sentence
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
		var parts []string
		parts = appendCamel(parts, f)
		for _, raw := range parts {
			for _, p := range strings.FieldsFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				p = strings.ToLower(p)
				first := start
				if start {
					opens, sub, start = true, lexicon.Subordinator(p), false
				}
				st := text.Singular(p)
				t.Name = append(t.Name, !first && isCapitalised(raw))
				t.Words = append(t.Words, st)
				t.Plural = append(t.Plural, st != p && len(p) > 3 && !lexicon.StopWord(p))
				t.Opens = append(t.Opens, opens)
				t.Sub = append(t.Sub, sub)
				t.Sentence = append(t.Sentence, first && sentence)
				sentence = false
				opens = opens && lexicon.Filler(p)
			}
		}
		if end := strings.TrimRight(f, ")]}\"'"); end != "" && strings.ContainsAny(end[len(end)-1:], ",;:.!?") {
			start = true
			sentence = strings.ContainsAny(end[len(end)-1:], ".!?")
		}
	}
	t.markRelative()
	return t
}

// markRelative marks a relative clause as subordinate: "a key that can
// read files" asks for a key; "read" sets no intent. It runs from "that",
// "which" or "who" followed by a modal or auxiliary, inside a clause, to
// the clause's end.
func (t *Tokens) markRelative() {
	for i := 1; i+1 < len(t.Words); i++ {
		if t.Opens[i] || !lexicon.Relative(t.Words[i]) || !lexicon.Auxiliary(t.Words[i+1]) {
			continue
		}
		for k := i + 1; k < len(t.Words) && !t.Opens[k]; k++ {
			t.Sub[k] = true
		}
	}
}

// isCapitalised reports a word written like a name: "Alice", not "API".
func isCapitalised(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && strings.IndexFunc(w[size:], unicode.IsLower) >= 0
}
