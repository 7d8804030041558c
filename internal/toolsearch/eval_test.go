package toolsearch

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// evalCase is one line of testdata/eval.tsv.
type evalCase struct {
	split string // "dev" or "held"
	round string // the "# round: NAME" group it was written in
	task  string
	want  []string
	line  int
}

// evalFloor is the quality the ranking must keep on each half, set a few
// points under what it reached when it was tuned (on the dev half only).
// Recall is a share of tasks; MRR is the mean reciprocal rank of the first
// acceptable tool within the top 5.
//
// Measured (go test -run TestEval -v ./internal/toolsearch):
//
//	                                  before (04e292e)            after
//	dev, 1006 tasks                   r@1 41.7% r@5 63.7% .509    r@1 85.2% r@5 95.6% .897
//	  its first 150 (written first)   r@1 52.0% r@5 68.0% .587    r@1 96.7% r@5 98.7% .977
//	held, 215 tasks                   r@1 48.4% r@5 69.3% .579    r@1 87.0% r@5 94.0% .901
//	  its first 150 (written first)   r@1 49.3% r@5 68.0% .577    r@1 88.7% r@5 94.7% .912
//	  the 65 written late             r@1 46.2% r@5 72.3% .583    r@1 83.1% r@5 92.3% .874
//
// The first 150 tasks of each half were written together before tuning.
// The other dev tasks were added in rounds while tuning, each measured
// before it was tuned on (they started at 50-90% recall@1); the last 65
// held-out tasks were written late and never tuned on: the best guide to
// how the ranking does on new phrasings.
//
// A second round (tuned on dev misses only, EVAL_SHOW=dev) added general
// mechanisms: writes that fit a task naming no change better than any
// read, a modal after a question word, the subject of a list question or
// an item named by ID, sibling spreading, and domain vocabulary:
//
//	                                  before (aa9881a)            after
//	dev, 1006 tasks                   r@1 85.2% r@5 95.6% .897    r@1 86.6% r@5 98.2% .915
//	held, 215 tasks                   r@1 87.4% r@5 94.0% .903    r@1 88.4% r@5 95.8% .915
//
// A third round wrote 169 new dev tasks (after the "# Third round" line)
// before any tuning, then tuned on dev misses only with general
// mechanisms: typo correction that knows every lexicon word and keeps the
// first letter unless a prefix is dropped, lexicon nouns as the subject of
// a list question or named by ID, "add" fitting an update whose object no
// tool creates, and general vocabulary ("i"/"my" at half weight, legacy
// words kept, preferences, dropdown, insert-or-update, ...):
//
//	                                  before (aac644f)            after
//	the 169 new dev tasks             r@1 81.1% r@5 93.5% .863    r@1 89.9% r@5 98.2% .936
//	dev, first 1006 tasks             r@1 86.6% r@5 98.2% .915    r@1 86.9% r@5 98.2% .916
//	dev, 1175 tasks                   r@1 85.8% r@5 97.5% .907    r@1 87.3% r@5 98.2% .919
//	held, 215 tasks                   r@1 88.4% r@5 95.8% .915    r@1 89.3% r@5 96.3% .923
var evalFloor = map[string]evalScore{
	"dev":  {recall1: 0.80, recall5: 0.93, mrr: 0.85},
	"held": {recall1: 0.68, recall5: 0.80, mrr: 0.73},
}

type evalScore struct {
	recall1, recall5, mrr float64
}

