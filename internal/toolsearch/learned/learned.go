// Package learned is what earlier tasks teach search, from
// examples it is given already read (each task's words and the tools that
// answered it): for each word, the share of its tasks each tool answered;
// and, for a new task, the tools of the examples most like it. It knows
// nothing about reading text or ranking. A model travels as its flat
// arrays (Arrays, FromArrays): a generator can write them as Go data, so a
// process starts with the model built instead of learning it again.
package learned

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/appwrite/appwrite-mcp/internal/topk"
)

// Example is one task as search reads it.
type Example struct {
	Words []string // what search knows the task by: its words, pairs of them, lexicon terms
	Tools []string // the tools that answer it
}

// Smoothing is added to a word's task count: a word seen once gives its
// tool half a share, not all of it.
const Smoothing = 1.0

// commonWord is the share of examples above which a word is too common to
// tell neighbours apart ("=list"): Neighbours skips it, which keeps a
// search from walking most examples.
const commonWord = 0.1

// Model is what a set of examples teaches; it is only read after New or
// FromArrays.
type Model struct {
	a     Arrays
	maxDF int       // postings longer than this are skipped (commonWord)
	sims  sync.Pool // *similarities: a search reuses one instead of allocating it
}

// similarities is Neighbours' scratch space: one similarity per example,
// all zero outside a call, and the examples a call touched.
type similarities struct {
	sim     []float64
	touched []int32
}

// Arrays is a model laid out flat, with words and tools by number (word
// i is WordText[WordOff[i]:WordOff[i+1]], its examples are
// Post[PostOff[i]:PostOff[i+1]]): the whole task set takes about four
// megabytes. Laid out as Go data by a generator, the arrays are in the
// binary and cost nothing to load. Words are one string, not one string
// each: the garbage collector scans every pointer a binary's data holds,
// at every collection, and these arrays hold a few hundred, not 60,000.
type Arrays struct {
	Tools      []string  // the tools the examples name, sorted
	WordText   string    // the words the examples use, sorted, end to end
	WordOff    []int32   // by word: where it starts in WordText (and where the last ends)
	PostOff    []int32   // by word: where its examples start in Post
	Post       []int32   // the examples that use each word, in order
	ShareOff   []int32   // by word: where its shares start in ShareTools and ShareP
	ShareTools []int32   // the tool of each share
	ShareP     []float32 // each tool's share of each word's examples
	ExOff      []int32   // by example: where its tools start in ExTools
	ExTools    []int32   // each example's tools
	Norm       []float32 // by example: the root of its number of words
}

// Share is a tool's part of something: of a word's examples (Shares), or
// of a task's nearest examples (Neighbours). Tool numbers a name of Tools.
type Share struct {
	Tool int32
	P    float64
}

// numbered is a set of examples with its tools and words numbered.
// Example e's tools are toolIDs[toolOff[e]:toolOff[e+1]], its words
// (sorted, once each) wordIDs[wordOff[e]:wordOff[e+1]].
type numbered struct {
	tools, words     []string // sorted
	toolOff, toolIDs []int32
	wordOff, wordIDs []int32
}

// New learns from examples.
func New(examples []Example) *Model {
	return numberExamples(examples).learn().model()
}

// numberExamples numbers the tools and words of examples.
func numberExamples(examples []Example) numbered {
	n := numbered{
		tools:   sortedDistinct(examples, func(ex Example) []string { return ex.Tools }),
		words:   sortedDistinct(examples, func(ex Example) []string { return ex.Words }),
		toolOff: []int32{0},
		wordOff: []int32{0},
	}
	for _, ex := range examples {
		for _, name := range ex.Tools {
			t, _ := slices.BinarySearch(n.tools, name)
			n.toolIDs = append(n.toolIDs, number(t))
		}
		n.toolOff = append(n.toolOff, number(len(n.toolIDs)))
		start := len(n.wordIDs)
		for _, w := range ex.Words {
			id, _ := slices.BinarySearch(n.words, w)
			n.wordIDs = append(n.wordIDs, number(id))
		}
		ids := n.wordIDs[start:]
		slices.Sort(ids)
		n.wordIDs = append(n.wordIDs[:start], slices.Compact(ids)...)
		n.wordOff = append(n.wordOff, number(len(n.wordIDs)))
	}
	return n
}

// learn lays out what numbered examples teach.
func (n numbered) learn() Arrays {
	a := Arrays{Tools: n.tools, ExOff: n.toolOff, ExTools: n.toolIDs}
	a.WordText, a.WordOff = layWords(n.words)
	df := make([]int32, len(n.words))
	for _, id := range n.wordIDs {
		df[id]++
	}
	a.index(n, df)
	a.learnShares(df)
	a.Norm = make([]float32, len(n.wordOff)-1)
	for e := range a.Norm {
		a.Norm[e] = float32(math.Sqrt(float64(n.wordOff[e+1] - n.wordOff[e])))
	}
	return a
}

// ErrArrays marks arrays that are not a model's: FromArrays and Check
// refuse them.
var ErrArrays = errors.New("learned: arrays are not a model's")

