// Package toolsearch ranks catalog tools for a task described in plain
// words, the way people ask: a reviewable lexicon (package lexicon: phrases,
// intents, question forms, service priors), typo correction, intent
// detection, field-weighted BM25 shaped by name coverage, object versus
// context, plurals, service and argument hints, deprecated tools below
// their replacements, what the tasks teach about words
// (learn.go), and a deterministic order. It knows nothing about MCP and
// makes no network calls.
package toolsearch

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/tooltext"
	"github.com/appwrite/appwrite-mcp/internal/topk"
)

// BM25 parameters, and the factors that shape a tool's score.
const (
	bm25K1 = 1.2
	bm25B  = 0.6

	deprecatedFactor = 0.6 // deprecated tools rank below their replacement

	legacyService = "databases" // superseded by tables_db
	legacyFactor  = 0.9

	servicePrior = 1.5 // the task names the service in other words

	contextFactor = 0.5 // the tool acts on what the task names as context
	subjectFactor = 2.0 // the tool acts on what a list question asks about
	idGetFactor   = 2.0 // the tool reads the one item the task names by ID
	idManyFactor  = 0.5 // the tool finds or acts on many of that item

	writeAdmitFactor = 0.25 // see writeAdmission
	questionWriteGap = 0.99 // see writeAdmission
	writeSlotMin     = 0.3  // see writeSlot: its part of the best read's score
	writeSlotWords   = 4    // see writeSlot
	siblingDecay     = 0.8  // see diversify
	diversePool      = 24   // the tools diversify picks from: the same for every limit, so a shorter answer is a prefix of a longer one

	accountService = "account"
	accountFactor  = 0.8
)

// searchDoc is one indexed tool.
type searchDoc struct {
	tooltext.Name
	tool        *catalog.Tool
	service     int // the tool's service, as its place in Index.services
	objectGroup int // Object's place in Index.objects
	length      float64
	required    []string // required parameter names
	params      []string // compact typed parameter list
	summary     string   // first sentence of the description
	mutating    bool
	addable     bool    // an update whose object no tool creates: "add" fits it
	objectIDs   []int32 // ObjectWords as vocab positions
	unitIDs     [][]int32
}

type posting struct {
	doc int
	tf  float64
}

// Index is built once from the catalog and only read afterwards.
type Index struct {
	docs     []searchDoc
	postings map[string][]posting
	idf      map[string]float64
	avgLen   float64
	services []string // sorted service names
	objects  []string // the tools' objects (searchDoc.Object), sorted, once each
	byName   map[string]int
	lex      lexicon.Lexicon
	// vocab is what a misspelt word may stand for: the words of tool
	// names and the lexicon's first words, sorted.
	vocab  []string
	wordID map[string]int32 // position in vocab
	// model is what the tasks teach (see learn.go); toolDoc
	// maps its tool numbers to docs (-1: not in this index).
	model   *learned.Model
	toolDoc []int
}

// NewIndex indexes tools, with what the tasks teach about
// them; the index is only read afterwards.
func NewIndex(tools []*catalog.Tool) *Index {
	ix := newIndex(tools)
	ix.learnFrom(taughtModel())
	return ix
}

// Preload reads the lexicon and what the tasks teach on
// another goroutine, once per process: a server that calls it before it
// builds its catalog has them read on a second core by the time NewIndex
// needs them (which waits for a reading in progress, never repeats it).
func Preload() {
	go func() {
		lexicon.Embedded() // first: indexing needs it before learning does
		taughtModel()
	}()
}

