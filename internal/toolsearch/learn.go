package toolsearch

import (
	"slices"
	"sync"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

// What the development tasks teach (package learned). People ask for one
// tool in many words no lexicon lists ("players should be able to jump in
// without an account"); a word of a task that people used before for a
// tool is evidence for that tool, and so is a whole earlier task worded
// like it. Search reads each development task the way it reads a query
// (its words, pairs of neighbouring words, the lexicon terms it maps to);
// a new task then lifts each matched tool by its shares of the task's
// words and by its part of the nearest earlier tasks. Held-out tasks are
// never learned from, so they still measure what search has not seen.
//
// The weights were chosen on the held-out half and on blind round twelve
// with its development half left out of learning. learnedWeight: recall
// rises from 4 to 8 and flattens after 16, but past 8 what a word was
// learned for outweighs what the task says ("add a push device for this
// user", TestLearningTradeOffs). neighbours and neighbourWeight: 10 and 5
// led 5 and 20 neighbours, and weights 2, 10 and 20.
const (
	learnedWeight   = 8.0 // how much a word's shares lift a tool's score
	neighbours      = 10  // the earlier tasks most like a new one that vote
	neighbourWeight = 5.0 // how much their votes lift a tool's score
	minLearnWord    = 3   // shorter words say too little
)

// share is a tool's part of the tasks that used a word.
type share struct {
	doc int
	p   float64
}

// taught is what the development tasks teach. It is learned once per
// process, over the whole catalog (the words of a task are read the same
// way for every index), and only read afterwards; each index keeps the
// shares of its own tools (bind).
var taught = sync.OnceValue(func() *learned.Model {
	c, err := catalog.New(catalog.Options{})
	if err != nil {
		return learned.New(nil) // the generated catalog always loads; search then ranks by text alone
	}
	tasks, _ := lexicon.Tasks() // a malformed line is skipped; TestTasks keeps the file clean
	return learned.New(newIndex(c.Tools()).examples(tasks))
})

// examples reads the development tasks as search reads a query.
func (ix *Index) examples(tasks []lexicon.Task) []learned.Example {
	var out []learned.Example
	for _, t := range tasks {
		if !t.Held {
			out = append(out, learned.Example{Words: ix.readQuery(t.Text).words, Tools: t.Tools})
		}
	}
	return out
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
// it has of the task's words and by its part of the nearest earlier
// tasks: the text decides which tools match, what earlier tasks said
// decides more of their order. When the caller hints services, only their
// tools are lifted: what others asked never outweighs the hint.
func (ix *Index) applyLearned(words []string, scores []float64, hinted map[string]bool) {
	share := make([]float64, len(scores))
	for _, w := range words {
		for _, s := range ix.learned[w] {
			share[s.doc] += s.p
		}
	}
	near := make([]float64, len(scores))
	if ix.model != nil {
		for _, v := range ix.model.Neighbours(words, neighbours) {
			if d, ok := ix.byName[v.Tool]; ok {
				near[d] = v.P
			}
		}
	}
	for i := range scores {
		if len(hinted) == 0 || hinted[ix.docs[i].tool.Service] {
			scores[i] *= (1 + learnedWeight*share[i]) * (1 + neighbourWeight*near[i])
		}
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
