package shape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// These tests reach below the public API for invariants it cannot show:
// what truncateJSON reports, that measuring allocates nothing, and that the
// fast string encoder matches encoding/json byte for byte.

func TestTruncateJSON(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		budget int
		check  func(t *testing.T, out string, info truncInfo)
	}{
		{"keeps key order", `{"z":1,"a":[` + strings.Repeat(`"aaaaaaaaaa",`, 50) + `"b"]}`, 100, func(t *testing.T, out string, info truncInfo) {
			if !strings.HasPrefix(out, `{"z":1,"a":["aaaaaaaaaa"`) {
				t.Errorf("out = %s", out)
			}
			if len(info.arrays) != 1 || info.arrays[0].path != "a" || info.arrays[0].kept+info.arrays[0].dropped != 51 {
				t.Errorf("info = %+v", info)
			}
		}},
		{"one huge element shrinks its strings", `{"documents":[{"text":"` + strings.Repeat("y", 5000) + `"}]}`, 500, func(t *testing.T, _ string, info truncInfo) {
			if len(info.strings) != 1 || info.strings[0] != "documents[].text" {
				t.Errorf("info = %+v", info)
			}
		}},
		{"top-level array", `[` + strings.Repeat(`{"a":1},`, 100) + `{"a":1}]`, 60, func(t *testing.T, _ string, info truncInfo) {
			if len(info.arrays) != 1 || info.arrays[0].path != "" {
				t.Errorf("info = %+v", info)
			}
		}},
		{"unicode string cut on a rune", `{"s":"` + strings.Repeat("é", 400) + `"}`, 200, func(t *testing.T, out string, _ truncInfo) {
			var v map[string]string
			if err := json.Unmarshal([]byte(out), &v); err != nil || !strings.HasSuffix(v["s"], "…") {
				t.Errorf("out = %s (%v)", out, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, info, ok := truncateJSON([]byte(tt.in), tt.budget)
			if !ok {
				t.Fatal("not ok")
			}
			if len(out) > tt.budget {
				t.Errorf("len %d > budget %d", len(out), tt.budget)
			}
			if !json.Valid(out) {
				t.Errorf("invalid JSON: %s", out)
			}
			tt.check(t, string(out), info)
		})
	}
	if _, _, ok := truncateJSON([]byte(`{"a":1,"b":2,"c":3}`), 5); ok {
		t.Errorf("unshrinkable object reported ok")
	}
}

// FuzzTruncateJSON: for any valid JSON and budget, truncateJSON either
// declines or returns valid JSON (valid UTF-8) within the budget; never a
// panic. Run: go test -fuzz FuzzTruncateJSON ./internal/shape
func FuzzTruncateJSON(f *testing.F) {
	long := strings.Repeat("é", 100)
	for _, seed := range []struct {
		doc    string
		budget int
	}{
		{`{"total":3,"rows":[{"a":1},{"a":2},{"a":3}]}`, 30},
		{`[1,2,3,4,5,6,7,8,9,10]`, 8},
		{`"` + long + `"`, 40},
		{`{"s":"` + long + `","t":"` + strings.Repeat("\\u0000", 80) + `"}`, 60},
		{`[[[[[[1,2,3]]]]]]`, 5},
		{`{"a":[],"b":{}}`, 1},
		{`{"a":[` + strings.Repeat(`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",`, 20) + `0]}`, 200},
		{`null`, 0},
		{`{"k":"<>&\u2028"}`, 10},
	} {
		f.Add([]byte(seed.doc), seed.budget)
	}
	f.Fuzz(func(t *testing.T, data []byte, budget int) {
		if !json.Valid(data) || len(data) > 1<<16 {
			return
		}
		budget = abs(budget) % (len(data) + 64)
		out, _, ok := truncateJSON(data, budget)
		if !ok {
			return
		}
		if len(out) > budget {
			t.Fatalf("truncated to %d bytes, budget %d", len(out), budget)
		}
		if !json.Valid(out) || !utf8.Valid(out) {
			t.Fatalf("truncated output is not valid JSON: %q", out)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if -n < 0 { // math.MinInt
			return 0
		}
		return -n
	}
	return n
}

// manyArrays is a document of n arrays of m short strings: the shape that
// makes truncation take its most steps.
func manyArrays(n, m int) []byte {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d":[`, i)
		for j := range m {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"abcdefghij"`)
		}
		b.WriteString("]")
	}
	b.WriteString("}")
	return []byte(b.String())
}

// TestMeasureDoesNotAllocate: truncation re-measures the whole tree once per
// step; re-encoding every key and string each time made a 10 MB response
// cost ~10 s of CPU (BenchmarkTruncateJSONManyArrays).
func TestMeasureDoesNotAllocate(t *testing.T) {
	root, err := parseTree(manyArrays(20, 20))
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(10, func() { root.measure() }); allocs != 0 {
		t.Errorf("measure allocates %.0f times per run, want 0", allocs)
	}
}

// BenchmarkTruncateJSONManyArrays: worst-case truncation of a ~1 MB
// response to 63 KiB. Run: go test -run '^$' -bench TruncateJSON ./internal/shape
func BenchmarkTruncateJSONManyArrays(b *testing.B) {
	data := manyArrays(200, 400)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		truncateJSON(data, 63<<10)
	}
}

// FuzzQuotedLen: the allocation-free fast path sizes and writes a string
// exactly as encoding/json does.
func FuzzQuotedLen(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "tab\t", "<html>&", "é", "\u2028", "\x7f", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		writeQuoted(&buf, s)
		if want := quoteJSON(s); !bytes.Equal(buf.Bytes(), want) || quotedLen(s) != len(want) {
			t.Fatalf("%q: wrote %q (len %d), encoding/json %q", s, buf.Bytes(), quotedLen(s), want)
		}
	})
}
