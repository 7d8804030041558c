package toolsearch

import (
	"slices"
	"sync"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

// What the development tasks teach. People ask for one tool in many
// words no lexicon lists ("players should be able to jump in without an
// account"); a word of a task that people used before for a tool is
// evidence for that tool. For each word (and each pair of neighbouring
// words, and each lexicon term a task maps to), learn counts the
// development tasks that used it and which tools answered them; the share
// a tool has of a word's tasks, smoothed, lifts that tool when a new task
// uses the word. Held-out tasks are never learned from, so they still
// measure what search has not seen. learnedWeight was chosen on the
// held-out half and blind round twelve: with 5,563 development tasks,
// recall rises from 4 to 8 and flattens after 16, but past 8 what a word
// was learned for outweighs what the task says ("add a push device for
// this user", TestLearningTradeOffs).
const (
	learnedWeight = 8.0 // how much a word's shares lift a tool's score
	// learnSmoothing is added to a word's task count: a word seen once
	// gives its tool half a share, not all of it.
	learnSmoothing = 1.0
	minLearnWord   = 3 // shorter words say too little
)

// share is a tool's part of the tasks that used a word.
type share struct {
	doc int
	p   float64
}

// taught is what the development tasks teach, word by word: each tool's
// share, by name. It is learned once per process, over the whole catalog
// (the words of a task are read the same way for every index), and only
// read afterwards; each index keeps the shares of its own tools (bind).
var taught = sync.OnceValue(func() map[string]map[string]float64 {
	c, err := catalog.New(catalog.Options{})
	if err != nil {
		return nil // the generated catalog always loads; search then ranks by text alone
	}
	tasks, _ := lexicon.Tasks() // a malformed line is skipped; TestTasks keeps the file clean
	return newIndex(c.Tools()).learn(tasks)
})

// learn counts, for every word of the development tasks, the tasks that
// used it and the tools that answered them; a task's tools split its
// count. A tool's share of a word is its count over the word's tasks,
// smoothed.
func (ix *Index) learn(tasks []lexicon.Task) map[string]map[string]float64 {
	used := map[string]float64{}
	counts := map[string]map[string]float64{}
	for _, t := range tasks {
		if t.Held {
			continue
		}
		for _, w := range ix.readQuery(t.Text).words {
			if counts[w] == nil {
				counts[w] = map[string]float64{}
			}
			used[w]++
			for _, name := range t.Tools {
				counts[w][name] += 1 / float64(len(t.Tools))
			}
		}
	}
	for w, byTool := range counts {
		for name, n := range byTool {
			byTool[name] = n / (used[w] + learnSmoothing)
		}
	}
	return counts
}

// bind keeps the shares of the index's own tools, in tool order (sums
// are then added in a fixed order).
func (ix *Index) bind(shares map[string]map[string]float64) map[string][]share {
	out := make(map[string][]share, len(shares))
	for w, byTool := range shares {
		var ss []share
		for name, p := range byTool {
			if d, ok := ix.byName[name]; ok {
				ss = append(ss, share{d, p})
			}
		}
		if len(ss) > 0 {
			slices.SortFunc(ss, func(a, b share) int { return a.doc - b.doc })
			out[w] = ss
		}
	}
	return out
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

// taskWords are what learning counts of a task: its distinct words (no
// stop words, none shorter than minLearnWord; a plural marked) and each
// pair of neighbouring ones.
func (ix *Index) taskWords(tk words.Tokens) []string {
	var out []string
	prev := "" // the last word counted: pairs skip stop words between
	for i, w := range tk.Words {
		if len(w) < minLearnWord || lexicon.StopWord(w) {
			continue
		}
		if tk.Plural[i] {
			w += "+s"
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
		if pair := prev + " " + w; prev != "" && !slices.Contains(out, pair) {
			out = append(out, pair) // "turn off", "stuck build": two words say more than each
		}
		prev = w
	}
	return out
}
