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
	weight   []float32 // by word: the log of how rare it is
	exOff    []int32   // by example: where its tools start in exTools
	exTools  []int32   // each example's tools
	norm     []float32 // by example: the root of its words' summed squared weights
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

// New learns from examples.
func New(examples []Example) *Model {
	m := &Model{maxDF: int(commonWord * float64(len(examples)))}
	m.tools = sortedDistinct(examples, func(ex Example) []string { return ex.Tools })
	m.words = sortedDistinct(examples, func(ex Example) []string { return ex.Words })
	m.exOff = make([]int32, 1, len(examples)+1)
	exWords := make([][]int32, len(examples)) // by example: its words, by number, once each
	df := make([]int32, len(m.words))
	for e, ex := range examples {
		for _, name := range ex.Tools {
			t, _ := slices.BinarySearch(m.tools, name)
			m.exTools = append(m.exTools, number(t))
		}
		m.exOff = append(m.exOff, number(len(m.exTools)))
		for _, w := range ex.Words {
			id, _ := slices.BinarySearch(m.words, w)
			exWords[e] = append(exWords[e], number(id))
		}
		slices.Sort(exWords[e])
		exWords[e] = slices.Compact(exWords[e])
		for _, id := range exWords[e] {
			df[id]++
		}
	}
	m.index(exWords, df)
	m.learnShares(df)
	m.norm = make([]float32, len(examples))
	for e, ids := range exWords {
		var s float64
		for _, id := range ids {
			s += float64(m.weight[id]) * float64(m.weight[id])
		}
		m.norm[e] = float32(math.Sqrt(s))
	}
	m.sims.New = func() any {
		sim := make([]float64, len(examples))
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

// index lays out each word's examples (in example order) and weight.
func (m *Model) index(exWords [][]int32, df []int32) {
	m.postOff = make([]int32, len(m.words)+1)
	for id, n := range df {
		m.postOff[id+1] = m.postOff[id] + n
	}
	m.post = make([]int32, m.postOff[len(m.words)])
	next := slices.Clone(m.postOff[:len(m.words)])
	for e, ids := range exWords {
		for _, id := range ids {
			m.post[next[id]] = number(e)
			next[id]++
		}
	}
	m.weight = make([]float32, len(m.words))
	for id, n := range df {
		m.weight[id] = float32(math.Log(1 + float64(len(exWords))/float64(n)))
	}
}

// learnShares counts, for each word, the tools of its examples (an
// example's tools split its count) over its examples plus Smoothing.
func (m *Model) learnShares(df []int32) {
	m.shareOff = make([]int32, 1, len(m.words)+1)
	var count []Share
	for id := range m.words {
		count = count[:0]
		for _, e := range m.post[m.postOff[id]:m.postOff[id+1]] {
			tools := m.exTools[m.exOff[e]:m.exOff[e+1]]
			for _, t := range tools {
				count = addShare(count, t, 1/float64(len(tools)))
			}
		}
		for _, c := range count {
			m.shares = append(m.shares, share{c.Tool, float32(c.P / (float64(df[id]) + Smoothing))})
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
// as words (the cosine of their rarity-weighted words), each tool with its
// part of the neighbours' summed similarity; ties go to the earlier
// example, so the answer is the same every time.
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
		wt := float64(m.weight[id])
		for _, ex := range post {
			if sim[ex] == 0 {
				touched = append(touched, ex)
			}
			sim[ex] += wt * wt
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

// The text form of examples: one line each, its tools separated by
// spaces, a tab, its words separated by '|'.
const (
	toolSep = " "
	wordSep = "|"
)

// Format writes examples in the text form Parse reads.
func Format(examples []Example) (string, error) {
	var b strings.Builder
	for i, ex := range examples {
		if len(ex.Tools) == 0 {
			return "", fmt.Errorf("example %d names no tool", i)
		}
		for _, s := range append(slices.Clone(ex.Tools), ex.Words...) {
			if s == "" || strings.ContainsAny(s, "\t\n"+wordSep+"`") {
				return "", fmt.Errorf("example %d: %q cannot be written", i, s)
			}
		}
		for _, name := range ex.Tools {
			if strings.Contains(name, toolSep) {
				return "", fmt.Errorf("example %d: tool %q has a space", i, name)
			}
		}
		b.WriteString(strings.Join(ex.Tools, toolSep))
		b.WriteByte('\t')
		b.WriteString(strings.Join(ex.Words, wordSep))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// ErrFormat marks text Parse cannot read.
var ErrFormat = errors.New("learned: malformed examples")

// Parse reads examples in the text form Format writes and learns from
// them. The words are slices of text, not copies.
func Parse(text string) (*Model, error) {
	var examples []Example
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "" {
			continue
		}
		tools, words, ok := strings.Cut(line, "\t")
		if !ok || tools == "" {
			return nil, fmt.Errorf("%w: line %d", ErrFormat, n+1)
		}
		ex := Example{Tools: strings.Split(tools, toolSep)}
		if words != "" {
			ex.Words = strings.Split(words, wordSep)
		}
		examples = append(examples, ex)
	}
	return New(examples), nil
}
