package learned

import (
	"slices"
	"sync"
	"testing"
)

// TestShares: a tool's share of a word is its count over the word's
// examples plus Smoothing; an example's tools split its count.
func TestShares(t *testing.T) {
	m := New([]Example{
		{Words: []string{"zorblax", "user"}, Tools: []string{"users_delete"}},
		{Words: []string{"zorblax"}, Tools: []string{"users_delete", "users_update_status"}},
	})
	for _, tt := range []struct {
		word, tool string
		want       float64
	}{
		{"zorblax", "users_delete", 1.5 / (2 + Smoothing)},
		{"zorblax", "users_update_status", 0.5 / (2 + Smoothing)},
		{"user", "users_delete", 1 / (1 + Smoothing)},
		{"user", "users_update_status", 0},
	} {
		if got := m.Shares[tt.word][tt.tool]; got != tt.want {
			t.Errorf("share of %s for %q = %v, want %v", tt.tool, tt.word, got, tt.want)
		}
	}
}

// TestNeighbours: the examples sharing the rarest words vote most; k
// bounds the voters; a task with no known word gets no vote; the same
// question gets the same answer.
func TestNeighbours(t *testing.T) {
	var examples []Example
	for range 40 { // "list" and "row" are common: alone they tell no neighbour apart
		examples = append(examples, Example{Words: []string{"list", "row"}, Tools: []string{"rows"}})
	}
	examples = append(examples,
		Example{Words: []string{"list", "bucket", "photo"}, Tools: []string{"buckets"}},
		Example{Words: []string{"list", "file", "photo"}, Tools: []string{"files"}},
		Example{Words: []string{"list", "file", "photo", "upload"}, Tools: []string{"files", "uploads"}},
	)
	m := New(examples)
	tests := []struct {
		words []string
		k     int
		best  string // "" for no vote
		n     int    // tools voted
	}{
		{[]string{"list", "file", "photo"}, 2, "files", 2},
		{[]string{"list", "file", "photo"}, 1, "files", 1},
		{[]string{"photo", "bucket"}, 3, "buckets", 3},
		{[]string{"zorblax"}, 3, "", 0},
		{[]string{"list"}, 3, "", 0}, // too common to count
	}
	for _, tt := range tests {
		votes := m.Neighbours(tt.words, tt.k)
		if len(votes) != tt.n {
			t.Errorf("Neighbours(%v, %d) = %v, want %d tools", tt.words, tt.k, votes, tt.n)
			continue
		}
		var sum float64
		best := Vote{}
		for _, v := range votes {
			sum += v.P
			if v.P > best.P {
				best = v
			}
		}
		if best.Tool != tt.best || (tt.n > 0 && (sum < 0.999 || sum > 1.001)) {
			t.Errorf("Neighbours(%v, %d) = %v: best %q, sum %v; want best %q and parts summing to 1", tt.words, tt.k, votes, best.Tool, sum, tt.best)
		}
		again := m.Neighbours(tt.words, tt.k)
		if len(again) != len(votes) || (len(votes) > 0 && again[0] != votes[0]) {
			t.Errorf("Neighbours(%v, %d) differs on a second call", tt.words, tt.k)
		}
	}
}

// TestNeighboursConcurrent: searches share the model and its reused
// buffers; run with -race.
func TestNeighboursConcurrent(t *testing.T) {
	var examples []Example
	for i := range 50 {
		examples = append(examples, Example{Words: []string{"w" + string(rune('a'+i%7)), "v" + string(rune('a'+i%5))}, Tools: []string{"t" + string(rune('a'+i%3))}})
	}
	m := New(examples)
	queries := [][]string{{"wa", "vb"}, {"wc"}, {"vd", "we", "zz"}}
	want := make([][]Vote, len(queries))
	for i, q := range queries {
		want[i] = m.Neighbours(q, 5)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 200 {
				i := (g + n) % len(queries)
				if got := m.Neighbours(queries[i], 5); !slices.Equal(got, want[i]) {
					t.Errorf("Neighbours(%v) = %v concurrently, want %v", queries[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}
