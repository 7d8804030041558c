// Package learned is what the development tasks teach search, from
// examples it is given already read (each task's words and the tools that
// answered it): for each word, the share of its tasks each tool answered;
// and, for a new task, the tools of the examples most like it. It knows
// nothing about reading text or ranking. Examples travel as text (Format,
// Parse), so a process can load them without reading every task again.
package learned

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/appwrite/appwrite-mcp/internal/topk"
)

// Example is one development task as search reads it.
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

// Model is what a set of examples teaches; it is only read after New.
// Words and tools are kept by number in flat arrays (word i's examples
// are post[postOff[i]:postOff[i+1]]): the model of the whole task set
// takes about two megabytes.
type Model struct {
	tools    []string  // the tools the examples name, sorted
	words    []string  // the words the examples use, sorted
	postOff  []int32   // by word: where its examples start in post
	post     []int32   // the examples that use each word
	shareOff []int32   // by word: where its shares start in shares
	shares   []share   // each tool's share of each word's examples
	exOff    []int32   // by example: where its tools start in exTools
	exTools  []int32   // each example's tools
	norm     []float32 // by example: the root of its number of words
	maxDF    int       // postings longer than this are skipped (commonWord)
	sims     sync.Pool // *[]float64, one similarity per example, all zero: a search reuses one instead of allocating it
}

// share is a stored Share.
type share struct {
	tool int32
	p    float32
}

// Share is a tool's part of something: of a word's examples (Shares), or
// of a task's nearest examples (Neighbours). Tool numbers a name of Tools.
type Share struct {
	Tool int32
	P    float64
}

// numbered is a set of examples with its tools and words numbered: what
// Format writes and Parse reads. Example e's tools are
// toolIDs[toolOff[e]:toolOff[e+1]], its words (sorted, once each) wordIDs
// [wordOff[e]:wordOff[e+1]].
type numbered struct {
	tools, words     []string // sorted
	toolOff, toolIDs []int32
	wordOff, wordIDs []int32
}

