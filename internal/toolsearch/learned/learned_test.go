package learned

import (
	"errors"
	"math"
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
		got := 0.0
		m.Shares([]string{tt.word}, func(s Share) {
			if m.Tools()[s.Tool] == tt.tool {
				got += s.P
			}
		})
		if math.Abs(got-tt.want) > 1e-6 { // stored as float32
			t.Errorf("share of %s for %q = %v, want %v", tt.tool, tt.word, got, tt.want)
		}
	}
}

// TestNeighbours: the examples sharing most words vote most; k
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
		best, bestP := "", 0.0
		for _, v := range votes {
			sum += v.P
			if v.P > bestP {
				best, bestP = m.Tools()[v.Tool], v.P
			}
		}
		if best != tt.best || (tt.n > 0 && (sum < 0.999 || sum > 1.001)) {
			t.Errorf("Neighbours(%v, %d) = %v: best %q, sum %v; want best %q and parts summing to 1", tt.words, tt.k, votes, best, sum, tt.best)
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
	want := make([][]Share, len(queries))
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

// TestFromArrays: a model laid out as arrays and read back teaches what
// the examples teach; arrays that are not a model's are refused, never
// read out of range.
func TestFromArrays(t *testing.T) {
	examples := []Example{
		{Words: []string{"turn off", "=status", "user"}, Tools: []string{"users_update_status"}},
		{Words: []string{"user+s", "=list"}, Tools: []string{"users_list", "users_get"}},
		{Words: nil, Tools: []string{"health_get"}},
	}
	direct := New(examples)
	read, err := FromArrays(direct.Arrays())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"turn off", "=status", "user", "user+s", "=list"} {
		var a, b []Share
		direct.Shares([]string{w}, func(s Share) { a = append(a, s) })
		read.Shares([]string{w}, func(s Share) { b = append(b, s) })
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("shares of %q: read %v, direct %v", w, b, a)
		}
		if got, want := read.Neighbours([]string{w}, 2), direct.Neighbours([]string{w}, 2); !slices.Equal(got, want) {
			t.Errorf("neighbours of %q: read %v, direct %v", w, got, want)
		}
	}
	if !slices.Equal(read.Tools(), direct.Tools()) {
		t.Errorf("tools: read %v, direct %v", read.Tools(), direct.Tools())
	}
	for _, tt := range []struct {
		name  string
		spoil func(a *Arrays)
		shape bool // FromArrays refuses it too; the rest only Check finds
	}{
		{"tools out of order", func(a *Arrays) { a.Tools[0], a.Tools[1] = a.Tools[1], a.Tools[0] }, false},
		{"a word twice", func(a *Arrays) { ws := a.words(); ws[1] = ws[0]; setWords(a, ws) }, false},
		{"words out of order", func(a *Arrays) { ws := a.words(); ws[0], ws[1] = ws[1], ws[0]; setWords(a, ws) }, false},
		{"an example out of range", func(a *Arrays) { a.Post[0] = int32(len(a.Norm)) }, false},
		{"a negative tool", func(a *Arrays) { a.ExTools[0] = -1 }, false},
		{"a share's tool out of range", func(a *Arrays) { a.ShareTools[0] = int32(len(a.Tools)) }, false},
		{"offsets going back", func(a *Arrays) { a.PostOff[1], a.PostOff[2] = a.PostOff[2], a.PostOff[1] }, false},
		{"offsets short of the array", func(a *Arrays) { a.Post = append(a.Post, 0) }, true},
		{"offsets short of the text", func(a *Arrays) { a.WordText += "zzz" }, true},
		{"a share without its part", func(a *Arrays) { a.ShareP = a.ShareP[1:] }, true},
		{"a word without offsets", func(a *Arrays) { a.WordOff = append(a.WordOff, a.WordOff[len(a.WordOff)-1]) }, true},
		{"an example without a norm", func(a *Arrays) { a.Norm = a.Norm[1:] }, true},
		{"no offsets", func(a *Arrays) { a.ExOff = nil }, true},
		{"offsets not from zero", func(a *Arrays) { a.ShareOff[0] = 1 }, true},
	} {
		a := cloneArrays(direct.Arrays())
		tt.spoil(&a)
		if err := a.Check(); !errors.Is(err, ErrArrays) {
			t.Errorf("%s: Check = %v, want ErrArrays", tt.name, err)
		}
		if _, err := FromArrays(a); tt.shape && !errors.Is(err, ErrArrays) {
			t.Errorf("%s: FromArrays = %v, want ErrArrays", tt.name, err)
		}
	}
	if err := direct.Arrays().Check(); err != nil {
		t.Errorf("Check of learned arrays = %v", err)
	}
}

// setWords lays ws out as a's words.
func setWords(a *Arrays, ws []string) { a.WordText, a.WordOff = layWords(ws) }

// cloneArrays copies a, so that a test can change the copy.
func cloneArrays(a Arrays) Arrays {
	return Arrays{
		Tools: slices.Clone(a.Tools), WordText: a.WordText, WordOff: slices.Clone(a.WordOff),
		PostOff: slices.Clone(a.PostOff), Post: slices.Clone(a.Post),
		ShareOff: slices.Clone(a.ShareOff), ShareTools: slices.Clone(a.ShareTools), ShareP: slices.Clone(a.ShareP),
		ExOff: slices.Clone(a.ExOff), ExTools: slices.Clone(a.ExTools), Norm: slices.Clone(a.Norm),
	}
}
