package tools

import (
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

// TestDuplicateKeysRefused: a JSON object whose keys repeat, exactly or as
// two spellings of one parameter, is refused with an isError result naming
// the key, and nothing reaches Appwrite, whatever the values. Picking one
// of the values is how "confirm_write": false, "confirm_write": true became
// a write. The arguments are sent as raw JSON: a Go map cannot hold them.
func TestDuplicateKeysRefused(t *testing.T) {
	const create = `"tool_name":"users_create","project_id":"p1","arguments":{"user_id":"u"}`
	tests := []struct {
		name, tool, args string
		want             []string // substrings of the error text
	}{
		{"confirm_write twice", ToolCallTool, `{` + create + `,"confirm_write":false,"confirm_write":true}`, []string{`"confirm_write" appears more than once`}},
		{"confirm_write twice, both true", ToolCallTool, `{` + create + `,"confirm_write":true,"confirm_write":true}`, []string{`"confirm_write" appears more than once`}},
		{"confirm_write and confirmWrite", ToolCallTool, `{` + create + `,"confirm_write":false,"confirmWrite":true}`, []string{`"confirmWrite"`, `"confirm_write"`, "name the same parameter"}},
		{"ConfirmWrite and confirm_write", ToolCallTool, `{` + create + `,"ConfirmWrite":true,"confirm_write":false}`, []string{`"ConfirmWrite"`, `"confirm_write"`, "name the same parameter"}},
		{"tool_name twice", ToolCallTool, `{"tool_name":"users_get","tool_name":"users_delete","project_id":"p1","confirm_write":true,"arguments":{"user_id":"u"}}`, []string{`"tool_name" appears more than once`}},
		{"tool_name and name", ToolCallTool, `{"tool_name":"users_get","name":"users_delete","project_id":"p1","confirm_write":true,"arguments":{"user_id":"u"}}`, []string{`"tool_name"`, `"name"`, "name the same parameter"}},
		{"project_id twice", ToolCallTool, `{"tool_name":"users_get","project_id":"p1","project_id":"p2","arguments":{"user_id":"u"}}`, []string{`"project_id" appears more than once`}},
		{"project_id and projectId", ToolCallTool, `{"tool_name":"users_get","project_id":"p1","projectId":"p1","arguments":{"user_id":"u"}}`, []string{`"projectId"`, `"project_id"`, "name the same parameter"}},
		{"projectId twice in arguments", ToolCallTool, `{"tool_name":"users_get","arguments":{"user_id":"u","projectId":"p1","project_id":"p1"}}`, []string{`"projectId"`, `"project_id"`, "in arguments"}},
		{"arguments key twice", ToolCallTool, `{"tool_name":"users_get","project_id":"p1","arguments":{"user_id":"a","user_id":"b"}}`, []string{`"user_id" appears more than once in arguments`}},
		{"arguments two spellings", ToolCallTool, `{"tool_name":"users_get","project_id":"p1","arguments":{"user_id":"a","userId":"a"}}`, []string{`"userId"`, `"user_id"`, "in arguments"}},
		{"nested key twice", ToolCallTool, `{"tool_name":"tables_db_create_row","project_id":"p1","confirm_write":true,"arguments":{"database_id":"d","table_id":"t","row_id":"r","data":{"title":"a","title":"b"}}}`, []string{`"title" appears more than once in arguments.data`}},
		{"key twice in a JSON-string arguments", ToolCallTool, `{"tool_name":"users_get","project_id":"p1","arguments":"{\"user_id\":\"a\",\"user_id\":\"b\"}"}`, []string{`"user_id" appears more than once in arguments`}},
		{"search query twice", ToolSearchTools, `{"query":"list users","query":"delete users"}`, []string{`"query" appears more than once`}},
		{"search query and q", ToolSearchTools, `{"query":"list users","q":"delete users"}`, []string{`"query"`, `"q"`}},
		{"context project_id and projectId", ToolGetContext, `{"project_id":"shop","projectId":"blog"}`, []string{`"projectId"`, `"project_id"`}},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.callRaw(t, tt.tool, tt.args)
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("duplicate keys accepted: %s", text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			if tt.tool == ToolCallTool && !strings.Contains(text, "Nothing was sent") {
				t.Errorf("text does not say nothing was sent: %s", text)
			}
			h.noRequests(t)
		})
	}
}

// TestDuplicateKeysRefusedOnDirectTools: the same rule for catalog tools
// listed directly (MCP_TOOL_SURFACE=full), whose confirm_write and target
// sit next to the tool's own arguments.
func TestDuplicateKeysRefusedOnDirectTools(t *testing.T) {
	tests := []struct {
		name, args string
		want       []string
	}{
		{"confirm_write twice", `{"userId":"u1","project_id":"p1","confirm_write":false,"confirm_write":true}`, []string{`"confirm_write" appears more than once`}},
		{"confirm_write and confirmWrite", `{"userId":"u1","project_id":"p1","confirm_write":false,"confirmWrite":true}`, []string{`"confirmWrite"`, `"confirm_write"`, "name the same parameter"}},
		{"project_id twice", `{"userId":"u1","project_id":"p1","project_id":"p2","confirm_write":true}`, []string{`"project_id" appears more than once`}},
		{"project_id and projectId", `{"userId":"u1","project_id":"p1","projectId":"p2","confirm_write":true}`, []string{`"projectId"`, `"project_id"`}},
		{"user_id and userId", `{"userId":"u1","user_id":"u2","project_id":"p1","confirm_write":true}`, []string{`"userId"`, `"user_id"`}},
	}
	h := newHarness(t, withOptions(func(o *Options) { o.Surface = config.SurfaceFull }))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.callRaw(t, "users_delete", tt.args)
			text := resultText(res)
			if !res.IsError || !strings.Contains(text, "Nothing was sent") {
				t.Fatalf("duplicate keys accepted: %s", text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			h.noRequests(t)
		})
	}
	// The control: the same call, each key once, does reach Appwrite.
	if res := h.callRaw(t, "users_delete", `{"userId":"u1","project_id":"p1","confirm_write":true}`); res.IsError {
		t.Fatalf("confirmed delete refused: %s", resultText(res))
	}
	h.onlyRequest(t, "DELETE", "/users/u1")
}

// TestUnconfirmedWritesSendNothing: every write and destructive tool of the
// catalog is refused without confirm_write: true, through
// appwrite_call_tool and directly, and nothing reaches Appwrite.
func TestUnconfirmedWritesSendNothing(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Surface = config.SurfaceFull }))
	n := 0
	for _, tool := range h.opts.Catalog.Tools() {
		if tool.Class == "read" {
			continue
		}
		n++
		for _, confirm := range []any{nil, false, "true", 1} {
			args := map[string]any{"tool_name": tool.Name, "project_id": "p1"}
			if confirm != nil {
				args["confirm_write"] = confirm
			}
			res := h.call(t, ToolCallTool, args)
			if !res.IsError || !strings.Contains(resultText(res), "Nothing was sent") {
				t.Fatalf("%s with confirm_write=%v: %s", tool.Name, confirm, resultText(res))
			}
		}
		res := h.call(t, tool.Name, map[string]any{"project_id": "p1"})
		if !res.IsError || !strings.Contains(resultText(res), "Nothing was sent") {
			t.Fatalf("direct %s without confirm_write: %s", tool.Name, resultText(res))
		}
	}
	if n < 100 {
		t.Fatalf("only %d write tools in the catalog", n)
	}
	h.noRequests(t)
}