// newIndex indexes tools by their text alone.
func newIndex(tools []*catalog.Tool) *Index {
	ix := &Index{
		docs:     make([]searchDoc, 0, len(tools)),
		postings: make(map[string][]posting),
		idf:      make(map[string]float64),
		byName:   make(map[string]int, len(tools)),
	}
	services := map[string]bool{}
	var total float64
	for _, t := range tools {
		i := len(ix.docs)
		ix.byName[t.Name] = i
		services[t.Service] = true
		tf := tooltext.Terms(t)
		terms := make([]string, 0, len(tf))
		for term := range tf {
			terms = append(terms, term)
		}
		sort.Strings(terms) // a fixed order: the float sum is the same every run
		var length float64
		for _, term := range terms {
			length += tf[term]
			ix.postings[term] = append(ix.postings[term], posting{doc: i, tf: tf[term]})
		}
		total += length
		ix.docs = append(ix.docs, newDoc(t, length))
	}
	if n := len(ix.docs); n > 0 {
		ix.avgLen = total / float64(n)
		for term, ps := range ix.postings {
			df := float64(len(ps))
			ix.idf[term] = math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		}
	}
	for s := range services {
		ix.services = append(ix.services, s)
	}
	sort.Strings(ix.services)
	ix.lex = lexicon.Embedded() // only now: the tools are indexed while Preload parses it
	ix.vocab = ix.buildVocab()
	ix.wordID = make(map[string]int32, len(ix.vocab))
	for i, w := range ix.vocab {
		ix.wordID[w] = int32(i)
	}
	for i := range ix.docs {
		ix.objects = append(ix.objects, ix.docs[i].Object)
	}
	slices.Sort(ix.objects)
	ix.objects = slices.Compact(ix.objects)
	for i := range ix.docs {
		d := &ix.docs[i]
		d.service, _ = slices.BinarySearch(ix.services, d.tool.Service)
		d.objectGroup, _ = slices.BinarySearch(ix.objects, d.Object)
		for _, u := range d.Units {
			ids := make([]int32, len(u))
			for k, w := range u {
				ids[k] = ix.wordID[w]
			}
			d.unitIDs = append(d.unitIDs, ids)
		}
		for _, w := range d.ObjectWords {
			d.objectIDs = append(d.objectIDs, ix.wordID[w])
		}
		_, creatable := ix.byName[strings.Replace(d.tool.Name, "_update", "_create", 1)]
		d.addable = d.Verb == "update" && !creatable
	}
	return ix
}

// newDoc describes a tool for ranking: its name's anatomy and what a
// match shows of it.
func newDoc(t *catalog.Tool, length float64) searchDoc {
	d := searchDoc{
		Name:     tooltext.ReadName(t),
		tool:     t,
		length:   length,
		summary:  text.FirstSentence(t.Description, 240),
		mutating: t.Class != catalog.Read,
		params:   t.ParamLines(),
	}
	for _, p := range t.Params {
		if p.Required {
			d.required = append(d.required, p.Name)
		}
	}
	return d
}

