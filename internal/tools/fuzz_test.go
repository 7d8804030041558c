package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// FuzzNormalizeArguments: any bytes as a call's "arguments" either decode
// and normalise onto the tool's own parameter names, or fail with an error;
// never a panic. Run: go test -fuzz FuzzNormalizeArguments ./internal/tools
func FuzzNormalizeArguments(f *testing.F) {
	for _, seed := range []string{
		``, `null`, `{}`, `[]`, `"{}"`, `" "`, `"{\"userId\":\"u\"}"`, `"\"nested\""`,
		`{"user_id":"u"}`, `{"userId":"u","user_id":"u"}`, `{"userId":"u","user_id":"v"}`,
		`{"id":"x"}`, `{"$id":"x"}`, `{"UserID":"x"}`, `{"":1}`, `{"__":1}`, `{"a":{"b":[1,2,{"c":null}]}}`,
		`{"queries":["{\"method\":\"limit\",\"values\":[1]}"]}`, `{"database_id":"d","databaseId":"d","table_id":"t"}`,
		`{"\u0000":1}`, `{"é":"ü"}`, `"{"`, `{`, `123`, `true`, `"\ud800"`,
	} {
		f.Add([]byte(seed))
	}
	tools := testTools()
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decodeArguments(raw)
		if err != nil {
			return
		}
		for _, tool := range tools {
			in := make(map[string]any, len(m))
			for k, v := range m {
				in[k] = v
			}
			out, err := normalizeArguments(tool, in)
			if err != nil {
				continue
			}
			for k := range out {
				if !hasParam(tool.Params, k) {
					t.Fatalf("%s: normalised key %q is not a parameter", tool.Name, k)
				}
			}
		}
	})
}

func hasParam(params []catalog.Param, name string) bool {
	for _, p := range params {
		if p.Name == name {
			return true
		}
	}
	return false
}

// FuzzTruncateJSON: for any valid JSON and budget, truncateJSON either
// declines or returns valid JSON (valid UTF-8) within the budget; never a
// panic. Run: go test -fuzz FuzzTruncateJSON ./internal/tools
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
// response to 63 KiB. Run: go test -run '^$' -bench TruncateJSON ./internal/tools
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