func loadEval(t *testing.T, known map[string]bool) []evalCase {
	t.Helper()
	f, err := os.Open("testdata/eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalCase
	round := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "# round: "); ok {
			round = strings.TrimSpace(name)
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || (cols[0] != "dev" && cols[0] != "held") {
			t.Fatalf("eval.tsv:%d: want split<TAB>task<TAB>tools, got %q", n, line)
		}
		c := evalCase{split: cols[0], round: round, task: cols[1], want: strings.Fields(cols[2]), line: n}
		if len(c.want) == 0 {
			t.Fatalf("eval.tsv:%d: no acceptable tool", n)
		}
		for _, w := range c.want {
			if !known[w] {
				t.Errorf("eval.tsv:%d: %q is not a catalog tool", n, w)
			}
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func realTools(tb testing.TB) []*catalog.Tool {
	tb.Helper()
	c, err := catalog.New(catalog.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return c.Tools()
}

// evalRank is the 1-based rank of the first acceptable tool in the top 5
// of a default search (no hints, writes included only when the task asks
// for a change), 0 when none is there.
func evalRank(ix *Index, c evalCase) (int, []string) {
	res := ix.Search(Request{Query: c.task, Limit: 5})
	var got []string
	for i, m := range res.Matches {
		got = append(got, m.Name)
		if slices.Contains(c.want, m.Name) {
			return i + 1, got
		}
	}
	return 0, got
}

// TestEval measures the ranking on the hand-written evaluation set and
// fails below the floor. Run with -v to see the numbers; EVAL_SHOW=dev
// also lists the development half's misses. Held-out misses are listed
// only when asked for by name (EVAL_SHOW=held), so tuning never reads a
// held-out task by accident.
func TestEval(t *testing.T) {
	tools := realTools(t)
	known := map[string]bool{}
	services := map[string]bool{}
	for _, tl := range tools {
		known[tl.Name] = true
		services[tl.Service] = true
	}
	cases := loadEval(t, known)
	covered := map[string]bool{}
	for _, c := range cases {
		for _, w := range c.want {
			covered[strings.SplitN(w, "_", 2)[0]] = true
		}
	}
	for s := range services {
		if !covered[strings.SplitN(s, "_", 2)[0]] {
			t.Errorf("eval.tsv has no task for service %s", s)
		}
	}
	ix := NewIndex(tools)
	show := os.Getenv("EVAL_SHOW") // "dev" or "held": list that half's misses
	for _, split := range []string{"dev", "held"} {
		var all tally
		rounds := map[string]*tally{}
		var order []string
		for _, c := range cases {
			if c.split != split {
				continue
			}
			rank, got := evalRank(ix, c)
			if rank != 1 && show == split {
				t.Logf("rank %d %s:%d %q want %v got %v", rank, split, c.line, c.task, c.want, got)
			}
			all.add(rank)
			if rounds[c.round] == nil {
				rounds[c.round] = &tally{}
				order = append(order, c.round)
			}
			rounds[c.round].add(rank)
		}
		if all.n == 0 {
			t.Fatalf("no %s cases", split)
		}
		s := all.score()
		fmt.Printf("eval %-4s %-16s %s\n", split, "all", &all)
		for _, r := range order {
			fmt.Printf("eval %-4s %-16s %s\n", split, "round "+r, rounds[r])
		}
		f := evalFloor[split]
		if s.recall1 < f.recall1 || s.recall5 < f.recall5 || s.mrr < f.mrr {
			t.Errorf("%s: recall@1 %.3f, recall@5 %.3f, MRR %.3f below floor %+v", split, s.recall1, s.recall5, s.mrr, f)
		}
	}
}

// tally counts the ranks of one group of tasks (0: not in the top 5).
type tally struct {
	n, r1, r5 int
	rr        float64
}

func (t *tally) add(rank int) {
	t.n++
	if rank == 1 {
		t.r1++
	}
	if rank > 0 {
		t.r5++
		t.rr += 1 / float64(rank)
	}
}

func (t *tally) score() evalScore {
	n := float64(t.n)
	return evalScore{float64(t.r1) / n, float64(t.r5) / n, t.rr / n}
}

func (t *tally) String() string {
	s := t.score()
	return fmt.Sprintf("n=%-4d recall@1=%.1f%% recall@5=%.1f%% MRR=%.3f", t.n, 100*s.recall1, 100*s.recall5, s.mrr)
}

// BenchmarkSearch measures one appwrite_search_tools ranking over the full
// catalog (mean per call, and the median and 99th percentile of single
// calls):
//
//	go test -run '^$' -bench Search -benchmem ./internal/toolsearch
func BenchmarkSearch(b *testing.B) {
	ix := NewIndex(realTools(b))
	reqs := []Request{
		{Query: "list rows in a table", Limit: 8},
		{Query: "is the database healthy?", Limit: 8},
		{Query: "kick out the user bob from all his devices", Limit: 8},
		{Query: "upload file", Limit: 8, ServiceHints: []string{"storage"}, ArgumentHints: map[string]any{"bucketId": "b"}},
	}
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res := ix.Search(reqs[i%len(reqs)])
		took = append(took, time.Since(start))
		if len(res.Matches) == 0 {
			b.Fatal("no match")
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}
