package lexicon_test

import (
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
)

func TestParseTasks(t *testing.T) {
	src := "# a comment\n# round: one\ndev\tlist users\tusers_list\nheld\twho is there\tusers_list teams_list\n\nbad line\n"
	ts, err := lexicon.ParseTasks(src)
	if err == nil {
		t.Error("a malformed line: want an error")
	}
	if len(ts) != 2 {
		t.Fatalf("got %d tasks, want 2", len(ts))
	}
	if ts[0].Held || ts[0].Round != "one" || ts[0].Text != "list users" || ts[0].Line != 3 {
		t.Errorf("first task %+v", ts[0])
	}
	if !ts[1].Held || len(ts[1].Tools) != 2 {
		t.Errorf("second task %+v", ts[1])
	}
	for _, bad := range []string{"dev\tno tools\t \n", "train\tx\tusers_list\n", "dev\tonly two\n"} {
		if _, err := lexicon.ParseTasks(bad); err == nil {
			t.Errorf("ParseTasks(%q): want an error", bad)
		}
	}
}

// TestTasks: the embedded file is well formed.
func TestTasks(t *testing.T) {
	ts, err := lexicon.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 250 {
		t.Fatalf("only %d tasks", len(ts))
	}
}
