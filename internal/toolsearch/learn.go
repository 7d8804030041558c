package toolsearch

import (
	"slices"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// What the development tasks teach. People ask for one tool in many
// words no lexicon lists ("kill the stuck build", "GB-hours", "clan"); a
// word of a task that people used before for a tool is evidence for that
// tool. For each word, learn counts the development tasks that used it and
// which tools answered them; the share a tool has of a word's tasks,
// smoothed, lifts that tool when a new task uses the word. Held-out tasks
// are never learned from, so they still measure what search has not seen.
const (
	learnedWeight = 3.0 // how much a word's shares lift a tool's score
	// learnSmoothing is added to a word's task count: a word seen once
	// gives its tool half a share, not all of it.
	learnSmoothing = 1.0
	minLearnWord   = 3 // shorter words say too little
)

// share is a tool's part of the tasks that used a word.
type share struct {
	doc int32
	p   float64
}

// learn fills ix.learned from the development tasks. A task's tools split
// its count; tools this index does not hold are left out, but their tasks
// still count for the word.
func (ix *Index) learn(tasks []lexicon.Task) {
	used := map[string]float64{}
	counts := map[string]map[int32]float64{}
	var order []string
	for _, t := range tasks {
		if t.Held {
			continue
		}
		for _, w := range ix.taskWords(rawTokens(ix.stripValues(t.Text))) { // written with care: no typos to correct
			if counts[w] == nil {
				counts[w] = map[int32]float64{}
				order = append(order, w)
			}
			used[w]++
			for _, name := range t.Tools {
				if d, ok := ix.byName[name]; ok {
					counts[w][int32(d)] += 1 / float64(len(t.Tools))
				}
			}
		}
	}
	ix.learned = make(map[string][]share, len(counts))
	for _, w := range order {
		shares := make([]share, 0, len(counts[w]))
		for d, n := range counts[w] {
			shares = append(shares, share{d, n / (used[w] + learnSmoothing)})
		}
		slices.SortFunc(shares, func(a, b share) int { return int(a.doc - b.doc) })
		ix.learned[w] = shares
	}
}

// applyLearned lifts the score of each tool that matched by the shares
// it has of the task's words: the text decides which tools match, what
// earlier tasks said decides more of their order.
func (ix *Index) applyLearned(words []string, scores []float64) {
	lift := make([]float64, len(scores))
	for _, w := range words {
		for _, s := range ix.learned[w] {
			lift[s.doc] += s.p
		}
	}
	for i, l := range lift {
		scores[i] *= 1 + learnedWeight*l
	}
}

// taskWords are the distinct words of a task that learning counts: no
// stop words, none shorter than minLearnWord.
func (ix *Index) taskWords(tk tokens) []string {
	var out []string
	for i, w := range tk.words {
		if len(w) < minLearnWord || lexicon.StopWord(w) {
			continue
		}
		if tk.plural[i] {
			w += "+s"
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
