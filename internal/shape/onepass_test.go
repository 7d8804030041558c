package shape

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// onePassDocs are documents the one-pass parser must read exactly as
// encoding/json does.
var onePassDocs = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+10`, `1E3`, `""`,
	` { "a" : [ 1 , 2.5 , { } , [ ] ] ,"b":"x\"y\\z\/\u00e9\n" } `,
	"{\"é\":\"日本語\",\"k\\u0041\":[\"\\ud83d\\ude00\",-12]}",
	`[[[[[[1,2,3]]]]]]`,
	`{"total":3,"rows":[{"a":1},{"a":2},{"a":3}]}`,
}

// TestParseTreeRoundTrip: parsing and writing a valid document gives
// json.Compact's bytes, and measure gives their length.
func TestParseTreeRoundTrip(t *testing.T) {
	for _, doc := range onePassDocs {
		root, err := parseTree([]byte(doc))
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(doc)); err != nil {
			t.Fatal(err)
		}
		if n := root.measure(); n != want.Len() {
			t.Errorf("%s: measure %d, compact length %d", doc, n, want.Len())
		}
		if got := root.bytes(); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: wrote %s, want %s", doc, got, want.Bytes())
		}
	}
}

// TestParseTreeRejectsInvalid: whatever encoding/json rejects, parseTree
// rejects.
func TestParseTreeRejectsInvalid(t *testing.T) {
	for _, doc := range []string{
		``, ` `, `{`, `[`, `{"a":}`, `{"a" 1}`, `{1:2}`, `{"a":1,}`, `[1,]`, `[1 2]`, `1 2`, `tru`, `nul`, `truex`,
		`01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `"abc`, "\"a\x01\"", `"\q"`, `"\u12"`, `"\u12G4"`, `]`, `{"a":1}}`,
	} {
		if json.Valid([]byte(doc)) {
			t.Fatalf("%q is valid JSON; the table is wrong", doc)
		}
		if _, err := parseTree([]byte(doc)); err == nil {
			t.Errorf("parseTree(%q) accepted invalid JSON", doc)
		}
	}
}

// TestParseTreeInvalidUTF8: a string with invalid UTF-8 is written as
// valid UTF-8 (U+FFFD), as encoding/json decodes it.
func TestParseTreeInvalidUTF8(t *testing.T) {
	root, err := parseTree([]byte("{\"a\":\"x\xffy\",\"b\xfe\":1}"))
	if err != nil {
		t.Fatal(err)
	}
	root.measure()
	out := root.bytes()
	if !utf8.Valid(out) || !json.Valid(out) || !strings.Contains(string(out), "x\uFFFDy") {
		t.Errorf("out = %q", out)
	}
	if root.size != len(out) {
		t.Errorf("measure %d, wrote %d bytes", root.size, len(out))
	}
}

// TestJSONBodyLargeButCompactFits: an indented body over the limit whose
// compact form fits is returned whole, compact, without a note.
func TestJSONBodyLargeButCompactFits(t *testing.T) {
	sh := New(MinMaxText, 0)
	body := []byte("{\"items\": [" + strings.Repeat("\n        1,", 400) + "\n        2]}")
	if len(body) <= MinMaxText {
		t.Fatalf("body of %d bytes is not over the limit", len(body))
	}
	res := sh.Response("t", &appwrite.Response{Status: 200, ContentType: "application/json", Body: body})
	var want bytes.Buffer
	_ = json.Compact(&want, body)
	if len(res.Content) != 1 || res.Content[0].(*mcp.TextContent).Text != want.String() {
		t.Fatalf("content = %+v", res.Content)
	}
	if raw, ok := res.StructuredContent.(json.RawMessage); !ok || !bytes.Equal(raw, want.Bytes()) {
		t.Errorf("structuredContent = %v", res.StructuredContent)
	}
}

// TestJSONBodyTruncatesLargeList: the 500-user list is cut to the limit at
// element boundaries, with a note, valid JSON and structuredContent equal
// to the text.
func TestJSONBodyTruncatesLargeList(t *testing.T) {
	body := usersListBody(t, 500)
	res := New(DefaultMaxText, 0).Response("users_list", &appwrite.Response{Status: 200, ContentType: "application/json", Body: body})
	if len(res.Content) != 2 {
		t.Fatalf("%d content blocks, want note and JSON", len(res.Content))
	}
	note, text := res.Content[0].(*mcp.TextContent).Text, res.Content[1].(*mcp.TextContent).Text
	if !strings.Contains(note, "users: showing") || !strings.Contains(note, "of 500 items") {
		t.Errorf("note = %s", note)
	}
	if len(text) > DefaultMaxText || !json.Valid([]byte(text)) || !strings.HasPrefix(text, `{"total":500,"users":[{`) {
		t.Errorf("text: %d bytes, valid %v: %.80s", len(text), json.Valid([]byte(text)), text)
	}
	if raw, ok := res.StructuredContent.(json.RawMessage); !ok || string(raw) != text {
		t.Errorf("structuredContent differs from the text")
	}
}

// FuzzParseTree: parseTree accepts exactly what json.Valid accepts and
// writes valid JSON of the measured size; never a panic.
// Run: go test -fuzz FuzzParseTree ./internal/shape
func FuzzParseTree(f *testing.F) {
	for _, doc := range onePassDocs {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := parseTree(data)
		if valid := json.Valid(data); (err == nil) != valid {
			t.Fatalf("%q: parseTree error %v, json.Valid %v", data, err, valid)
		}
		if err != nil {
			return
		}
		n := root.measure()
		out := root.bytes()
		if len(out) != n || !json.Valid(out) || !utf8.Valid(out) {
			t.Fatalf("%q: wrote %q (%d bytes, measured %d)", data, out, len(out), n)
		}
	})
}

// TestTruncateJSONOnePass: documents with white space, escapes and
// non-ASCII text are cut to the budget as valid JSON, keeping key order,
// and a string cut keeps whole runes.
func TestTruncateJSONOnePass(t *testing.T) {
	tests := []struct {
		in, prefix string
		budget     int
	}{
		{"{ \"z\": 1,\n \"a\": [" + strings.Repeat(` "a\"b\u00e9", `, 40) + "1 ] }", `{"z":1,"a":["a\"b\u00e9"`, 80},
		{`{"k\u0041":"` + strings.Repeat("日本", 100) + `"}`, `{"k\u0041":"日本`, 120},
	}
	for _, tt := range tests {
		out, _, ok := truncateJSON([]byte(tt.in), tt.budget)
		if !ok || len(out) > tt.budget || !json.Valid(out) || !utf8.Valid(out) || !strings.HasPrefix(string(out), tt.prefix) {
			t.Errorf("truncateJSON(%.40q, %d) = %s, %v", tt.in, tt.budget, out, ok)
		}
	}
}
