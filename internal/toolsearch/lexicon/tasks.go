package lexicon

import (
	_ "embed"
	"fmt"
	"strings"
)

// tasksFile holds the hand-written tasks: requests phrased the way people
// ask, each with the tools that answer it (format at its top).
//
//go:embed tasks.tsv
var tasksFile string

// Task is one line of tasks.tsv.
type Task struct {
	Held  bool   // held out: never tuned on, nor learned by the index that measures it
	Round string // the "# round: NAME" group it was written in
	Text  string
	Tools []string // acceptable tool names
	Line  int
}

// Tasks parses the embedded tasks, with the error naming the first
// malformed line (which is skipped); TestTasks keeps the file clean. Only
// go generate and tests read them: a function, not a value parsed once,
// so that the server's binary, which never calls it, does not carry the
// file (the linker keeps only what reachable code names).
func Tasks() ([]Task, error) { return ParseTasks(tasksFile) }

// ParseTasks reads tasks in the format of tasks.tsv. It returns every
// well-formed task and an error naming the first malformed line.
func ParseTasks(src string) ([]Task, error) {
	var out []Task
	var bad error
	round := ""
	for n, line := range strings.Split(src, "\n") {
		if name, ok := strings.CutPrefix(line, "# round: "); ok {
			round = strings.TrimSpace(name)
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || (cols[0] != "dev" && cols[0] != "held") || len(strings.Fields(cols[2])) == 0 {
			if bad == nil {
				bad = fmt.Errorf("tasks line %d: want dev|held<TAB>task<TAB>tools, got %q", n+1, line)
			}
			continue
		}
		out = append(out, Task{Held: cols[0] == "held", Round: round, Text: cols[1], Tools: strings.Fields(cols[2]), Line: n + 1})
	}
	return out, bad
}