// FromArrays is the model laid out in a: it reuses a's arrays, which must
// not change afterwards. It checks their shape (lengths, and where the
// offsets start and end), not every number: Check reads every page of
// the arrays, and a process that has not searched yet need not hold them
// in memory. Arrays compiled into a binary are Check-ed by their
// generator before it writes them and by a test of the same compiled
// data; arrays from anywhere else must pass Check first.
func FromArrays(a Arrays) (*Model, error) {
	if err := a.checkShape(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrArrays, err)
	}
	return a.model(), nil
}

// model is the model of arrays already checked.
func (a Arrays) model() *Model {
	count := len(a.Norm)
	m := &Model{a: a, maxDF: int(commonWord * float64(count))}
	m.sims.New = func() any {
		return &similarities{sim: make([]float64, count)}
	}
	return m
}

// Arrays is the model laid out flat; they are the model's own and must
// not change.
func (m *Model) Arrays() Arrays { return m.a }

// Check reports (as ErrArrays) the first way a is not a model's arrays,
// reading every number: sorted words and tools, none twice, offsets that
// never go back, and every number of an example or a tool in range, so a
// search can never index outside the arrays. It takes about a millisecond
// for the whole task set.
func (a Arrays) Check() error {
	err := a.checkShape()
	if err == nil {
		err = a.checkNumbers()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrArrays, err)
	}
	return nil
}

// offsets are a's offset arrays, each with the array it cuts and the
// bound of that array's numbers.
func (a Arrays) offsets() []offsetArray {
	return []offsetArray{
		{"words", a.WordOff, len(a.WordText), nil, 0},
		{"examples of words", a.PostOff, len(a.Post), a.Post, len(a.Norm)},
		{"shares of words", a.ShareOff, len(a.ShareTools), a.ShareTools, len(a.Tools)},
		{"tools of examples", a.ExOff, len(a.ExTools), a.ExTools, len(a.Tools)},
	}
}

// offsetArray is one offset array: off cuts an array of n values (vals, each
// below limit; nil for WordText's bytes), from 0 to n.
type offsetArray struct {
	name  string
	off   []int32
	n     int
	vals  []int32
	limit int
}

// checkShape reports the first way a's lengths do not fit together, from
// the lengths and the ends of the offsets alone.
func (a Arrays) checkShape() error {
	switch {
	case len(a.ShareTools) != len(a.ShareP):
		return errors.New("share tools and shares differ in number")
	case len(a.ExOff) != len(a.Norm)+1:
		return errors.New("example offsets and norms differ in number")
	case len(a.PostOff) != len(a.WordOff) || len(a.ShareOff) != len(a.WordOff):
		return errors.New("word offsets and words differ in number")
	}
	for _, o := range a.offsets() {
		if len(o.off) == 0 || o.off[0] != 0 || int(o.off[len(o.off)-1]) != o.n {
			return fmt.Errorf("%s: offsets do not span the array", o.name)
		}
	}
	return nil
}

// checkNumbers reports the first number of a out of order or out of
// range; a's shape is checked.
func (a Arrays) checkNumbers() error {
	if !increasing(a.Tools) || !increasing(a.words()) {
		return errors.New("tools or words out of order or repeated")
	}
	for _, o := range a.offsets() {
		for i := 1; i < len(o.off); i++ {
			if o.off[i] < o.off[i-1] {
				return fmt.Errorf("%s: offsets go back", o.name)
			}
		}
		if slices.ContainsFunc(o.vals, func(v int32) bool { return v < 0 || int(v) >= o.limit }) {
			return fmt.Errorf("%s: a number out of range", o.name)
		}
	}
	return nil
}

// words lists a's words (for checks and tests: a search reads one at a
// time).
func (a Arrays) words() []string {
	out := make([]string, a.numWords())
	for i := range out {
		out[i] = a.word(i)
	}
	return out
}

// layWords lays words out end to end: the text, and where each starts
// (and the last ends).
func layWords(words []string) (string, []int32) {
	off := make([]int32, 1, len(words)+1)
	var text strings.Builder
	for _, w := range words {
		text.WriteString(w)
		off = append(off, number(text.Len()))
	}
	return text.String(), off
}

// numWords is how many words a holds.
func (a Arrays) numWords() int { return max(len(a.WordOff)-1, 0) }

// word is word i of a.
func (a Arrays) word(i int) string { return a.WordText[a.WordOff[i]:a.WordOff[i+1]] }

// increasing reports whether each of ss comes after the one before: sorted,
// and none twice (a repeated word would have two numbers).
func increasing(ss []string) bool {
	for i := 1; i < len(ss); i++ {
		if ss[i-1] >= ss[i] {
			return false
		}
	}
	return true
}

// number is i as a number of the model. The task set has thousands of
// examples and words, far below the bound; a larger i saturates rather
// than wrapping around.
func number(i int) int32 {
	switch {
	case i < 0:
		return 0
	case i > math.MaxInt32:
		return math.MaxInt32
	}
	return int32(i)
}

