package shape_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

func resultText(r *mcp.CallToolResult) string {
	var parts []string
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// textBytes is the size of every text block of r.
func textBytes(r *mcp.CallToolResult) int {
	n := 0
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			n += len(tc.Text)
		}
	}
	return n
}

func structured(r *mcp.CallToolResult) string {
	if r.StructuredContent == nil {
		return ""
	}
	raw, _ := json.Marshal(r.StructuredContent)
	return string(raw)
}

func jsonResp(body string) *appwrite.Response {
	return &appwrite.Response{Status: 200, ContentType: "application/json", Body: []byte(body)}
}

func TestResponseShapes(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	tests := []struct {
		name  string
		sh    shape.Shaper
		resp  *appwrite.Response
		check func(t *testing.T, r *mcp.CallToolResult)
	}{
		{"object json → compact text and structured", shape.New(0, 0), jsonResp(`{ "total": 1, "users": [ {"$id": "u1"} ] }`), func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `{"total":1,"users":[{"$id":"u1"}]}` || structured(r) != `{"total":1,"users":[{"$id":"u1"}]}` {
				t.Errorf("text = %s, structured = %s", resultText(r), structured(r))
			}
		}},
		{"json with a charset", shape.New(0, 0), &appwrite.Response{Status: 200, ContentType: "application/json; charset=utf-8", Body: []byte(`{"a":1}`)}, func(t *testing.T, r *mcp.CallToolResult) {
			if structured(r) != `{"a":1}` {
				t.Errorf("structured = %s", structured(r))
			}
		}},
		{"array json → text only", shape.New(0, 0), jsonResp(`[1, 2]`), func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `[1,2]` || r.StructuredContent != nil {
				t.Errorf("r = %s %v", resultText(r), r.StructuredContent)
			}
		}},
		{"json without a content type", shape.New(0, 0), &appwrite.Response{Status: 200, Body: []byte(` {"a": 1}`)}, func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `{"a":1}` {
				t.Errorf("text = %s", resultText(r))
			}
		}},
		{"invalid json shown as text", shape.New(0, 0), jsonResp(`{"a":`), func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `{"a":` || r.StructuredContent != nil {
				t.Errorf("r = %s %v", resultText(r), r.StructuredContent)
			}
		}},
		{"image", shape.New(0, 0), &appwrite.Response{Status: 200, ContentType: "image/png", Body: png}, func(t *testing.T, r *mcp.CallToolResult) {
			img, ok := r.Content[0].(*mcp.ImageContent)
			if !ok || img.MIMEType != "image/png" || !bytes.Equal(img.Data, png) {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"image over the binary bound", shape.New(0, 4), &appwrite.Response{Status: 200, ContentType: "image/png", Body: png}, func(t *testing.T, r *mcp.CallToolResult) {
			if _, isImage := r.Content[0].(*mcp.ImageContent); isImage || !strings.Contains(resultText(r), "smaller rendition") {
				t.Errorf("r = %s", resultText(r))
			}
		}},
		{"binary", shape.New(0, 0), &appwrite.Response{Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.4")}, func(t *testing.T, r *mcp.CallToolResult) {
			er, ok := r.Content[0].(*mcp.EmbeddedResource)
			if !ok || er.Resource.MIMEType != "application/pdf" || string(er.Resource.Blob) != "%PDF-1.4" || er.Resource.URI != "appwrite://result/t" {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"binary over the bound", shape.New(0, 4), &appwrite.Response{Status: 200, ContentType: "application/zip", Body: []byte("PK..zip")}, func(t *testing.T, r *mcp.CallToolResult) {
			if !strings.Contains(resultText(r), "not returned") {
				t.Errorf("r = %s", resultText(r))
			}
		}},
		{"text", shape.New(0, 0), &appwrite.Response{Status: 200, ContentType: "text/plain", Body: []byte("hello \xff")}, func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != "hello \uFFFD" {
				t.Errorf("text = %q", resultText(r))
			}
		}},
		{"empty 204", shape.New(0, 0), &appwrite.Response{Status: 204}, func(t *testing.T, r *mcp.CallToolResult) {
			if !strings.Contains(resultText(r), `"status":204`) || !strings.Contains(resultText(r), `"ok":true`) {
				t.Errorf("text = %s", resultText(r))
			}
		}},
		{"redirect with location", shape.New(0, 0), &appwrite.Response{Status: 301, Location: "https://example.com/x"}, func(t *testing.T, r *mcp.CallToolResult) {
			if !strings.Contains(resultText(r), `"location":"https://example.com/x"`) {
				t.Errorf("text = %s", resultText(r))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.sh.Response("t", tt.resp)
			if res.IsError {
				t.Fatalf("isError: %s", resultText(res))
			}
			tt.check(t, res)
		})
	}
}

func TestOversizedResultIsCutAtElements(t *testing.T) {
	const limit = 16 << 10
	res := shape.New(limit, 0).Response("tables_db_list_rows", jsonResp(testutil.RowsJSON(2000)))
	if n := textBytes(res); n > limit {
		t.Errorf("result text %d bytes > %d", n, limit)
	}
	note := res.Content[0].(*mcp.TextContent).Text
	for _, w := range []string{"truncated", "rows: showing", "of 2000 items", `\"method\":\"limit\"`, "cursorAfter"} {
		if !strings.Contains(note, w) {
			t.Errorf("note lacks %q: %s", w, note)
		}
	}
	var out struct {
		Total int              `json:"total"`
		Rows  []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal([]byte(res.Content[len(res.Content)-1].(*mcp.TextContent).Text), &out); err != nil {
		t.Fatal(err)
	}
	if out.Total != 2000 || len(out.Rows) == 0 || len(out.Rows) >= 2000 || out.Rows[0]["$id"] != "row0000" {
		t.Errorf("truncated body: total %d rows %d", out.Total, len(out.Rows))
	}
	if res.StructuredContent == nil {
		t.Errorf("no structured content")
	}
}

func TestTruncation(t *testing.T) {
	const limit = shape.MinMaxText
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, note, out string)
	}{
		{"keeps key order", `{"z":1,"a":[` + strings.Repeat(`"aaaaaaaaaa",`, 500) + `"b"]}`, func(t *testing.T, note, out string) {
			if !strings.HasPrefix(out, `{"z":1,"a":["aaaaaaaaaa"`) || !strings.Contains(note, " a: showing ") || !strings.Contains(note, " of 501 items.") {
				t.Errorf("note = %s\nout = %.80s", note, out)
			}
		}},
		{"one huge element shrinks its strings", `{"documents":[{"text":"` + strings.Repeat("y", 5000) + `"}]}`, func(t *testing.T, note, _ string) {
			if !strings.Contains(note, "Shortened long text in: documents[].text.") {
				t.Errorf("note = %s", note)
			}
		}},
		{"top-level array", `[` + strings.Repeat(`{"a":1},`, 1000) + `{"a":1}]`, func(t *testing.T, note, _ string) {
			if !strings.Contains(note, "the top-level array: showing") {
				t.Errorf("note = %s", note)
			}
		}},
		{"unicode string cut on a rune", `{"s":"` + strings.Repeat("é", 4000) + `"}`, func(t *testing.T, _, out string) {
			var v map[string]string
			if err := json.Unmarshal([]byte(out), &v); err != nil || !strings.HasSuffix(v["s"], "…") {
				t.Errorf("out = %.80s (%v)", out, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := shape.New(limit, 0).Response("t", jsonResp(tt.body))
			if len(res.Content) != 2 {
				t.Fatalf("want a note and the body, got %d blocks: %.200s", len(res.Content), resultText(res))
			}
			out := res.Content[1].(*mcp.TextContent).Text
			if textBytes(res) > limit || !json.Valid([]byte(out)) {
				t.Errorf("%d bytes (limit %d), valid JSON %v", textBytes(res), limit, json.Valid([]byte(out)))
			}
			tt.check(t, res.Content[0].(*mcp.TextContent).Text, out)
		})
	}
	// An object of many short members cannot be cut at element boundaries:
	// it is cut as text instead, without structured content.
	many := `{` + strings.Repeat(`"k":1,`, 2000) + `"end":1}`
	res := shape.New(limit, 0).Response("t", jsonResp(many))
	if textBytes(res) > limit || res.StructuredContent != nil || !strings.Contains(resultText(res), "Result truncated: showing the first") {
		t.Errorf("unshrinkable object: %d bytes, structured %v: %.200s", textBytes(res), res.StructuredContent != nil, resultText(res))
	}
}

func TestResultNeverExceedsLimit(t *testing.T) {
	nested := `{"documents":[` + strings.Repeat(`{"body":"`+strings.Repeat("z", 3000)+`","tags":["a","b"]},`, 40) + `{"body":"end"}]}`
	manyStrings := `{` + strings.Repeat(`"k":"`+strings.Repeat("q", 500)+`",`, 60) + `"end":1}`
	bodies := []string{testutil.RowsJSON(10), testutil.RowsJSON(500), testutil.RowsJSON(5000), nested, manyStrings, `"` + strings.Repeat("s", 100000) + `"`}
	for _, limit := range []int{2048, 5000, 16 << 10, 64 << 10} {
		sh := shape.New(limit, 1<<20)
		for i, body := range bodies {
			for _, ct := range []string{"application/json", "text/plain"} {
				res := sh.Response("t", &appwrite.Response{Status: 200, ContentType: ct, Body: []byte(body)})
				if n := textBytes(res); n > limit {
					t.Errorf("limit %d body %d %s: %d bytes", limit, i, ct, n)
				}
			}
		}
		if n := textBytes(sh.JSON(map[string]any{"rows": strings.Split(strings.Repeat("x,", 50000), ",")})); n > limit {
			t.Errorf("limit %d: JSON result %d bytes", limit, n)
		}
	}
}

func TestErrorAndText(t *testing.T) {
	r := shape.Error("no", map[string]any{"k": "v"})
	if !r.IsError || resultText(r) != "no" || structured(r) != `{"k":"v"}` {
		t.Errorf("Error = %+v", r)
	}
	if r := shape.Error("no", nil); r.StructuredContent != nil {
		t.Errorf("Error without details has structured content")
	}
	if r := shape.Text("hi"); r.IsError || resultText(r) != "hi" {
		t.Errorf("Text = %+v", r)
	}
	if r := shape.New(0, 0).JSON(func() {}); !r.IsError {
		t.Errorf("JSON of a func: %s", resultText(r))
	}
}
