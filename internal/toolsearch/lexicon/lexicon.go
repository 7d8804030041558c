// Package lexicon is appwrite_search_tools' reviewable domain lexicon:
// data files (lexicon.txt for general words and the format, one
// lexicon_<area>.txt per area) that say how people phrase a task versus
// how Appwrite names its tools, and their parser; the hand-written tasks
// (tasks.tsv: requests with the tools that answer them, a development
// half and a held-out half); and the closed classes of English words (stop
// words, prepositions, determiners, units, clause openers) a task is read
// with. It knows nothing about ranking.
package lexicon

import (
	_ "embed"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/appwrite/appwrite-mcp/internal/text"
)

// The reviewable domain lexicon: how people say things that Appwrite
// names differently. lexicon.txt holds the general words and describes
// the format at its top; lexicon_<area>.txt files hold one area's
// vocabulary each (TestFiles: every such file is listed here).
// Embedded as strings, they stay in the binary's read-only data: what is
// parsed from them points into it instead of into a copy on the heap.
var (
	//go:embed lexicon.txt
	generalWords string
	//go:embed lexicon_admin.txt
	adminWords string
	//go:embed lexicon_data.txt
	dataWords string
	//go:embed lexicon_errors.txt
	errorWords string
	//go:embed lexicon_identity.txt
	identityWords string
	//go:embed lexicon_platform.txt
	platformWords string
)

// File is one file of the lexicon.
type File struct {
	Name, Text string
}

// Files returns the lexicon's files in name order (lexicon.txt
// first): the order in which equally long phrases are tried.
func Files() []File {
	return []File{
		{"lexicon.txt", generalWords},
		{"lexicon_admin.txt", adminWords},
		{"lexicon_data.txt", dataWords},
		{"lexicon_errors.txt", errorWords},
		{"lexicon_identity.txt", identityWords},
		{"lexicon_platform.txt", platformWords},
	}
}

// Embedded is the lexicon of the embedded files, parsed on first use. It
// is only read afterwards, so every index shares the one copy instead of
// parsing the files again for each narrowed server.
var Embedded = sync.OnceValue(func() Lexicon {
	var srcs []string
	for _, f := range Files() {
		srcs = append(srcs, f.Text)
	}
	return Parse(srcs...)
})

// Op is an intent a task can express.
type Op uint8

// Intents, from the tool name's verb.
const (
	None Op = iota
	List
	Get
	Read // list or get: "show", "see"
	Create
	Update
	Delete
)

func opByName(s string) Op {
	if s == "read" {
		return Read
	}
	return VerbOp(s)
}

// Entry is one lexicon line: the words it replaces and what they mean.
type Entry struct {
	Phrase []string // stemmed words, matched in order
	// Particle ends a phrasal verb a few words later: "sign … out" matches
	// "sign the user out".
	Particle string
	Terms    []string  // search terms added (stemmed)
	Weights  []float64 // "term^w": each term's weight factor; nil when all are 1 (see Weight)
	Strong   Op        // "@op": an explicit intent
	Weak     Op        // "?op": a question form's intent
	Service  string    // "svc:name": the service the words point at
	Change   bool      // "!": asks for a change even without a verb
	Many     bool      // "*": speaks of several items ("all", "bulk")
	Plural   bool      // the phrase is written in the plural ("details")
	Light    bool      // "~": a light verb ("make", "show"): a later verb says more
	Past     bool      // "<": a question about the past ("did"): later verbs only read
	Opening  bool      // "^": "<" only when the phrase opens the task ("is ...?")
}

// Weight is the weight factor of term k.
func (e Entry) Weight(k int) float64 {
	if e.Weights == nil {
		return 1
	}
	return e.Weights[k]
}

// Lexicon maps the first word of a phrase to its entries, longest first.
type Lexicon map[string][]Entry

// Parse reads lexicon text, from one or more sources in order; a
// malformed line is skipped (the lexicon test fails on it). Entries point
// into the sources' text, and all of them end in one array of their exact
// number: the lexicon stays in memory for the process's life.
func Parse(srcs ...string) Lexicon {
	lx := Lexicon{}
	n := 0
	for line := range lines(srcs) {
		e, ok := ParseEntry(line)
		if !ok {
			continue
		}
		first := e.Phrase[0]
		lx[first] = append(lx[first], e)
		n++
		for _, w := range e.Phrase[1:] {
			if _, ok := lx[w]; !ok {
				lx[w] = nil // known: typo correction leaves "changed" in "who changed" alone
			}
		}
	}
	all := make([]Entry, 0, n) // what append over-allocated becomes garbage
	for k, es := range lx {
		// Longest phrase first; stable so the file order breaks ties.
		sortEntries(es)
		if es != nil {
			all = append(all, es...)
			lx[k] = all[len(all)-len(es) : len(all) : len(all)]
		}
	}
	return lx
}

