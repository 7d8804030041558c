package toolsearch

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/learned"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

// evalFloor is the quality the ranking must keep on each half, set a few
// points under what it reached (go test -run TestEval -v prints every
// round). Recall is a share of tasks; MRR is the mean reciprocal rank of
// the first acceptable tool within the top 5.
//
// Rounds one to three (first, dev-added, late, third) were written by
// people who also tuned the ranking. Rounds four to seventy were written
// blind, by writers who never saw the lexicon, the ranking or the tasks;
// each was measured whole before anything was tuned on or learned from
// it, and only its dev half ever was (EVAL_SHOW=dev). The walk and
// coverage rounds are development only. The index TestEval measures
// learns every dev task and no held one (devIndex), so the dev numbers say
// little; the held halves are the
// estimate for new phrasings, and a round measured whole before it was
// added is the cleanest one:
//
//	measured whole, blind   n      earlier ranking           measured at             r@1    r@5
//	twelfth (a-d)           520    47271e0 76.3%  91.2%      00d05ce                 79.0%  93.7%
//	fourteenth (a-f)        780    47271e0 80.6%  92.2%      a77f512                 83.5%  95.8%
//	fifteenth (a-h)         1040   47271e0 78.1%  92.6%      4a02e9f                 84.8%  95.5%
//	sixteenth (a, b)        260    47271e0 80.0%  93.8%      12e99d2                 83.8%  96.2%
//	seventeenth (a-g)       910    47271e0 76.7%  90.8%      12e99d2                 81.3%  95.8%
//	thirteenth (a, b)       260    47271e0 76.5%  93.5%      3874514                 81.5%  96.2%
//	eighteenth (a-d)        520    —                         d7ecf16                 84.4%  95.4%
//	nineteenth (a-d)        520    c109109 83.1%  96.0%      4ff88da                 82.9%  96.9%
//	twentieth (a-d)         520    c109109 85.8%  95.8%      2b389b2                 85.8%  96.2%
//	twentyfirst (a-d)       520    c109109 76.2%  90.8%      b118532                 75.6%  92.3%
//	twentysecond (a-d)      520    c109109 77.1%  91.0%      bb7eba9                 77.5%  92.5%
//	twentythird (a-d)       520    c109109 82.1%  94.4%      88d9a06                 82.7%  95.8%
//	twentyfourth (a-d)      520    c109109 82.1%  94.8%      732933d                 83.5%  95.6%
//	twentyfifth (a-d)       520    c109109 80.6%  93.3%      638900b                 81.7%  94.8%
//	twentysixth (a-d)       520    c109109 81.3%  94.0%      84a1f7b                 82.1%  96.0%
//	twentyseventh (a-d)     520    c109109 78.1%  89.8%      3bec33e                 80.0%  92.9%
//	twentyninth (a-d)       520    —                         c9a0280                 83.7%  97.5%
//	thirtyfirst (a-d)       520    —                         c9a0280                 85.0%  98.1%
//	thirtyfifth (a-d)       520    c9a0280 80.8%  94.2%      8529fa9                 82.7%  95.4%
//	thirtysixth (a-d)       520    c9a0280 83.5%  97.3%      8529fa9                 84.6%  97.9%
//	thirtyseventh (a-d)     520    c9a0280 81.7%  96.2%      cd6a920                 83.8%  96.3%
//	thirtyeighth (a-d)      520    c9a0280 83.1%  97.1%      cd6a920                 82.9%  98.1%
//	fortyfirst (a-d)        520    —                         96de977                 82.5%  96.0%
//	fortysecond (a-d)       520    —                         96de977                 77.5%  94.0%
//	fortythird (a-d)        520    —                         de424f8                 82.9%  94.0%
//	fortyfourth (a-d)       520    —                         de424f8                 80.2%  95.2%
//	fortyfifth (a-d)        520    —                         4d18260                 85.8%  96.9%
//	fortysixth (a-d)        520    —                         4d18260                 85.6%  97.1%
//	fortyninth (a-d)        520    —                         d91c8d6                 86.9%  97.1%
//	fiftieth (a-d)          520    —                         d91c8d6                 86.0%  98.3%
//	fiftythird (a-d)        518    —                         363b74b                 70.5%  89.4%
//	fiftyfourth (a-d)       519    —                         363b74b                 70.9%  88.6%
//	fiftyfifth (a-d)        510    —                         529e6fd                 80.0%  97.1%
//	fiftysixth (a-d)        514    —                         529e6fd                 78.8%  95.5%
//	fiftyninth (a-h)        1033   —                         de9fb58                 81.5%  95.8%
//	sixtieth (a-h)          1024   —                         140d587                 79.4%  96.1%
//	sixtythird (a-h)        1027   —                         ebfb00a                 79.6%  93.8%
//	sixtyfourth (a-h)       1031   —                         ebfb00a + 63rd          79.5%  96.2%
//	sixtysixth (a-h)        1026   —                         e93538c                 79.3%  97.4%
//	sixtyseventh (a-h)      1030   —                         3f2051c                 80.1%  96.1%
//	sixtyeighth (a-h)       1027   —                         f79f76f                 83.5%  97.7%
//	sixtyninth (a-h)        1026   —                         30b9be8                 83.5%  96.3%
//	seventieth (a-h)        1037   —                         15da5b1                 74.7%  90.8%
//
// The twelfth then chose the learning weights; the thirteenth was written
// at the start of its session and kept unopened until 3874514; the
// eighteenth is not in tasks.tsv. Rounds nineteen to twenty-seven were
// measured at the commit named, then added, while the ranking changed
// (with the twenty-eighth, over 5,200 tasks: r@1 81.8%, r@5 95.0%).
// Rounds twenty-nine to forty-six were written in the next session: the
// twelve above were learned from after they were measured (r@1 83.1%, r@5
// 96.4% pooled); seven more (twenty-eight, thirty, thirty-two to
// thirty-four, thirty-nine, forty) are kept out of learning in
// testdata/blind.tsv, the cleanest estimate: r@1 85.4%, r@5 96.9%, MRR
// .904 at 259ac4f (c9a0280: 83.3%, 96.0%). EVAL_FILE=round.tsv go test
// -run TestEvalFile measures a round this way. Rounds eight to eleven
// (earlier sessions) are in git history. The session after that wrote
// rounds forty-seven to fifty: the first two were kept blind, the forty-
// ninth and fiftieth learned after they were measured (d91c8d6 ranks as
// 259ac4f did). On the whole held half (n=9250) 059bb6d scores r@1 85.6%,
// r@5 97.1%, MRR .905. The fifty-first and fifty-second, from a brief
// written anew, are blind too and score lower (r@5 91.2%, 93.8%); with
// them blind.tsv's eleven rounds score r@1 84.5%, r@5 96.3% at 059bb6d
// (its header has the table). The fifty-third and fifty-fourth were
// written in the session after, from a brief written anew again (it asks
// outright for people's own words rather than Appwrite's and for a list
// tool wherever an item is named rather than given by ID): measured whole
// at 363b74b (the ranking of 059bb6d) they score lowest of all, and were
// then learned from (less three whose only tools are off by default).
// At 34db20d the held half (n=9767) scores r@1 84.9%, r@5 96.8%, MRR .900
// and blind.tsv r@1 84.7%, r@5 96.4%, MRR .897. The fifty-fifth and
// fifty-sixth came from a fourth brief (eight writers of one voice each,
// a list tool acceptable beside the one that acts wherever an item is
// named, not given by ID); measured whole at 529e6fd (the ranking of
// 34db20d) they score near the blind rounds, and were then learned from.
// At 5058fa5 the held half (n=10279) scores r@1 84.6%, r@5 96.8%, MRR
// .898; blind.tsv is unchanged, and so are both at 356bba6. 87d5c21 lets
// the shares of a tool's kin lift it (learn.go): held half r@1 85.4%, r@5
// 97.1%, MRR .904; blind.tsv r@1 85.4%, r@5 96.8%, MRR .903. The fifty-
// seventh and fifty-eighth, written next, went to blind.tsv unlearned
// (its header has their numbers). The fifty-ninth (eight writers, two
// voices each, the fourth brief) was measured whole at de9fb58 and then
// learned from: held half (n=10795) r@1 85.4%, r@5 97.1%, MRR .904; so
// was the sixtieth, at 140d587: held half (n=11309) r@1 85.2%, r@5 97.0%,
// MRR .903. ed511d9 lets what was learned make a tool a candidate even
// when the task shares no word with it (learn.go): held half r@1 85.8%,
// r@5 97.5%, MRR .909. The sixty-first and sixty-second went to
// blind.tsv unlearned. The sixty-third and sixty-fourth were measured
// whole at the next session's start (the ranking of ed511d9; the
// sixty-fourth with the sixty-third learned) and then learned from: held
// half (n=12336) r@1 85.5%, r@5 97.3%, MRR .907. From then on the model
// shipped learns the held halves too; TestEval still ranks them with a
// model of the dev halves alone, so its numbers stay comparable with those
// above. The 36 held tasks worded like a blind task left tasks.tsv, and an
// item named by ID lifts its get tool (query.idFactor): held half
// (n=12300) r@1 85.5%, r@5 97.3%, MRR .907. The sixty-fifth went to
// blind.tsv unlearned; the sixty-sixth to seventieth were measured
// whole (at e93538c, 3f2051c, f79f76f, 30b9be8 and 15da5b1), then
// learned. The seventieth asked six of its eight writers for tables and
// databases only, the weakest service in every round, to learn from.
var evalFloor = map[string]evalScore{
	"dev":  {recall1: 0.91, recall5: 0.97, mrr: 0.94},
	"held": {recall1: 0.82, recall5: 0.94, mrr: 0.87},
}

