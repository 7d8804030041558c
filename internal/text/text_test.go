package text_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/text"
)

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"cut at a word boundary here", 16, "cut at a word…"},
		{"nowordboundaryatall", 10, "nowordboun…"},
		{"a verylongwordthatcannotbreak", 12, "a verylongwo…"}, // the space is too early: cut inside the word
		{"ééééé", 5, "éé…"},                                    // never inside a UTF-8 sequence
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := text.Cut(tt.in, tt.n); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func FuzzCut(f *testing.F) {
	for _, s := range []string{"", "a b c", "ééé", strings.Repeat("x", 100), "\xff\xfe"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1<<10 {
			return
		}
		got := text.Cut(s, n)
		body := strings.TrimSuffix(got, "…")
		if got == s {
			return
		}
		if len(body) > n || !strings.HasPrefix(s, body) {
			t.Fatalf("Cut(%q, %d) = %q", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Cut(%q, %d) = %q broke a UTF-8 sequence", s, n, got)
		}
	})
}

func TestSingular(t *testing.T) {
	tests := []struct{ in, want string }{
		{"rows", "row"},
		{"entries", "entry"},
		{"indexes", "index"},
		{"branches", "branch"},
		{"addresses", "address"},
		{"status", "status"},
		{"access", "access"},
		{"analysis", "analysis"},
		{"row", "row"},
		{"bus", "bus"},
		{"alias", "alias"},
		{"aliases", "alias"},
	}
	for _, tt := range tests {
		if got := text.Singular(tt.in); got != tt.want {
			t.Errorf("Singular(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFirstSentence(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"Get a user. Returns the user object.", 100, "Get a user."},
		{"Get  a\n user.  More.", 100, "Get a user."}, // spacing folded first
		{"One sentence without a stop", 100, "One sentence without a stop"},
		{"A long first sentence here. Second.", 12, "A long…"},      // the stop is past n: cut at a word
		{"v1.2 is the version. Then.", 100, "v1.2 is the version."}, // a dot inside a word ends nothing
	}
	for _, tt := range tests {
		if got := text.FirstSentence(tt.in, tt.n); got != tt.want {
			t.Errorf("FirstSentence(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