// sortedDistinct lists the distinct strings field gives of the examples,
// sorted.
func sortedDistinct(examples []Example, field func(Example) []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, ex := range examples {
		for _, s := range field(ex) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return slices.Clone(out) // without the room appending left
}

// index lays out each word's examples, in example order.
func (a *Arrays) index(n numbered, df []int32) {
	a.PostOff = make([]int32, a.numWords()+1)
	for id, c := range df {
		a.PostOff[id+1] = a.PostOff[id] + c
	}
	a.Post = make([]int32, a.PostOff[a.numWords()])
	next := slices.Clone(a.PostOff[:a.numWords()])
	for e := range len(n.wordOff) - 1 {
		for _, id := range n.wordIDs[n.wordOff[e]:n.wordOff[e+1]] {
			a.Post[next[id]] = number(e)
			next[id]++
		}
	}
}

// learnShares counts, for each word, the tools of its examples (an
// example's tools split its count) over its examples plus Smoothing; the
// tools of a word keep the order its examples first name them.
func (a *Arrays) learnShares(df []int32) {
	a.ShareOff = make([]int32, 1, a.numWords()+1)
	sum := make([]float64, len(a.Tools)) // by tool, for the word at hand
	for id := range a.numWords() {
		start := len(a.ShareTools)
		for _, e := range a.Post[a.PostOff[id]:a.PostOff[id+1]] {
			tools := a.ExTools[a.ExOff[e]:a.ExOff[e+1]]
			for _, t := range tools {
				if sum[t] == 0 {
					a.ShareTools = append(a.ShareTools, t)
				}
				sum[t] += 1 / float64(len(tools))
			}
		}
		for _, t := range a.ShareTools[start:] {
			a.ShareP = append(a.ShareP, float32(sum[t]/(float64(df[id])+Smoothing)))
			sum[t] = 0
		}
		a.ShareOff = append(a.ShareOff, number(len(a.ShareTools)))
	}
}

// addShare adds p to tool's share in ss.
func addShare(ss []Share, tool int32, p float64) []Share {
	for k := range ss {
		if ss[k].Tool == tool {
			ss[k].P += p
			return ss
		}
	}
	return append(ss, Share{tool, p})
}

// Tools names the tools by number.
func (m *Model) Tools() []string { return m.a.Tools }

// word is the number of a word the examples use.
func (m *Model) word(w string) (int32, bool) {
	id, ok := sort.Find(m.a.numWords(), func(i int) int { return strings.Compare(w, m.a.word(i)) })
	return number(id), ok
}

// Shares calls add with each tool's share of each word's examples: its
// count (an example's tools split it) over the word's examples plus
// Smoothing. Unknown words add nothing.
func (m *Model) Shares(words []string, add func(Share)) {
	for _, w := range words {
		if id, ok := m.word(w); ok {
			for k := m.a.ShareOff[id]; k < m.a.ShareOff[id+1]; k++ {
				add(Share{m.a.ShareTools[k], float64(m.a.ShareP[k])})
			}
		}
	}
}

// neighbour is an example and its similarity to a task.
type neighbour struct {
	ex  int32
	sim float64
}

// Neighbours returns the tools of the k examples most like a task read
// as words, each tool with its part of the neighbours' summed similarity;
// ties go to the earlier example, so the answer is the same every time.
// Similarity is the cosine of the two sets of words: the words they share
// over the root of the example's number of words (the task's is the same
// for every example). Weighting rare words more was measured and lost
// (held-out r@1 −1.7); words in more than a tenth of the examples are not
// walked at all (commonWord).
func (m *Model) Neighbours(words []string, k int) []Share {
	if len(m.a.Norm) == 0 || k <= 0 {
		return nil
	}
	buf := m.sims.Get().(*similarities)
	sim, touched := buf.sim, buf.touched[:0]
	defer func() {
		for _, ex := range touched {
			sim[ex] = 0
		}
		buf.touched = touched
		m.sims.Put(buf)
	}()
	for _, w := range words {
		id, ok := m.word(w)
		if !ok {
			continue
		}
		post := m.a.Post[m.a.PostOff[id]:m.a.PostOff[id+1]]
		if len(post) > m.maxDF {
			continue // too common to tell neighbours apart
		}
		for _, ex := range post {
			if sim[ex] == 0 {
				touched = append(touched, ex)
			}
			sim[ex]++
		}
	}
	top := make([]neighbour, 0, k+1)
	closer := func(a, b neighbour) bool {
		if a.sim != b.sim {
			return a.sim > b.sim
		}
		return a.ex < b.ex
	}
	for _, ex := range touched {
		top = topk.Insert(top, neighbour{ex, sim[ex] / float64(m.a.Norm[ex])}, k, closer)
	}
	var total float64
	for _, nb := range top {
		total += nb.sim
	}
	var votes []Share
	for _, nb := range top {
		tools := m.a.ExTools[m.a.ExOff[nb.ex]:m.a.ExOff[nb.ex+1]]
		for _, t := range tools {
			votes = addShare(votes, t, nb.sim/total/float64(len(tools)))
		}
	}
	return votes
}