// lines yields the lines of srcs, one source after another.
func lines(srcs []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, src := range srcs {
			for line := range strings.Lines(src) {
				if !yield(strings.TrimSuffix(line, "\n")) {
					return
				}
			}
		}
	}
}

func sortEntries(es []Entry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].size() > es[j-1].size(); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// ParseEntry reads one line of a lexicon file; ok is false for a blank,
// comment or malformed line.
func ParseEntry(line string) (Entry, bool) {
	if i := strings.Index(line, "#"); i >= 0 {
		line = line[:i]
	}
	left, right, ok := strings.Cut(line, "=")
	if !ok {
		return Entry{}, false
	}
	var e Entry
	for _, w := range strings.Fields(strings.ToLower(left)) {
		if e.Particle != "" && e.Particle != "?" {
			return Entry{}, false // the particle ends the phrase
		}
		if w == "…" || w == "..." {
			e.Particle = "?"
			continue
		}
		if e.Particle == "?" {
			e.Particle = text.Singular(w)
			continue
		}
		e.Phrase = append(e.Phrase, text.Singular(w))
		e.Plural = e.Plural || text.Singular(w) != w
	}
	for _, f := range strings.Fields(strings.ToLower(right)) {
		switch {
		case f == "!":
			e.Change = true
		case f == "*":
			e.Many = true
		case f == "~":
			e.Light = true
		case f == "<":
			e.Past = true
		case f == "^":
			e.Opening = true
		case strings.HasPrefix(f, "@"):
			e.Strong = opByName(f[1:])
		case strings.HasPrefix(f, "?"):
			e.Weak = opByName(f[1:])
		case strings.HasPrefix(f, "svc:"):
			e.Service = f[4:]
		default:
			w := 1.0
			if t, num, ok := strings.Cut(f, "^"); ok {
				v, err := strconv.ParseFloat(num, 64)
				if err != nil || v <= 0 {
					return Entry{}, false
				}
				f, w = t, v
			}
			e.Terms = append(e.Terms, text.Singular(f))
			e.Weights = append(e.Weights, w)
		}
	}
	if !slices.ContainsFunc(e.Weights, func(w float64) bool { return w != 1 }) {
		e.Weights = nil
	}
	return e, len(e.Phrase) > 0 && e.Particle != "?"
}

// size orders entries: longer phrases first, a phrasal verb counting one
// more than its contiguous words.
func (e Entry) size() int {
	if e.Particle != "" {
		return len(e.Phrase) + 1
	}
	return len(e.Phrase)
}

// maxParticleGap is how many words may sit inside a phrasal verb.
const maxParticleGap = 3

// Lookup returns the longest entry whose phrase starts at toks[i], and the
// position of its particle (-1 when it has none).
func (lx Lexicon) Lookup(toks []string, i int) (Entry, int, bool) {
	for _, e := range lx[toks[i]] {
		end := i + len(e.Phrase)
		if end > len(toks) || !slices.Equal(toks[i:end], e.Phrase) {
			continue
		}
		if e.Particle == "" {
			return e, -1, true
		}
		start := end + 1 // a gap phrase ("upload … file") needs a word in its gap
		if Particle(e.Particle) {
			start = end // "take down the site" is "take … down" too
		}
		for k := start; k <= end+maxParticleGap && k < len(toks); k++ {
			if toks[k] == e.Particle {
				return e, k, true
			}
		}
	}
	return Entry{}, -1, false
}

// VerbOp is the intent a tool name's verb serves.
func VerbOp(verb string) Op {
	switch verb {
	case "list":
		return List
	case "get":
		return Get
	case "create", "add", "upsert":
		return Create
	case "update", "set", "increment", "decrement":
		return Update
	case "delete":
		return Delete
	}
	return None
}

// Opposite is the tool verb that undoes verb within one intent
// ("decrement" for "increment"), "" for none.
func Opposite(verb string) string {
	switch verb {
	case "increment":
		return "decrement"
	case "decrement":
		return "increment"
	}
	return ""
}