type evalScore struct {
	recall1, recall5, mrr float64
}

// below reports whether s falls short of floor on any measure.
func (s evalScore) below(floor evalScore) bool {
	return s.recall1 < floor.recall1 || s.recall5 < floor.recall5 || s.mrr < floor.mrr
}

// loadEval is the embedded tasks, each of whose tools must be in known.
func loadEval(t *testing.T, known map[string]bool) []lexicon.Task {
	t.Helper()
	ts, err := lexicon.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ts {
		for _, w := range c.Tools {
			if !known[w] {
				t.Errorf("tasks.tsv:%d: %q is not a catalog tool", c.Line, w)
			}
		}
	}
	return ts
}

// splitOf names the half a task belongs to.
func splitOf(c lexicon.Task) string {
	if c.Held {
		return "held"
	}
	return "dev"
}

// devIndex indexes tools with what the development half of tasks
// teaches, and nothing of the held half: search as it was before it learned
// the held half (the model shipped learns both, learn.go), so the held half
// measures phrasings it has not seen.
func devIndex(tools []*catalog.Tool, tasks []lexicon.Task) *Index {
	ix := newIndex(tools)
	dev := slices.DeleteFunc(slices.Clone(tasks), func(c lexicon.Task) bool { return c.Held })
	ix.learnFrom(learned.New(ix.examples(dev)))
	return ix
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
func evalRank(ix *Index, c lexicon.Task) (int, []string) {
	res := ix.Search(Request{Query: c.Text, Limit: 5})
	var got []string
	for i, m := range res.Matches {
		got = append(got, m.Name)
		if slices.Contains(c.Tools, m.Name) {
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
		for _, w := range c.Tools {
			covered[strings.SplitN(w, "_", 2)[0]] = true
		}
	}
	for s := range services {
		if !covered[strings.SplitN(s, "_", 2)[0]] {
			t.Errorf("tasks.tsv has no task for service %s", s)
		}
	}
	ix := devIndex(tools, cases)
	show := os.Getenv("EVAL_SHOW") // "dev" or "held": list that half's misses
	for _, split := range []string{"dev", "held"} {
		var all roundTallies
		for _, c := range cases {
			if splitOf(c) != split {
				continue
			}
			rank, got := evalRank(ix, c)
			if rank != 1 && show == split {
				t.Logf("rank %d %s:%d %q want %v got %v", rank, split, c.Line, c.Text, c.Tools, got)
			}
			all.add(c.Round, rank)
		}
		if all.n == 0 {
			t.Fatalf("no %s cases", split)
		}
		s := all.score()
		fmt.Printf("eval %-4s %-16s %s\n", split, "all", &all.tally)
		for _, r := range all.order {
			fmt.Printf("eval %-4s %-16s %s\n", split, "round "+r, all.rounds[r])
		}
		if f := evalFloor[split]; s.below(f) {
			t.Errorf("%s: recall@1 %.3f, recall@5 %.3f, MRR %.3f below floor %+v", split, s.recall1, s.recall5, s.mrr, f)
		}
	}
}

// TestEvalFile measures the ranking on tasks search has not learned from
// (EVAL_FILE=round.tsv, the format of tasks.tsv; both halves counted): how
// a blind round is measured whole before it is added, and how the blind
// rounds kept in testdata/blind.tsv are measured again. It prints the
// numbers of each "# round:" group and of the whole file, and fails only on
// a file it cannot read.
func TestEvalFile(t *testing.T) {
	path := os.Getenv("EVAL_FILE")
	if path == "" {
		t.Skip("EVAL_FILE not set")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := lexicon.ParseTasks(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(realTools(t))
	var all roundTallies
	for _, c := range cases {
		for _, w := range c.Tools {
			if _, ok := ix.byName[w]; !ok {
				t.Errorf("%s:%d: %q is not a catalog tool", path, c.Line, w)
			}
		}
		rank, _ := evalRank(ix, c)
		all.add(c.Round, rank)
	}
	for _, r := range all.order {
		if r != "" {
			fmt.Printf("eval file round %-14s %s\n", r, all.rounds[r])
		}
	}
	fmt.Printf("eval file %s %s\n", path, &all.tally)
}

// TestCrossValidate measures search on phrasings it has not learned
// (EVAL_CV=1, about 25 s; EVAL_CV=misses also lists the misses): each
// round of cvRounds is left out of learning in turn, and an index that
// learned every other round's tasks (both halves, as the model shipped
// does) ranks that round's development half. This chose the learning
// weights and each later ranking change; blind.tsv was measured only
// after. It fails below the held half's floor, as a round search has not
// learned is held out too. The tasks are read once; each round learns
// from its part of what was read.
func TestCrossValidate(t *testing.T) {
	mode := os.Getenv("EVAL_CV")
	if mode == "" {
		t.Skip("EVAL_CV not set")
	}
	tasks, err := lexicon.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	tools := realTools(t)
	examples := newIndex(tools).examples(tasks) // examples[i] is tasks[i] read as search reads a query
	var all roundTallies
	for _, r := range cvRounds(tasks) {
		var train []learned.Example
		var test []lexicon.Task
		for i, c := range tasks {
			switch {
			case roundName(c.Round) != r:
				train = append(train, examples[i])
			case !c.Held:
				test = append(test, c)
			}
		}
		ix := newIndex(tools)
		ix.learnFrom(learned.New(train))
		for _, c := range test {
			rank, got := evalRank(ix, c)
			if rank == 0 && mode == "misses" {
				t.Logf("miss %s:%d %q want %v got %v", r, c.Line, c.Text, c.Tools, got)
			}
			all.add(r, rank)
		}
	}
	for _, r := range all.order {
		fmt.Printf("cv round %-14s %s\n", r, all.rounds[r])
	}
	fmt.Printf("cv all %s (%d at rank 1, %d in the top 5)\n", &all.tally, all.r1, all.r5)
	if s, f := all.score(), evalFloor["held"]; s.below(f) {
		t.Errorf("left out of learning, recall@1 %.3f, recall@5 %.3f, MRR %.3f: below the held floor %+v", s.recall1, s.recall5, s.mrr, f)
	}
}

// cvRounds are the rounds written blind from the twelfth on, in file
// order: the earlier ones were written by people who also tuned the
// ranking or are few, and the coverage rounds and walks ask for each tool
// by rote.
func cvRounds(tasks []lexicon.Task) []string {
	early := []string{"first", "dev", "late", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "walk"}
	var out []string
	for _, c := range tasks {
		r := roundName(c.Round)
		if !slices.Contains(early, r) && !strings.HasPrefix(r, "cover") && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// roundName is a round without its writer's letter ("twelfth-a").
func roundName(round string) string {
	name, _, _ := strings.Cut(round, "-")
	return name
}

// TestWriterCatalog writes what writers of a new round may read of the
// catalog (EVAL_CATALOG=path; docs/search-eval.md): one line per live tool
// of the default catalog, its name, the first sentence of its description
// and its method and path.
func TestWriterCatalog(t *testing.T) {
	path := os.Getenv("EVAL_CATALOG")
	if path == "" {
		t.Skip("EVAL_CATALOG not set")
	}
	var b strings.Builder
	for _, tl := range realTools(t) {
		if !tl.Deprecated {
			fmt.Fprintf(&b, "%s\t%s\t%s %s\n", tl.Name, text.FirstSentence(tl.Description, 240), tl.HTTPMethod, tl.Path)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBlindStaysBlind: no task of testdata/blind.tsv is worded like a
// task of tasks.tsv (case and outer spaces aside), so search has not
// learned the answer to any of them: a round added to tasks.tsv must drop
// such tasks first.
func TestBlindStaysBlind(t *testing.T) {
	raw, err := os.ReadFile("testdata/blind.tsv")
	if err != nil {
		t.Fatal(err)
	}
	blind, err := lexicon.ParseTasks(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	learned, err := lexicon.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	key := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	taught := map[string]int{}
	for _, c := range learned {
		taught[key(c.Text)] = c.Line
	}
	for _, c := range blind {
		if line, ok := taught[key(c.Text)]; ok {
			t.Errorf("blind.tsv:%d %q is tasks.tsv:%d, a task search learns from", c.Line, c.Text, line)
		}
	}
	if len(blind) < 9791 {
		t.Errorf("blind.tsv holds %d tasks, want the 9,791 it was measured on", len(blind))
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

// roundTallies counts the ranks of a group of tasks, in all and by the
// round each was written in (in the order the rounds first appear).
type roundTallies struct {
	tally
	rounds map[string]*tally
	order  []string
}

func (a *roundTallies) add(round string, rank int) {
	a.tally.add(rank)
	if a.rounds == nil {
		a.rounds = map[string]*tally{}
	}
	if a.rounds[round] == nil {
		a.rounds[round] = &tally{}
		a.order = append(a.order, round)
	}
	a.rounds[round].add(rank)
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

// BenchmarkNewIndex measures building the index over the full catalog:
// once at start-up and once per narrowed server a connection asks for.
//
//	go test -run '^$' -bench NewIndex -benchmem ./internal/toolsearch
func BenchmarkNewIndex(b *testing.B) {
	tools := realTools(b)
	b.ReportAllocs()
	for b.Loop() {
		NewIndex(tools)
	}
}
