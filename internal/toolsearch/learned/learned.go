// Package learned is what the development tasks teach search, from
// examples it is given already read (each task's words and the tools that
// answered it): for each word, the share of its tasks each tool answered;
// and, for a new task, the tools of the examples most like it. It knows
// nothing about reading text or ranking, and is only read after New.
package learned

import (
	"math"
	"slices"
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

// Model is what a set of examples teaches.
type Model struct {
	// Shares maps a word to each tool's share of the examples that used
	// it: the tool's count (a task's tools split it) over the word's
	// examples plus Smoothing.
	Shares map[string]map[string]float64

	tools    [][]string         // each example's tools
	norm     []float64          // each example's length: the root of its words' summed squared weights
	postings map[string][]int32 // the examples that use a word
	weight   map[string]float64 // a word's weight: the log of how rare it is
	maxDF    int                // postings longer than this are skipped (commonWord)
	sims     sync.Pool          // *[]float64, one similarity per example, all zero: a search reuses one instead of allocating it
}

// New learns from examples.
func New(examples []Example) *Model {
	m := &Model{
		Shares:   map[string]map[string]float64{},
		tools:    make([][]string, 0, len(examples)),
		postings: map[string][]int32{},
		weight:   map[string]float64{},
		maxDF:    int(commonWord * float64(len(examples))),
	}
	used := map[string]float64{}
	for i, ex := range examples {
		m.tools = append(m.tools, ex.Tools)
		for _, w := range ex.Words {
			if m.Shares[w] == nil {
				m.Shares[w] = map[string]float64{}
			}
			used[w]++
			for _, name := range ex.Tools {
				m.Shares[w][name] += 1 / float64(len(ex.Tools))
			}
			if p := m.postings[w]; len(p) == 0 || p[len(p)-1] != int32(i) {
				m.postings[w] = append(p, int32(i))
			}
		}
	}
	for w, byTool := range m.Shares {
		for name, n := range byTool {
			byTool[name] = n / (used[w] + Smoothing)
		}
	}
	n := float64(len(examples))
	for w, p := range m.postings {
		m.weight[w] = math.Log(1 + n/float64(len(p)))
	}
	m.sims.New = func() any {
		sim := make([]float64, len(examples))
		return &sim
	}
	m.norm = make([]float64, len(examples))
	for i, ex := range examples {
		var s float64
		for _, w := range ex.Words {
			s += m.weight[w] * m.weight[w]
		}
		m.norm[i] = math.Sqrt(s)
	}
	return m
}

// Vote is a tool's part of the nearest examples.
type Vote struct {
	Tool string
	P    float64
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
func (m *Model) Neighbours(words []string, k int) []Vote {
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
		wt := m.weight[w]
		p := m.postings[w]
		if len(p) > m.maxDF {
			continue
		}
		for _, ex := range p {
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
		top = topk.Insert(top, neighbour{ex, sim[ex] / m.norm[ex]}, k, closer)
	}
	var total float64
	for _, nb := range top {
		total += nb.sim
	}
	if total == 0 {
		return nil
	}

	var votes []Vote
	for _, nb := range top {
		for _, name := range m.tools[nb.ex] {
			p := nb.sim / total / float64(len(m.tools[nb.ex]))
			if i := slices.IndexFunc(votes, func(v Vote) bool { return v.Tool == name }); i >= 0 {
				votes[i].P += p
			} else {
				votes = append(votes, Vote{name, p})
			}
		}
	}
	return votes
}
