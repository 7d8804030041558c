package spell_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/spell"
)

func TestNearest(t *testing.T) {
	vocab := []string{"backup", "banned", "create", "delete", "function", "list", "make", "patch", "stopped", "upload", "verify"}
	tests := []struct{ in, want string }{
		{"delte", "delete"},      // a letter dropped
		{"lsit", "list"},         // a swap
		{"fucntion", "function"}, //nolint:misspell // a deliberate typo
		{"uplaod", "upload"},
		{"unverify", "verify"}, // a prefix dropped
		{"mike", ""},           // four letters: only a swap counts
		{"rcreate", ""},        // the first letter must agree
		{"zzzzzz", ""},
		{"bakup", "backup"}, // a letter dropped
		{"pitch", ""},       // a changed letter: another word, not a slip
		{"banner", ""},
		{"shipped", ""},
	}
	for _, tt := range tests {
		if got := spell.Nearest(tt.in, vocab); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"lsit", "list", 1}, {"delte", "delete", 1}, {"abc", "abc", 0}, {"", "ab", 2}, {"ca", "abc", 3}} {
		if got := spell.Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestClosest(t *testing.T) {
	candidates := []string{"users_list", "users_get", "users_create", "tables_db_list_rows", "tables_db_get_row", "storage_list_files"}
	tests := []struct {
		want  string
		first string
	}{
		{"list_users", "users_list"},
		{"user_list", "users_list"},
		{"tablesdb_list_rows", "tables_db_list_rows"},
		{"usres_get", "users_get"},
		{"listFiles", "storage_list_files"},
	}
	for _, tt := range tests {
		got := spell.Closest(tt.want, candidates, 3)
		if len(got) != 3 || got[0] != tt.first {
			t.Errorf("Closest(%q) = %v, want first %q", tt.want, got, tt.first)
		}
	}
	if got := spell.Closest("x", candidates, 0); len(got) != 0 {
		t.Errorf("n=0: %v", got)
	}
}

// TestClosestBoundsHugeNames: a megabyte "tool name" costs no more than a
// short one to suggest alternatives for.
func TestClosestBoundsHugeNames(t *testing.T) {
	huge := strings.Repeat("users_get_", 100_000) // 1 MB
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	near := spell.Closest(huge, []string{"users_get", "users_list", "teams_get"}, 2)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<10 {
		t.Errorf("suggesting for a 1 MB name allocated %d bytes: the name was not bounded", alloc)
	}
	if len(near) != 2 || near[0] != "users_get" {
		t.Errorf("Closest = %v, want users_get first", near)
	}
}