// buildVocab lists the words a misspelt word may stand for.
func (ix *Index) buildVocab() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range ix.docs {
		for _, u := range d.Units {
			for _, w := range u {
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	for w := range ix.lex {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// Request is a parsed appwrite_search_tools call.
type Request struct {
	Query           string
	ServiceHints    []string
	ArgumentHints   map[string]any
	IncludeMutating *bool // nil: decided by the query
	Limit           int
	ReadOnly        bool
}

// Match is one result row.
type Match struct {
	Name        string        `json:"name"`
	Service     string        `json:"service"`
	Class       catalog.Class `json:"class"`
	Context     catalog.Scope `json:"context"`
	Description string        `json:"description"`
	Required    []string      `json:"required"`
	Missing     []string      `json:"missing,omitempty"`
	Params      []string      `json:"params"`
	Deprecated  bool          `json:"deprecated,omitempty"`
	ReplacedBy  string        `json:"replaced_by,omitempty"`
	// Why says in a few words why the tool matched.
	Why string `json:"why,omitempty"`
	// ParamDocs describes each parameter; only on the first match.
	ParamDocs map[string]string `json:"param_docs,omitempty"`
}

// Result is the answer of appwrite_search_tools.
type Result struct {
	Query           string  `json:"query"`
	IncludeMutating bool    `json:"include_mutating"`
	Matches         []Match `json:"matches"`
	HiddenMutating  int     `json:"hidden_mutating,omitempty"`
	// ShownMutating: writes shown for a task that named no change.
	ShownMutating       bool     `json:"shown_mutating,omitempty"`
	UnknownServiceHints []string `json:"unknown_service_hints,omitempty"`
	Note                string   `json:"note,omitempty"`
}

type scoredDoc struct {
	doc   int
	score float64
}

// Search ranks the catalog for r. The order is deterministic: score, then name.
func (ix *Index) Search(r Request) Result {
	res := Result{Query: r.Query, Matches: []Match{}}
	q := ix.parseQuery(r.Query)
	includeMutating := q.change && !r.ReadOnly
	if r.IncludeMutating != nil {
		includeMutating = *r.IncludeMutating && !r.ReadOnly
	}
	res.IncludeMutating = includeMutating

	hinted, unknown := ix.matchServices(r.ServiceHints)
	res.UnknownServiceHints = unknown
	hintKeys := map[string]bool{}
	for k := range r.ArgumentHints {
		hintKeys[catalog.SnakeKey(k)] = true
	}
	scores := ix.score(&q, hinted, hintKeys)

	near := ix.applyLearned(&q, scores, hinted)                            // before admission: "spare codes for my authenticator" was a write every time
	admit := 0.0                                                           // factor for writes a read task still shows
	decides := !includeMutating && r.IncludeMutating == nil && !r.ReadOnly // whether writes show is search's to decide
	if decides {
		admit = ix.writeAdmission(scores, len(q.weak) > 0)
	}
	ix.demoteDeprecated(scores) // last: a replacement stays above what it replaces
	ranked, hidden := ix.rank(scores, r.Limit, includeMutating, admit)
	if decides && admit == 0 {
		ranked = ix.writeSlot(ranked, scores, &q, r, hinted)
	}
	ranked = ix.nearestSlot(ranked, near, r.Limit, hinted, includeMutating)
	if !r.ReadOnly {
		res.HiddenMutating = hidden
	}
	for i, s := range ranked {
		if ix.docs[s.doc].mutating && !includeMutating {
			res.HiddenMutating-- // shown after all
			res.ShownMutating = true
		}
		m := ix.match(s.doc, hintKeys, r.ArgumentHints != nil)
		m.Why = ix.why(&q, s.doc)
		if i == 0 {
			m.ParamDocs = ix.docs[s.doc].paramDocs()
		}
		res.Matches = append(res.Matches, m)
	}
	res.Note = ix.note(res, r.ReadOnly)
	return res
}

// rank picks the best limit tools: writes are left out unless included,
// or admitted at a factor; then siblings are spread (see diversify). It
// also counts the writes that matched but were not included.
func (ix *Index) rank(scores []float64, limit int, includeMutating bool, admit float64) ([]scoredDoc, int) {
	pool := max(limit, diversePool)
	ranked := make([]scoredDoc, 0, pool+1)
	hidden := 0
	for i, s := range scores {
		if s <= 0 {
			continue
		}
		if ix.docs[i].mutating && !includeMutating {
			hidden++
			if admit == 0 {
				continue
			}
			s *= admit
		}
		ranked = topk.Insert(ranked, scoredDoc{i, s}, pool, ix.before) // the first pool of a full sort, without sorting every match
	}
	return ix.diversify(ranked, limit), hidden
}

// diversify picks limit tools from the ranked pool, each tool's score
// lowered by siblingDecay for every sibling already picked: tools of one
// family ("domains_create_record_a", "_aaaa", "_txt") that differ in one
// word otherwise fill the whole answer when the family is the wrong one.
func (ix *Index) diversify(pool []scoredDoc, limit int) []scoredDoc {
	out := make([]scoredDoc, 0, limit)
	used := make([]bool, len(pool))
	for len(out) < limit && len(out) < len(pool) {
		best, bestScore := -1, 0.0
		for k, c := range pool {
			if used[k] {
				continue
			}
			s := c.score
			for _, o := range out {
				if ix.siblings(c.doc, o.doc) {
					s *= siblingDecay
				}
			}
			if best < 0 || s > bestScore {
				best, bestScore = k, s
			}
		}
		used[best] = true
		out = append(out, pool[best])
	}
	return out
}

// siblings reports two tools of one service and verb whose names differ
// in exactly one word after the verb.
func (ix *Index) siblings(a, b int) bool {
	x, y := &ix.docs[a], &ix.docs[b]
	if x.tool.Service != y.tool.Service || len(x.Parts) != len(y.Parts) || len(x.Parts) < 3 || x.Verb != y.Verb {
		return false
	}
	diff := 0
	for k := 1; k < len(x.Parts); k++ {
		if x.Parts[k] != y.Parts[k] {
			diff++
		}
	}
	return diff == 1
}

// writeAdmission is the factor at which write tools join the results of
// a task that asks for no change, 0 when they stay hidden. A task without
// a change verb may still be about a write ("supabase migration", "sms via
// twilio", "custom domain for the api", and whatever the tasks
// asked that way: scores are taken after learning): when the best write
// outscores every read, the writes join at a quarter of their score, so a
// read that matches well keeps the top and the write still shows in the
// first few. A question ("what is the phone of user 42") keeps
// every write under its best read. A plain noun ("users") keeps writes
// hidden: its list tool wins.
func (ix *Index) writeAdmission(scores []float64, question bool) float64 {
	var read, write float64
	for i, s := range scores {
		if ix.docs[i].mutating {
			write = max(write, s)
		} else {
			read = max(read, s)
		}
	}
	switch {
	case write <= read:
		return 0
	case question && read > 0:
		return min(writeAdmitFactor, questionWriteGap*read/write)
	}
	return writeAdmitFactor
}

// writeSlot gives place slotRank to the best-scoring write when a task of
// writeSlotWords words or more names no change and writeAdmission admitted
// none: people ask for changes in words search does not read as one ("grant
// 500 gems to …"), and a hidden write cannot be found. A shorter task names
// a thing to read ("users"), a list question ("which …") asks to read. The
// write (never a delete) needs writeSlotMin of the best read's score;
// nearestSlot may still take the place.
func (ix *Index) writeSlot(ranked []scoredDoc, scores []float64, q *query, r Request, hinted map[string]bool) []scoredDoc {
	if len(strings.Fields(r.Query)) < writeSlotWords || slices.Contains(q.weak, lexicon.List) {
		return ranked
	}
	best, read := -1, 0.0
	for i, s := range scores {
		switch d := &ix.docs[i]; {
		case !d.mutating:
			read = max(read, s)
		case s > 0 && d.tool.Class != catalog.Destructive && (len(hinted) == 0 || hinted[d.tool.Service]) && (best < 0 || s > scores[best]):
			best = i
		}
	}
	if best < 0 || scores[best] < writeSlotMin*read {
		return ranked
	}
	return place(ranked, best, r.Limit)
}

// place gives doc place slotRank of ranked (moving it up when it is
// listed lower) and keeps at most limit tools. An answer shorter than
// slotRank is left alone, so every answer stays a prefix of a longer one.
func place(ranked []scoredDoc, doc, limit int) []scoredDoc {
	at := slices.IndexFunc(ranked, func(s scoredDoc) bool { return s.doc == doc }) // -1: not listed
	if len(ranked) < slotRank || (at >= 0 && at < slotRank) {
		return ranked
	}
	if at >= 0 {
		ranked = slices.Delete(ranked, at, at+1)
	}
	ranked = slices.Insert(ranked, slotRank-1, scoredDoc{doc: doc})
	return ranked[:min(len(ranked), limit)]
}

// before orders scored tools: score, then name.
func (ix *Index) before(a, b scoredDoc) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return ix.docs[a.doc].tool.Name < ix.docs[b.doc].tool.Name
}

func (ix *Index) note(res Result, readOnly bool) string {
	var n string
	switch {
	case len(res.Matches) == 0 && res.HiddenMutating > 0:
		n = "Only write or destructive tools matched. If the user asked for a change, search again with include_mutating: true."
	case len(res.Matches) == 0:
		n = "No tool matched. Try broader words (e.g. \"list rows\", \"create user\", \"get file\") or a service hint. Services: " + strings.Join(ix.services, ", ") + "."
	case res.ShownMutating:
		n = "The task names no change, but a write tool fits it, so writes are listed too (see class); call one only if the user wants that change."
		if res.HiddenMutating > 0 {
			n += " Other writes are hidden; pass include_mutating: true to see them."
		}
	case res.HiddenMutating > 0:
		n = "Write or destructive tools also matched but are hidden; pass include_mutating: true to see them. Call a tool with appwrite_call_tool."
	default:
		n = "Call a tool with appwrite_call_tool {tool_name, arguments, project_id for project tools}."
	}
	if readOnly {
		n += " This server is read-only: write and destructive tools are unavailable."
	}
	return n
}

// score is BM25 over the weighted fields, shaped by how much of the tool
// name and of the task each side covers, the intent, service priors and
// hints.
func (ix *Index) score(q *query, hinted, hintKeys map[string]bool) []float64 {
	scores := make([]float64, len(ix.docs))
	matched := make([]float64, len(ix.docs))
	var total float64
	for _, t := range q.terms {
		idf := ix.idf[t.term]
		if idf == 0 {
			continue
		}
		total += t.w * idf
		for _, p := range ix.postings[t.term] {
			d := &ix.docs[p.doc]
			norm := p.tf * (bm25K1 + 1) / (p.tf + bm25K1*(1-bm25B+bm25B*d.length/ix.avgLen))
			scores[p.doc] += t.w * idf * norm
			matched[p.doc] += t.w * idf
		}
	}
	for i := range scores {
		if scores[i] == 0 {
			continue
		}
		d := &ix.docs[i]
		cov := nameCoverage(d, q)
		scores[i] *= (0.25 + 1.25*cov*cov) * (0.4 + 0.6*matched[i]/total)
		scores[i] *= q.intentFactor(d)
		if q.subjectOf(d) {
			scores[i] *= subjectFactor
		}
		scores[i] *= q.idFactor(d)
		if q.objectInContext(d) {
			scores[i] *= contextFactor
		}
		if slices.Contains(q.services, d.tool.Service) {
			scores[i] *= servicePrior
		}
		if d.tool.Service == accountService && !q.has[accountService] {
			// "the user's sessions" is about users_*; account_* is the
			// caller's own account, named as "my" or "account".
			scores[i] *= accountFactor
		}
		if len(hinted) > 0 && hinted[d.tool.Service] {
			scores[i] *= 2
		}
		if len(hintKeys) > 0 {
			scores[i] *= 0.5 + hintFit(d, hintKeys) + 0.5*hintCoverage(d, hintKeys)
		}
		if d.tool.Service == legacyService && !d.tool.Deprecated {
			// The legacy Databases API is superseded by TablesDB.
			scores[i] *= legacyFactor
		}
	}
	return scores
}

// demoteDeprecated ranks deprecated tools below their replacement: the
// replacement scores at least a little above the deprecated tool.
func (ix *Index) demoteDeprecated(scores []float64) {
	for i := range scores {
		d := &ix.docs[i]
		if !d.tool.Deprecated || scores[i] == 0 {
			continue
		}
		if j, ok := ix.byName[d.tool.ReplacedBy]; ok && j != i {
			scores[j] = max(scores[j], scores[i]*1.01)
		}
		scores[i] *= deprecatedFactor
	}
}

// why names the task words found in the tool name, at most a few.
func (ix *Index) why(q *query, i int) string {
	d := &ix.docs[i]
	var hits []string
	for _, u := range d.Units {
		for _, w := range u {
			if q.has[w] && !slices.Contains(hits, w) {
				hits = append(hits, w)
				break
			}
		}
	}
	switch {
	case len(hits) > 0:
		return "name: " + strings.Join(hits, ", ")
	case ix.inText(q, i):
		return "description"
	}
	return "asked for in words like these before" // learned candidacy (learn.go)
}

// inText reports whether a term of the task occurs in tool i's text.
func (ix *Index) inText(q *query, i int) bool {
	return slices.ContainsFunc(q.terms, func(t qterm) bool {
		_, ok := slices.BinarySearchFunc(ix.postings[t.term], i, func(p posting, d int) int { return p.doc - d })
		return ok
	})
}

// maxParamDoc bounds one parameter description in search results.
const maxParamDoc = 600

func (d *searchDoc) paramDocs() map[string]string {
	if len(d.tool.Params) == 0 {
		return nil
	}
	out := make(map[string]string, len(d.tool.Params))
	for _, p := range d.tool.Params {
		desc := strings.Join(strings.Fields(p.Description), " ")
		out[p.Name] = text.Cut(desc, maxParamDoc)
	}
	return out
}

// nameCoverage is the share of the tool name's units the query mentions:
// "list users" covers all of users_list but only two thirds of
// users_list_sessions.
func nameCoverage(d *searchDoc, q *query) float64 {
	if len(d.unitIDs) == 0 {
		return 0
	}
	n := 0
	for _, u := range d.unitIDs {
		for _, id := range u {
			if q.hasID[id] {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(d.unitIDs))
}

// hintFit is the share of argument hints that are parameters of the tool.
func hintFit(d *searchDoc, hints map[string]bool) float64 {
	n := 0
	for h := range hints {
		if _, ok := d.tool.Param(h); ok {
			n++
		}
	}
	return float64(n) / float64(len(hints))
}

func hintCoverage(d *searchDoc, hints map[string]bool) float64 {
	if len(d.required) == 0 {
		return 0
	}
	n := 0
	for _, p := range d.required {
		if hints[p] {
			n++
		}
	}
	return float64(n) / float64(len(d.required))
}

func (ix *Index) match(i int, hints map[string]bool, withMissing bool) Match {
	d := &ix.docs[i]
	m := Match{
		Name:        d.tool.Name,
		Service:     d.tool.Service,
		Class:       d.tool.Class,
		Context:     d.tool.Scope,
		Description: d.summary,
		Required:    d.required,
		Params:      d.params,
		Deprecated:  d.tool.Deprecated,
		ReplacedBy:  d.tool.ReplacedBy,
	}
	if m.Required == nil {
		m.Required = []string{}
	}
	if withMissing {
		for _, p := range d.required {
			if !hints[p] {
				m.Missing = append(m.Missing, p)
			}
		}
	}
	return m
}

// matchServices maps service hints to known services: exact, without
// underscores ("tablesdb"), or singular ("user" for "users").
func (ix *Index) matchServices(hints []string) (map[string]bool, []string) {
	if len(hints) == 0 {
		return nil, nil
	}
	found := map[string]bool{}
	var unknown []string
	for _, h := range hints {
		key := text.Singular(strings.ReplaceAll(catalog.SnakeKey(h), "_", ""))
		ok := false
		for _, s := range ix.services {
			if text.Singular(strings.ReplaceAll(s, "_", "")) == key {
				found[s] = true
				ok = true
			}
		}
		if !ok && strings.TrimSpace(h) != "" {
			unknown = append(unknown, h)
		}
	}
	return found, unknown
}
