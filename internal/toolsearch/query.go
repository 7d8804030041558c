package toolsearch

import (
	"slices"
	"strings"
	"unicode"
)

// Query-term weights.
const (
	weightQuery   = 1.0 // a word of the task
	weightLexicon = 0.9 // a term the lexicon adds
	weightVerb    = 0.5 // the verb of a detected intent
	weightTypo    = 0.7 // the index word nearest to an unknown word
)

// query is a parsed task.
type query struct {
	terms    []qterm // sorted by term: sums are added in a fixed order
	has      map[string]bool
	strong   []op // explicit intents, in order
	weak     []op // question-form intents
	services []string
	change   bool // the task asks for a change
	plural   bool // a plural noun: lists rather than single items
}

type qterm struct {
	term string
	w    float64
}

// rawTokens lower-cases and stems every word of s, stop words included
// (the lexicon matches phrases such as "who is in").
func rawTokens(s string) (toks []string, plural bool) {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		var parts []string
		parts = appendCamelRaw(parts, f)
		for _, p := range parts {
			p = strings.ToLower(p)
			st := stem(p)
			if st != p && len(p) > 3 && !isStopWord(p) {
				plural = true
			}
			toks = append(toks, st)
		}
	}
	return toks, plural
}

func appendCamelRaw(dst []string, w string) []string {
	last := 0
	prevLower := false
	for i, r := range w {
		if unicode.IsUpper(r) && prevLower && i > last {
			dst = append(dst, w[last:i])
			last = i
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	return append(dst, w[last:])
}

// parseQuery applies the lexicon to the task's words, then detects the
// intent from what remains, and falls back to the nearest index word for
// words the index does not know.
func (ix *Index) parseQuery(s string) query {
	toks, plural := rawTokens(s)
	q := query{plural: plural, has: map[string]bool{}}
	add := func(t string, w float64) {
		if t == "" {
			return
		}
		for i := range q.terms {
			if q.terms[i].term == t {
				q.terms[i].w = max(q.terms[i].w, w)
				return
			}
		}
		q.terms = append(q.terms, qterm{t, w})
		q.has[t] = true
	}
	for i := 0; i < len(toks); {
		if e, ok := ix.lex.lookup(toks, i); ok {
			for _, t := range e.terms {
				add(t, weightLexicon)
			}
			q.noteEntry(e)
			i += len(e.phrase)
			continue
		}
		w := toks[i]
		i++
		if len(w) < 2 || isStopWord(w) {
			continue
		}
		if _, known := ix.idf[w]; !known {
			if near := ix.nearestWord(w); near != "" {
				add(near, weightTypo)
			}
			continue
		}
		add(w, weightQuery)
	}
	for _, o := range q.strong {
		add(verbOf(o), weightVerb)
	}
	slices.SortFunc(q.terms, func(a, b qterm) int { return strings.Compare(a.term, b.term) })
	return q
}

func (q *query) noteEntry(e entry) {
	if e.strong != opNone {
		q.strong = append(q.strong, e.strong)
		if e.strong >= opCreate {
			q.change = true
		}
	}
	if e.weak != opNone {
		q.weak = append(q.weak, e.weak)
	}
	if e.service != "" {
		q.services = append(q.services, e.service)
	}
	if e.change {
		q.change = true
	}
}

// verbOf is the tool-name verb of an intent.
func verbOf(o op) string {
	switch o {
	case opList:
		return "list"
	case opGet, opRead:
		return "get"
	case opCreate:
		return "create"
	case opUpdate:
		return "update"
	case opDelete:
		return "delete"
	}
	return ""
}

// docOp is the intent a tool name's verb serves.
func docOp(verb string) op {
	switch verb {
	case "list":
		return opList
	case "get":
		return opGet
	case "create", "add", "upsert":
		return opCreate
	case "update", "set", "increment", "decrement":
		return opUpdate
	case "delete":
		return opDelete
	}
	return opNone
}

// opMatches reports whether a tool serving have answers an intent want.
func opMatches(want, have op, verb string) bool {
	switch {
	case want == have:
		return true
	case want == opRead:
		return have == opList || have == opGet
	case verb == "upsert":
		return want == opUpdate
	}
	return false
}

// intentFactor scores how well a tool's verb fits the task's intent: the
// first explicit intent decides; a question form only nudges.
func (q *query) intentFactor(d *searchDoc) float64 {
	have := docOp(d.verb)
	if len(q.strong) > 0 {
		for _, o := range q.strong {
			if opMatches(o, have, d.verb) {
				if have == opList && q.plural {
					return 1.7
				}
				return 1.6
			}
		}
		if have != opNone {
			return 0.55
		}
		return 0.9
	}
	for _, o := range q.weak {
		if opMatches(o, have, d.verb) {
			return 1.35
		}
	}
	if q.plural && have == opList {
		return 1.15
	}
	return 1
}

// nearestWord is the tool-name word closest to an unknown word (typos,
// other spellings), or "" when none is close.
func (ix *Index) nearestWord(w string) string {
	if len(w) < 4 {
		return ""
	}
	limit := 1
	if len(w) >= 7 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range ix.nameWords {
		if c[0] != w[0] && len(w) < 7 {
			continue
		}
		if abs(len(c)-len(w)) > limit {
			continue
		}
		if d := editDistance(w, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