// New learns from examples.
func New(examples []Example) *Model {
	return numberExamples(examples).model()
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

// model learns from numbered examples.
func (n numbered) model() *Model {
	count := len(n.toolOff) - 1
	m := &Model{
		tools:   n.tools,
		words:   n.words,
		exOff:   n.toolOff,
		exTools: n.toolIDs,
		maxDF:   int(commonWord * float64(count)),
	}
	df := make([]int32, len(m.words))
	for _, id := range n.wordIDs {
		df[id]++
	}
	m.index(n, df)
	m.learnShares(df)
	m.norm = make([]float32, count)
	for e := range count {
		m.norm[e] = float32(math.Sqrt(float64(n.wordOff[e+1] - n.wordOff[e])))
	}
	m.sims.New = func() any {
		sim := make([]float64, count)
		return &sim
	}
	return m
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
func (m *Model) index(n numbered, df []int32) {
	m.postOff = make([]int32, len(m.words)+1)
	for id, c := range df {
		m.postOff[id+1] = m.postOff[id] + c
	}
	m.post = make([]int32, m.postOff[len(m.words)])
	next := slices.Clone(m.postOff[:len(m.words)])
	examples := len(n.wordOff) - 1
	for e := range examples {
		for _, id := range n.wordIDs[n.wordOff[e]:n.wordOff[e+1]] {
			m.post[next[id]] = number(e)
			next[id]++
		}
	}
}

// learnShares counts, for each word, the tools of its examples (an
// example's tools split its count) over its examples plus Smoothing; the
// tools of a word keep the order its examples first name them.
func (m *Model) learnShares(df []int32) {
	m.shareOff = make([]int32, 1, len(m.words)+1)
	m.shares = make([]share, 0, len(m.post)) // about one a posting: grown seldom
	sum := make([]float64, len(m.tools))     // by tool, for the word at hand
	var named []int32                        // the tools sum holds, in order
	for id := range m.words {
		named = named[:0]
		for _, e := range m.post[m.postOff[id]:m.postOff[id+1]] {
			tools := m.exTools[m.exOff[e]:m.exOff[e+1]]
			for _, t := range tools {
				if sum[t] == 0 {
					named = append(named, t)
				}
				sum[t] += 1 / float64(len(tools))
			}
		}
		for _, t := range named {
			m.shares = append(m.shares, share{t, float32(sum[t] / (float64(df[id]) + Smoothing))})
			sum[t] = 0
		}
		m.shareOff = append(m.shareOff, number(len(m.shares)))
	}
	m.shares = slices.Clone(m.shares) // without the room appending left
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
func (m *Model) Tools() []string { return m.tools }

// word is the number of a word the examples use.
func (m *Model) word(w string) (int32, bool) {
	id, ok := slices.BinarySearch(m.words, w)
	return number(id), ok
}

// Shares calls add with each tool's share of each word's examples: its
// count (an example's tools split it) over the word's examples plus
// Smoothing. Unknown words add nothing.
func (m *Model) Shares(words []string, add func(Share)) {
	for _, w := range words {
		if id, ok := m.word(w); ok {
			for _, s := range m.shares[m.shareOff[id]:m.shareOff[id+1]] {
				add(Share{s.tool, float64(s.p)})
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
	if len(m.norm) == 0 || k <= 0 {
		return nil
	}
	buf := m.sims.Get().(*[]float64) // zero outside a call
	sim := *buf
	var touched []int32
	defer func() {
		for _, ex := range touched {
			sim[ex] = 0
		}
		m.sims.Put(buf)
	}()
	for _, w := range words {
		id, ok := m.word(w)
		if !ok {
			continue
		}
		post := m.post[m.postOff[id]:m.postOff[id+1]]
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
		top = topk.Insert(top, neighbour{ex, sim[ex] / float64(m.norm[ex])}, k, closer)
	}
	var total float64
	for _, nb := range top {
		total += nb.sim
	}
	var votes []Share
	for _, nb := range top {
		tools := m.exTools[m.exOff[nb.ex]:m.exOff[nb.ex+1]]
		for _, t := range tools {
			votes = addShare(votes, t, nb.sim/total/float64(len(tools)))
		}
	}
	return votes
}

// The text form of examples: a line of the tools' names (sorted,
// separated by spaces), a line of the words (sorted, separated by '|'),
// then a line per example: the numbers of its tools, a tab, the numbers of
// its words (sorted, once each), both separated by commas. Loading it
// needs no map and no search.
const (
	toolSep = " "
	wordSep = "|"
	numSep  = ","
)

// Format writes examples in the text form Parse reads.
func Format(examples []Example) (string, error) {
	for i, ex := range examples {
		if len(ex.Tools) == 0 {
			return "", fmt.Errorf("example %d names no tool", i)
		}
		for _, name := range ex.Tools {
			if name == "" || strings.ContainsAny(name, toolSep+wordSep+"\t\n`") {
				return "", fmt.Errorf("example %d: tool %q cannot be written", i, name)
			}
		}
		for _, w := range ex.Words {
			if w == "" || strings.ContainsAny(w, wordSep+"\t\n`") {
				return "", fmt.Errorf("example %d: word %q cannot be written", i, w)
			}
		}
	}
	n := numberExamples(examples)
	var b strings.Builder
	b.WriteString(strings.Join(n.tools, toolSep) + "\n")
	b.WriteString(strings.Join(n.words, wordSep) + "\n")
	for e := range len(n.toolOff) - 1 {
		writeNumbers(&b, n.toolIDs[n.toolOff[e]:n.toolOff[e+1]])
		b.WriteByte('\t')
		writeNumbers(&b, n.wordIDs[n.wordOff[e]:n.wordOff[e+1]])
		b.WriteByte('\n')
	}
	return b.String(), nil
}

func writeNumbers(b *strings.Builder, ids []int32) {
	for k, id := range ids {
		if k > 0 {
			b.WriteString(numSep)
		}
		b.WriteString(strconv.Itoa(int(id)))
	}
}

// ErrFormat marks text Parse cannot read.
var ErrFormat = errors.New("learned: malformed examples")

// Parse reads examples in the text form Format writes and learns from
// them. The words and tools are slices of text, not copies.
func Parse(text string) (*Model, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("%w: no tool and word lines", ErrFormat)
	}
	n := numbered{
		tools:   strings.Split(lines[0], toolSep),
		toolOff: make([]int32, 1, len(lines)-1),
		wordOff: make([]int32, 1, len(lines)-1),
		toolIDs: make([]int32, 0, len(lines)),
		wordIDs: make([]int32, 0, strings.Count(text, numSep)+len(lines)), // room for every number: no growing
	}
	if lines[1] != "" {
		n.words = strings.Split(lines[1], wordSep)
	}
	if !increasing(n.tools) || !increasing(n.words) {
		return nil, fmt.Errorf("%w: tools or words out of order or repeated", ErrFormat)
	}
	for k, line := range lines[2:] {
		tools, words, ok := strings.Cut(line, "\t")
		var err error
		if n.toolIDs, err = readNumbers(n.toolIDs, tools, len(n.tools), false); !ok || err != nil || tools == "" {
			return nil, fmt.Errorf("%w: line %d: tools", ErrFormat, k+3)
		}
		if n.wordIDs, err = readNumbers(n.wordIDs, words, len(n.words), true); err != nil {
			return nil, fmt.Errorf("%w: line %d: words", ErrFormat, k+3)
		}
		n.toolOff = append(n.toolOff, number(len(n.toolIDs)))
		n.wordOff = append(n.wordOff, number(len(n.wordIDs)))
	}
	return n.model(), nil
}

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

// readNumbers appends the comma-separated numbers of s, each below limit
// (and, when ascending, each above the one before) to ids.
func readNumbers(ids []int32, s string, limit int, ascending bool) ([]int32, error) {
	if s == "" {
		return ids, nil
	}
	prev := -1
	for f := range strings.SplitSeq(s, numSep) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 0 || v >= limit || (ascending && v <= prev) {
			return ids, ErrFormat
		}
		prev = v
		ids = append(ids, number(v))
	}
	return ids, nil
}
