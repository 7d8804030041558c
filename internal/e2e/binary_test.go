package e2e

import (
	"bytes"
	"os"
	"testing"
)

// TestBinaryCarriesNoDevelopmentData: the server binary embeds what it
// reads at run time (the lexicon) but not the task files only go generate
// and tests read (tasks.tsv is learned into generated arrays, blind.tsv is
// test data): 2.7 MB a server would carry and never touch.
func TestBinaryCarriesNoDevelopmentData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	raw, err := os.ReadFile(buildBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		marker string
		want   bool
	}{
		{"# Domain lexicon for appwrite_search_tools", true}, // lexicon.txt: read at start-up
		{"\n# round: ", false},                               // tasks.tsv and blind.tsv
	} {
		if got := bytes.Contains(raw, []byte(tt.marker)); got != tt.want {
			t.Errorf("binary holds %q: %v, want %v", tt.marker, got, tt.want)
		}
	}
}
