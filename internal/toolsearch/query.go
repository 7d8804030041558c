package toolsearch

import (
	"slices"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/spell"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

// Query-term weights.
const (
	weightQuery   = 1.0 // a word of the task
	weightLexicon = 0.9 // a term the lexicon adds
	weightVerb    = 0.5 // the verb of a detected intent
	weightContext = 0.7 // factor for words after a preposition
	nameFactor    = 0.2 // factor for a word that names a table or bucket
	childWeight   = 0.6 // what a named container holds, when the task reads it
	dataWeight    = 1.2 // rows, for a task in words no tool uses (see readQuery)
	minDataWord   = 4   // shorter unknown words are too often slang or codes
)

// query is a parsed task.
type query struct {
	terms   []qterm // sorted by term: sums are added in a fixed order
	has     map[string]bool
	strong  []lexicon.Op // explicit intents, in order
	primary lexicon.Op   // the intent that decides: the first not light one
	past    bool         // a question about the past: verbs after it only read
	// primaryLight: the primary intent so far comes from a light verb.
	primaryLight bool
	imperative   bool         // the primary intent is a clause's first verb
	weak         []lexicon.Op // question-form intents
	services     []string
	// subject is the plural noun right after a list question ("which
	// users ...", "how many functions ..."): what the answer lists; or
	// the one item named by an ID ("user 123", byID).
	subject string
	byID    bool
	change  bool            // the task asks for a change
	many    bool            // "all", "bulk": several items
	plurals map[string]bool // terms the task used in the plural
	// context holds the terms that appear only after a preposition: they
	// name where the task happens, not what it acts on.
	context map[string]bool
	full    map[string]bool // terms named outside the context
	// hasID and ctxID are has and context by vocab position, for the
	// per-tool checks of scoring.
	hasID, ctxID []bool
	words        []string // the words learning knows tasks by (learnWords)
}

// objectInContext reports a tool whose object the task names only as its
// context: tables_db_create_table for "add a row to the orders table".
func (q *query) objectInContext(d *searchDoc) bool {
	seen := false
	for _, id := range d.objectIDs {
		if !q.hasID[id] {
			continue
		}
		if !q.ctxID[id] {
			return false
		}
		seen = true
	}
	return seen
}

// subjectOf reports a tool that acts on the subject of a list question:
// users_list for "which users have mfa on"; not a list for one item.
func (q *query) subjectOf(d *searchDoc) bool {
	if q.byID && d.Verb == "list" {
		return false
	}
	return q.subject != "" && slices.Contains(d.ObjectWords, q.subject)
}

// idFactor shapes a tool by the one item a task names by ID ("the phone
// of user 42"): its get tool reads it; its list and bulk tools, which find
// or act on many, fit less, however often people who named an item by its
// name or email needed the list first.
func (q *query) idFactor(d *searchDoc) float64 {
	if !q.byID || !slices.Contains(d.ObjectWords, q.subject) {
		return 1
	}
	switch {
	case d.Verb == "list" || d.PluralName:
		return idManyFactor
	case d.Verb == "get":
		return idGetFactor
	}
	return 1
}

// pluralFor reports whether the task speaks of several of the tool's
// objects ("rows" for tables_db_list_rows).
func (q *query) pluralFor(d *searchDoc) bool {
	return q.many || q.plurals[d.Object]
}

type qterm struct {
	term string
	w    float64
}

// isNumber reports a word of digits only.
func isNumber(w string) bool {
	return w != "" && strings.Trim(w, "0123456789") == ""
}

// isID reports whether toks[k] names one item: digits ("user 42"), or
// digits and letters that neither the index nor the lexicon knows ("user
// 66aa", "execution 5f2e"; not "2fa" or "s3"); never a quantity ("after 7
// days", "10 mb").
func (ix *Index) isID(toks []string, k int) bool {
	if k >= len(toks) {
		return false
	}
	if k+1 < len(toks) && lexicon.Unit(toks[k+1]) {
		return false
	}
	w := toks[k]
	if isNumber(w) {
		return true
	}
	if len(w) < 3 || !strings.ContainsAny(w, "0123456789") {
		return false
	}
	_, indexed := ix.idf[w]
	_, lexical := ix.lex[w]
	return !indexed && !lexical
}

// asNoun reads a one-word verb of the lexicon used as a noun: in the
// plural ("updates", "posts") it is a plain word (ok false); after a
// determiner, when another verb says what to do ("the table has a
// duplicate, remove it"), it keeps its terms but asks for nothing. A light
// verb ("a new table") and a lone one ("give me a jwt") keep their meaning.
func (ix *Index) asNoun(e lexicon.Entry, toks []string, plural []bool, i int) (lexicon.Entry, bool) {
	if len(e.Phrase) != 1 || e.Strong == lexicon.None {
		return e, true
	}
	if plural[i] && !e.Plural {
		return e, false
	}
	if i > 0 && !e.Light && lexicon.Determiner(toks[i-1]) && ix.otherVerb(toks, i) {
		if len(e.Terms) == 0 {
			return e, false
		}
		e.Strong, e.Change = lexicon.None, false
	}
	return e, true
}

// otherVerb reports a verb of the lexicon in toks other than the one at i
// and not itself after a determiner.
func (ix *Index) otherVerb(toks []string, i int) bool {
	for k := range toks {
		if k == i || (k > 0 && lexicon.Determiner(toks[k-1])) {
			continue
		}
		if e, _, ok := ix.lex.Lookup(toks, k); ok && e.Strong != lexicon.None && !e.Light {
			return true
		}
	}
	return false
}

// parseQuery reads a task (readQuery) and marks its terms by vocab
// position for the per-tool checks of scoring.
func (ix *Index) parseQuery(s string) query {
	q := ix.readQuery(s)
	ix.markIDs(&q)
	return q
}

// readQuery applies the lexicon to the task's words, then detects the
// intent from what remains, and falls back to the nearest index word for
// words the index does not know. The terms are sorted: sums are then added
// in a fixed order.
func (ix *Index) readQuery(s string) query {
	p := parser{ix: ix, tk: ix.tokenize(s), ctx: 1}
	p.q = query{has: map[string]bool{}, plurals: map[string]bool{}, context: map[string]bool{}, full: map[string]bool{}}
	p.q.words = learnWords(p.tk)
	p.skip = make([]bool, len(p.tk.Words))
	for i := 0; i < len(p.tk.Words); {
		if p.skip[i] {
			i++
			continue
		}
		if i > 0 && p.tk.Opens[i] && !p.tk.Opens[i-1] {
			p.ctx = 1                // a preposition's context ends with its clause
			p.q.primaryLight = false // so does a light verb's: "show the sites, I keep losing track"
		}
		if i > 0 && p.tk.Sentence[i] {
			p.q.past = false // a question ends with its sentence: "why is it still here? remove it"
		}
		e, at, ok := ix.lex.Lookup(p.tk.Words, i)
		if ok {
			e, ok = ix.asNoun(e, p.tk.Words, p.tk.Plural, i)
		}
		if ok {
			i = p.entry(e, i, at)
		} else {
			i = p.word(i)
		}
	}
	q := &p.q
	if p.named != "" && (q.primary == lexicon.None || q.primary == lexicon.Read || q.primary == lexicon.List) {
		// "what's in the orders table", "browse the media bucket": to
		// read a named container is to read what it holds.
		q.add(lexicon.Contents(p.named), childWeight, true, false)
	}
	if p.unknown > 0 && (len(q.terms) > 0 || q.primary != lexicon.None || len(q.weak) > 0) {
		// "show me the recipes", "who booked desk 14?": words no tool
		// uses name the person's own data, kept in rows; with nothing
		// else known, not even a question ("zzqx frobnicate"), nothing.
		q.add("row", dataWeight, p.unknown > 1, false)
	}
	if q.primary != lexicon.None {
		q.add(verbOf(q.primary), weightVerb, false, false)
		if q.primary == lexicon.Read {
			q.add("list", weightVerb, false, false)
		}
	}
	slices.SortFunc(q.terms, func(a, b qterm) int { return strings.Compare(a.term, b.term) })
	for _, t := range q.terms {
		q.words = append(q.words, "="+t.term)
	}
	return p.q
}

// tokenize reads a task's words: values replaced by their kind, typos
// corrected.
func (ix *Index) tokenize(s string) words.Tokens {
	tk := words.Read(words.StripValues(s, ix.vocabulary))
	ix.correctTypos(tk.Words, tk.Name)
	return tk
}

// parser reads a task's tokens into a query, left to right.
type parser struct {
	ix    *Index
	tk    words.Tokens
	q     query
	ctx   float64 // a word's weight factor: lowered after a preposition
	skip  []bool  // particles of phrasal verbs already read
	asked bool    // the last words were a list question
	named string  // a container the task names ("the orders table")
	// unknown counts the words neither the lexicon nor the index knows
	// (at least minDataWord letters, not a name).
	unknown int
}

// entry reads the lexicon entry e found at word i (its particle at at, or
// -1) and returns the position after it.
func (p *parser) entry(e lexicon.Entry, i, at int) int {
	q, toks := &p.q, p.tk.Words
	if at >= 0 {
		p.skip[at] = true
	}
	pl := slices.Contains(p.tk.Plural[i:i+len(e.Phrase)], true)
	end := i + len(e.Phrase)
	noun := e.Strong == lexicon.None && e.Weak == lexicon.None && len(e.Terms) > 0
	named := noun && !pl && p.ix.isID(toks, end) // "post 42"
	f := 1.0
	if e.Strong == lexicon.None && !named {
		f = p.ctx
	}
	if noun && len(e.Phrase) == 1 && p.markContainerName(end) {
		f *= nameFactor // "the orders table": a name, hardly rows
	}
	for k, t := range e.Terms {
		q.add(t, f*weightLexicon*e.Weight(k), pl, f < 1)
	}
	if noun && q.subject == "" && (named || (p.asked && pl)) {
		q.subject, q.byID = e.Terms[0], named // "what regions", "post 42": nouns the lexicon knows
	}
	q.noteEntry(e, p.tk.Opens[i], p.tk.Sub[i])
	p.asked = e.Weak == lexicon.List && e.Strong == lexicon.None && len(q.strong) == 0
	return end
}

// word reads word i, which the lexicon does not know, and returns the
// position after it.
func (p *parser) word(i int) int {
	q, toks := &p.q, p.tk.Words
	w, pl := toks[i], p.tk.Plural[i]
	if p.asked && pl && q.subject == "" {
		q.subject = w
	}
	p.asked = false
	if lexicon.Preposition(w) {
		p.ctx = weightContext
	}
	if len(w) < 2 || lexicon.StopWord(w) || isNumber(w) || (i > 0 && isNumber(toks[i-1]) && lexicon.Unit(w)) {
		return i + 1 // "30 days", "user 42": numbers and units say nothing about the tool
	}
	if _, known := p.ix.idf[w]; !known {
		if len(w) >= minDataWord && !p.tk.Name[i] {
			p.unknown++
		}
		return i + 1
	}
	if p.ix.isID(toks, i+1) && !pl {
		// "the email of user 123": one item, named by its ID, is
		// what the task is about even after a preposition.
		q.add(w, weightQuery, false, false)
		if q.subject == "" {
			q.subject, q.byID = w, true
		}
		return i + 1
	}
	f := p.ctx
	if p.markContainerName(i + 1) {
		f *= nameFactor
	}
	q.add(w, f*weightQuery, pl, f < 1)
	return i + 1
}

// markContainerName reports whether the word before toks[k] names it
// ("the orders table", "the media bucket": one table, one bucket, nothing
// about rows or media) and remembers the container for parseQuery.
func (p *parser) markContainerName(k int) bool {
	if k >= len(p.tk.Words) || p.tk.Plural[k] || lexicon.Contents(p.tk.Words[k]) == "" {
		return false // "storage buckets": a kind, no name
	}
	prev := p.tk.Words[k-1]
	if _, service := slices.BinarySearch(p.ix.services, prev); service || lexicon.StopWord(prev) || lexicon.Contents(prev) != "" {
		return false
	}
	p.named = p.tk.Words[k]
	return true
}

// add adds a search term, or raises its weight; inCtx: the task names it
// only after a preposition, as the context.
func (q *query) add(t string, w float64, pl, inCtx bool) {
	if t == "" {
		return
	}
	if pl && !inCtx {
		q.plurals[t] = true
	}
	if !inCtx {
		q.full[t] = true
		delete(q.context, t)
	} else if !q.full[t] {
		q.context[t] = true
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

// markIDs marks the terms of q by vocab position.
func (ix *Index) markIDs(q *query) {
	q.hasID = make([]bool, len(ix.vocab))
	q.ctxID = make([]bool, len(ix.vocab))
	for _, t := range q.terms {
		if id, ok := ix.wordID[t.term]; ok {
			q.hasID[id] = true
			q.ctxID[id] = q.context[t.term]
		}
	}
}

func (q *query) noteEntry(e lexicon.Entry, opens, sub bool) {
	switch {
	case e.Strong != lexicon.None && sub:
		// "before I rotate anything, which keys ...": the verb of a
		// subordinate clause is no intent.
	case e.Strong != lexicon.None && q.past:
		q.weak = append(q.weak, e.Strong)
	case e.Strong != lexicon.None:
		q.strong = append(q.strong, e.Strong)
		// An imperative ("..., remove that row") outranks a verb that
		// only describes ("the table has a duplicate").
		imperative := opens && !e.Light
		if q.primary == lexicon.None || (q.primaryLight && !e.Light) || (imperative && !q.imperative) {
			q.primary, q.primaryLight, q.imperative = e.Strong, e.Light, imperative
		} else if q.primaryLight {
			q.primary = e.Strong
		}
		if e.Strong >= lexicon.Create {
			q.change = true
		}
	}
	// "is", "can" open a question ("can I delete ...?" asks for a
	// change), but after a question word they only ask: "which regions
	// can I deploy to".
	if e.Past && (!e.Opening || opens || (len(q.strong) == 0 && len(q.weak) > 0)) {
		q.past = true
	}
	if e.Weak != lexicon.None {
		q.weak = append(q.weak, e.Weak)
	}
	if e.Service != "" {
		q.services = append(q.services, e.Service)
	}
	if e.Change {
		q.change = true
	}
	if e.Many {
		q.many = true
	}
}

// verbOf is the tool-name verb of an intent.
func verbOf(o lexicon.Op) string {
	switch o {
	case lexicon.List:
		return "list"
	case lexicon.Get, lexicon.Read:
		return "get"
	case lexicon.Create:
		return "create"
	case lexicon.Update:
		return "update"
	case lexicon.Delete:
		return "delete"
	}
	return ""
}

// opMatches reports whether tool d answers an intent want; "add a label
// to the user" is an update when nothing creates labels.
func opMatches(want lexicon.Op, d *searchDoc) bool {
	have := lexicon.VerbOp(d.Verb)
	switch {
	case want == have:
		return true
	case want == lexicon.Read:
		return have == lexicon.List || have == lexicon.Get
	case d.Verb == "upsert":
		return want == lexicon.Update
	}
	return want == lexicon.Create && d.addable
}

// intentFactor scores how well a tool's verb fits the task's intent: the
// primary intent decides (the first verb, unless a light one such as
// "make" is followed by another: "make the email verified" is an update),
// other verbs count less; a question form only nudges. Between a list
// and a single item, a plural in the task prefers the list.
func (q *query) intentFactor(d *searchDoc) float64 {
	have := lexicon.VerbOp(d.Verb)
	f := 1.0
	plural := q.pluralFor(d)
	if d.PluralName && have != lexicon.List {
		if plural {
			f = 1.15
		} else {
			f = 0.85
		}
	}
	if len(q.strong) > 0 {
		if o := q.primary; opMatches(o, d) {
			switch {
			case o == lexicon.Read && plural && have == lexicon.Get:
				return f * 1.2
			case o == lexicon.Read && !plural && have == lexicon.List:
				return f * 1.4
			}
			return f * 1.6
		}
		for _, o := range q.strong {
			if opMatches(o, d) {
				return f * 1.25
			}
		}
		if have != lexicon.None {
			return f * 0.55
		}
		return f * 0.9
	}
	for i, o := range q.weak {
		if !opMatches(o, d) {
			continue
		}
		if i > 0 {
			return f * 1.15 // the first question word decides
		}
		if plural && have == lexicon.List {
			return f * 1.45
		}
		return f * 1.35
	}
	if plural && have == lexicon.List {
		return f * 1.15
	}
	return f
}

// commandsOtherwise reports a tool with a verb other than the one the task
// commands ("apaga o arquivo": delete, not upload). A task commands its
// verb when the verb opens a clause, or when it is the task's one verb and
// the task asks nothing ("bitte den Benutzer 42 löschen": German puts it
// last).
func (q *query) commandsOtherwise(d *searchDoc) bool {
	if o := lexicon.Opposite(d.Verb); o != "" && q.has[o] && !q.has[d.Verb] {
		return true // "deduct 5 coins" names decrement, not increment
	}
	commands := q.imperative || (len(q.strong) == 1 && len(q.weak) == 0 && !q.past)
	return commands && len(q.strong) > 0 && !opMatches(q.primary, d) && lexicon.VerbOp(d.Verb) != lexicon.None
}

// correctTypos replaces each word that neither the index nor the lexicon
// knows with the nearest word that one of them knows ("delte" → "delete",
// "lsit" → "list"), when one is close enough.
func (ix *Index) correctTypos(toks []string, names []bool) {
	for i, w := range toks {
		if len(w) < 4 || lexicon.StopWord(w) || strings.ContainsAny(w, "0123456789") || (i < len(names) && names[i]) {
			continue // digits: an ID or a code; a capital: a name
		}
		if _, known := ix.idf[w]; known {
			continue
		}
		if _, known := ix.lex[w]; known {
			continue
		}
		if near := spell.Nearest(w, ix.vocab); near != "" {
			toks[i] = near
		}
	}
}
