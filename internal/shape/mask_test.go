package shape_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/shape"
)

const token = "eyJhbGciOiJSUzI1NiJ9.payload-part.signature_part-x"

func TestMaskToken(t *testing.T) {
	echo := "request had Authorization: Bearer " + token
	tests := []struct {
		name string
		res  *mcp.CallToolResult
	}{
		{"text", shape.Text(echo)},
		{"error with details", shape.Error(echo, map[string]any{"error": map[string]any{"message": echo}})},
		{"json result", shape.New(0, 0).JSON(map[string]any{"echo": echo, "n": 1})},
		{"raw structured", &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "ok"}}, StructuredContent: json.RawMessage(`{"echo":"` + echo + `"}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shape.MaskToken(tt.res, token)
			text, s := resultText(tt.res), structured(tt.res)
			if strings.Contains(text, token) || strings.Contains(s, token) {
				t.Fatalf("token left:\n%s\n%s", text, s)
			}
			if !strings.Contains(text+s, "[REDACTED]") {
				t.Fatalf("nothing masked (test is vacuous): %s %s", text, s)
			}
			if tt.res.StructuredContent != nil && !json.Valid([]byte(s)) {
				t.Errorf("structured content is no longer JSON: %s", s)
			}
		})
	}
	// No token, no result: nothing to do and no panic.
	res := shape.Text(echo)
	shape.MaskToken(res, "")
	shape.MaskToken(nil, token)
	if resultText(res) != echo {
		t.Errorf("masked without a token: %s", resultText(res))
	}
}

func TestMaskString(t *testing.T) {
	if got := shape.MaskString("a "+token+" b "+token, token); got != "a [REDACTED] b [REDACTED]" {
		t.Errorf("MaskString = %q", got)
	}
	if got := shape.MaskString("a b", ""); got != "a b" {
		t.Errorf("MaskString without token = %q", got)
	}
}
