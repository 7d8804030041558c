package toolsearch

import (
	"embed"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/text"
)

// lexiconFiles hold the reviewable domain lexicon: how people say things
// that Appwrite names differently. lexicon.txt holds the general words and
// describes the format at its top; lexicon_<area>.txt files hold one
// area's vocabulary each.
//
//go:embed lexicon*.txt
var lexiconFiles embed.FS

// lexiconFile is one file of the lexicon.
type lexiconFile struct {
	name, text string
}

// lexiconSources returns the lexicon's files in name order (lexicon.txt
// first): the order in which equally long phrases are tried.
func lexiconSources() []lexiconFile {
	names, err := fs.Glob(lexiconFiles, "lexicon*.txt")
	if err != nil {
		return nil // the pattern is constant and valid
	}
	slices.Sort(names)
	out := make([]lexiconFile, 0, len(names))
	for _, n := range names {
		b, err := lexiconFiles.ReadFile(n)
		if err != nil {
			continue // embedded: cannot fail for a name Glob returned
		}
		out = append(out, lexiconFile{n, string(b)})
	}
	return out
}

// lexiconText is the whole lexicon, its files in order.
func lexiconText() string {
	var b strings.Builder
	for _, f := range lexiconSources() {
		b.WriteString(f.text)
		b.WriteString("\n")
	}
	return b.String()
}

// op is an intent a task can express.
type op uint8

// Intents, from the tool name's verb.
const (
	opNone op = iota
	opList
	opGet
	opRead // list or get: "show", "see"
	opCreate
	opUpdate
	opDelete
)

func opByName(s string) op {
	if s == "read" {
		return opRead
	}
	return docOp(s)
}

// entry is one lexicon line: the words it replaces and what they mean.
type entry struct {
	phrase []string // stemmed words, matched in order
	// particle ends a phrasal verb a few words later: "sign … out" matches
	// "sign the user out".
	particle string
	terms    []string  // search terms added (stemmed)
	weights  []float64 // "term^w": the term's weight factor, 1 otherwise
	strong   op        // "@op": an explicit intent
	weak     op        // "?op": a question form's intent
	service  string    // "svc:name": the service the words point at
	change   bool      // "!": asks for a change even without a verb
	many     bool      // "*": speaks of several items ("all", "bulk")
	plural   bool      // the phrase is written in the plural ("details")
	light    bool      // "~": a light verb ("make", "show"): a later verb says more
	past     bool      // "<": a question about the past ("did"): later verbs only read
	opening  bool      // "^": "<" only when the phrase opens the task ("is ...?")
}

// lexicon maps the first word of a phrase to its entries, longest first.
type lexicon map[string][]entry

// parseLexicon reads lexicon.txt; a malformed line is skipped (the lexicon
// test fails on it).
func parseLexicon(src string) lexicon {
	lx := lexicon{}
	for _, line := range strings.Split(src, "\n") {
		e, ok := parseEntry(line)
		if !ok {
			continue
		}
		first := e.phrase[0]
		lx[first] = append(lx[first], e)
		for _, w := range e.phrase[1:] {
			if _, ok := lx[w]; !ok {
				lx[w] = nil // known: typo correction leaves "changed" in "who changed" alone
			}
		}
	}
	for k, es := range lx {
		// Longest phrase first; stable so the file order breaks ties.
		sortEntries(es)
		lx[k] = es
	}
	return lx
}

func sortEntries(es []entry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].size() > es[j-1].size(); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func parseEntry(line string) (entry, bool) {
	if i := strings.Index(line, "#"); i >= 0 {
		line = line[:i]
	}
	left, right, ok := strings.Cut(line, "=")
	if !ok {
		return entry{}, false
	}
	var e entry
	for _, w := range strings.Fields(strings.ToLower(left)) {
		if e.particle != "" && e.particle != "?" {
			return entry{}, false // the particle ends the phrase
		}
		if w == "…" || w == "..." {
			e.particle = "?"
			continue
		}
		if e.particle == "?" {
			e.particle = text.Singular(w)
			continue
		}
		e.phrase = append(e.phrase, text.Singular(w))
		e.plural = e.plural || text.Singular(w) != w
	}
	for _, f := range strings.Fields(strings.ToLower(right)) {
		switch {
		case f == "!":
			e.change = true
		case f == "*":
			e.many = true
		case f == "~":
			e.light = true
		case f == "<":
			e.past = true
		case f == "^":
			e.opening = true
		case strings.HasPrefix(f, "@"):
			e.strong = opByName(f[1:])
		case strings.HasPrefix(f, "?"):
			e.weak = opByName(f[1:])
		case strings.HasPrefix(f, "svc:"):
			e.service = f[4:]
		default:
			w := 1.0
			if t, num, ok := strings.Cut(f, "^"); ok {
				v, err := strconv.ParseFloat(num, 64)
				if err != nil || v <= 0 {
					return entry{}, false
				}
				f, w = t, v
			}
			e.terms = append(e.terms, text.Singular(f))
			e.weights = append(e.weights, w)
		}
	}
	return e, len(e.phrase) > 0 && e.particle != "?"
}

// size orders entries: longer phrases first, a phrasal verb counting one
// more than its contiguous words.
func (e entry) size() int {
	if e.particle != "" {
		return len(e.phrase) + 1
	}
	return len(e.phrase)
}

// maxParticleGap is how many words may sit inside a phrasal verb.
const maxParticleGap = 3

// lookup returns the longest entry whose phrase starts at toks[i], and the
// position of its particle (-1 when it has none).
func (lx lexicon) lookup(toks []string, i int) (entry, int, bool) {
	for _, e := range lx[toks[i]] {
		end := i + len(e.phrase)
		if end > len(toks) || !slices.Equal(toks[i:end], e.phrase) {
			continue
		}
		if e.particle == "" {
			return e, -1, true
		}
		for k := end + 1; k <= end+maxParticleGap && k < len(toks); k++ {
			if toks[k] == e.particle {
				return e, k, true
			}
		}
	}
	return entry{}, -1, false
}
