package tools_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// e2e is the whole server as cmd/appwrite-mcp runs it (configuration,
// token verifier, HTTP stack, tools, catalog, appwrite sessions) in front
// of the fake Appwrite Cloud, driven by a go-sdk client with a token the
// fake minted: internal/testutil/stack.
type e2e struct {
	*stack.Stack
	cs    *mcp.ClientSession
	token string
}

func newE2E(t *testing.T, env map[string]string) *e2e {
	t.Helper()
	s := stack.Start(t, stack.Options{Env: env})
	token := s.Token(t, "account", "users.read")
	cs := s.Connect(t, token)
	s.Fake.ResetRequests()
	return &e2e{Stack: s, cs: cs, token: token}
}

func (e *e2e) call(t *testing.T, name string, args any) *mcp.CallToolResult {
	t.Helper()
	return stack.Call(t, e.cs, name, args)
}

// requests returns the fake's REST requests since the last take, and forgets them.
func (e *e2e) requests() []fakeappwrite.Request { return e.Fake.TakeRequests() }

func (e *e2e) noRequests(t *testing.T) {
	t.Helper()
	testutil.NoRequests(t, e.Fake)
}

func (e *e2e) onlyRequest(t *testing.T, method, path string) fakeappwrite.Request {
	t.Helper()
	return testutil.OnlyRequest(t, e.Fake, e.token, method, path)
}

type searchResult struct {
	Matches []struct {
		Name    string        `json:"name"`
		Class   catalog.Class `json:"class"`
		Missing []string      `json:"missing"`
	} `json:"matches"`
}

func TestE2EContextSearchCallFlow(t *testing.T) {
	e := newE2E(t, nil)

	// 1. context
	res := e.call(t, tools.ToolGetContext, nil)
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	var cv struct {
		Projects []map[string]any `json:"projects"`
	}
	tools.LastJSON(t, res, &cv)
	var ids []string
	for _, p := range cv.Projects {
		ids = append(ids, fmt.Sprint(p["$id"]))
	}
	if !slices.Equal(ids, []string{"shop", "blog", "lab"}) || cv.Projects[0]["region"] != "fra" {
		t.Fatalf("context projects = %v", cv.Projects)
	}
	for _, r := range e.requests() {
		if r.Header.Get("Authorization") != "Bearer "+e.token {
			t.Errorf("%s %s without the token", r.Method, r.Path)
		}
		if r.Path == "/organization/projects" && r.Header.Get("X-Appwrite-Organization") == "" {
			t.Errorf("project listing without X-Appwrite-Organization")
		}
	}

	// 2. search
	res = e.call(t, tools.ToolSearchTools, map[string]any{"query": "list rows in a table", "argument_hints": map[string]any{"databaseId": "main"}})
	var sr searchResult
	tools.LastJSON(t, res, &sr)
	if len(sr.Matches) == 0 || sr.Matches[0].Name != "tables_db_list_rows" || !slices.Equal(sr.Matches[0].Missing, []string{"table_id"}) {
		t.Fatalf("search = %+v", sr.Matches)
	}
	e.noRequests(t)

	// 3. read call
	e.Fake.HandleREST("GET", "/tablesdb/main/tables/books/rows", testutil.JSONHandler(200, `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}`))
	res = e.call(t, tools.ToolCallTool, map[string]any{
		"tool_name": "tables_db_list_rows", "project_id": "shop",
		"arguments": map[string]any{"databaseId": "main", "table_id": "books", "queries": []string{`{"method":"limit","values":[5]}`}},
	})
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if stack.Text(res) != `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}` || string(raw) != `{"rows":[{"$id":"r1","title":"Dune"}],"total":1}` {
		t.Errorf("text = %s, structured = %s", stack.Text(res), raw)
	}
	r := e.onlyRequest(t, "GET", "/tablesdb/main/tables/books/rows") // loopback endpoint: no region lookup
	if r.Header.Get("X-Appwrite-Project") != "shop" || r.Header.Get("X-Appwrite-Mode") != "admin" || r.Header.Get("X-Appwrite-Organization") != "" {
		t.Errorf("headers = %v", r.Header)
	}
	if !strings.Contains(r.Query.Encode(), "limit") {
		t.Errorf("query = %v", r.Query)
	}

	// 4. write without confirm_write: nothing reaches Appwrite
	write := map[string]any{
		"tool_name": "tables_db_create_row", "project_id": "shop",
		"arguments": `{"databaseId":"main","tableId":"books","rowId":"r2","data":{"title":"Emma"}}`,
	}
	for _, confirm := range []any{nil, false, "true"} {
		if confirm != nil {
			write["confirm_write"] = confirm
		}
		res = e.call(t, tools.ToolCallTool, write)
		if !res.IsError || !strings.Contains(stack.Text(res), "Nothing was sent") {
			t.Fatalf("unconfirmed write (confirm_write=%v): %s", confirm, stack.Text(res))
		}
		e.noRequests(t)
	}

	// 5. confirmed write
	e.Fake.HandleREST("POST", "/tablesdb/main/tables/books/rows", testutil.JSONHandler(201, `{"$id":"r2","title":"Emma"}`))
	write["confirm_write"] = true
	res = e.call(t, tools.ToolCallTool, write)
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	r = e.onlyRequest(t, "POST", "/tablesdb/main/tables/books/rows")
	if !strings.Contains(string(r.Body), `"rowId":"r2"`) || !strings.Contains(string(r.Body), `"title":"Emma"`) {
		t.Errorf("body = %s", r.Body)
	}

	// 6. destructive call
	e.Fake.HandleREST("DELETE", "/tablesdb/main/tables/books/rows/r2", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	res = e.call(t, tools.ToolCallTool, map[string]any{
		"tool_name": "tables_db_delete_row", "project_id": "shop", "confirm_write": true,
		"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"},
	})
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	e.onlyRequest(t, "DELETE", "/tablesdb/main/tables/books/rows/r2")

	// organization target on an "either" tool
	res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "teams_list", "organization_id": "org-one"})
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	r = e.onlyRequest(t, "GET", "/teams")
	if r.Header.Get("X-Appwrite-Organization") != "org-one" || r.Header.Get("X-Appwrite-Mode") == "admin" {
		t.Errorf("headers = %v", r.Header)
	}
}

func TestE2EGuardsAndErrors(t *testing.T) {
	e := newE2E(t, nil)

	res := e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "user_list"})
	if !res.IsError || !strings.Contains(stack.Text(res), "users_list") {
		t.Errorf("unknown tool: %s", stack.Text(res))
	}
	res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "users_list"})
	if !res.IsError || !strings.Contains(stack.Text(res), tools.ToolGetContext) {
		t.Errorf("no project: %s", stack.Text(res))
	}
	res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": map[string]any{"user_id": "../teams"}})
	if !res.IsError {
		t.Errorf("path injection accepted: %s", stack.Text(res))
	}
	res = e.call(t, tools.ToolCallTool, json.RawMessage(`{"tool_name":"users_delete","project_id":"shop","confirm_write":false,"confirmWrite":true,"arguments":{"user_id":"u1"}}`))
	if !res.IsError || !strings.Contains(stack.Text(res), "confirmWrite") {
		t.Errorf("two spellings of confirm_write: %s", stack.Text(res))
	}
	e.noRequests(t)

	// aliases and JSON-string arguments
	e.Fake.HandleREST("GET", "/users/u1", testutil.JSONHandler(200, `{"$id":"u1","name":"Ada"}`))
	for _, args := range []any{`{"$id":"u1"}`, map[string]any{"userId": "u1"}, map[string]any{"id": "u1"}} {
		res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": args})
		if res.IsError {
			t.Fatalf("args %v: %s", args, stack.Text(res))
		}
		e.onlyRequest(t, "GET", "/users/u1")
	}

	// error mapping
	tests := []struct {
		status int
		typ    string
		want   string
	}{
		{401, "general_unauthorized_scope", "lacks a scope"},
		{403, "user_unauthorized", "role on project shop"},
		{404, "user_not_found", "check the IDs"},
		{429, "general_rate_limit_exceeded", "wait before retrying"},
		{500, "general_unknown", "may be retried"},
	}
	for _, tt := range tests {
		id := fmt.Sprintf("e%d", tt.status)
		e.Fake.HandleREST("GET", "/users/"+id, func(w http.ResponseWriter, _ *http.Request) {
			fakeappwrite.WriteAppwriteError(w, tt.status, tt.typ, "fake says "+id)
		})
		res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": map[string]any{"user_id": id}})
		text := stack.Text(res)
		if !res.IsError {
			t.Errorf("%d: not an error: %s", tt.status, text)
			continue
		}
		for _, w := range []string{fmt.Sprintf("HTTP %d", tt.status), tt.typ, "fake says " + id, tt.want} {
			if !strings.Contains(text, w) {
				t.Errorf("%d: text lacks %q: %s", tt.status, w, text)
			}
		}
	}
	e.requests()

	// oversized result
	e.Fake.HandleREST("GET", "/tablesdb/main/tables/big/rows", testutil.JSONHandler(200, testutil.RowsJSON(3000)))
	res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "tables_db_list_rows", "project_id": "shop", "arguments": map[string]any{"database_id": "main", "table_id": "big"}})
	if res.IsError {
		t.Fatal(stack.Text(res))
	}
	size := 0
	for _, c := range res.Content {
		size += len(c.(*mcp.TextContent).Text)
	}
	if size > shape.DefaultMaxText || !strings.Contains(stack.Text(res), "of 3000 items") {
		t.Errorf("oversized result: %d bytes", size)
	}

	// image result
	png := "\x89PNG\r\n\x1a\n-fake-image"
	e.Fake.HandleREST("GET", "/avatars/initials", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = io.WriteString(w, png)
	})
	res = e.call(t, tools.ToolCallTool, map[string]any{"tool_name": "avatars_get_initials", "arguments": map[string]any{"name": "Ada"}})
	if img, ok := res.Content[0].(*mcp.ImageContent); res.IsError || !ok || string(img.Data) != png || img.MIMEType != "image/png" {
		t.Errorf("image result = %+v", res.Content)
	}
}

func TestE2EReadOnly(t *testing.T) {
	e := newE2E(t, map[string]string{"MCP_READ_ONLY": "true"})
	var names []string
	for tool, err := range e.cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tool.Name)
	}
	if !slices.Equal(names, []string{tools.ToolCallTool, tools.ToolGetContext, tools.ToolSearchTools}) {
		t.Fatalf("tools = %v", names)
	}
	res := e.call(t, tools.ToolSearchTools, map[string]any{"query": "delete a row", "include_mutating": true})
	var sr searchResult
	tools.LastJSON(t, res, &sr)
	if len(sr.Matches) == 0 {
		t.Fatalf("no read matches")
	}
	for _, m := range sr.Matches {
		if m.Class != catalog.Read {
			t.Errorf("read-only search shows %s", m.Name)
		}
	}
	res = e.call(t, tools.ToolCallTool, map[string]any{
		"tool_name": "tables_db_delete_row", "project_id": "shop", "confirm_write": true,
		"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"},
	})
	if !res.IsError || !strings.Contains(stack.Text(res), "read-only") {
		t.Errorf("read-only delete: %s", stack.Text(res))
	}
	e.noRequests(t)
}

func TestE2EFullSurface(t *testing.T) {
	cat, err := catalog.New(catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, readOnly := range []string{"false", "true"} {
		t.Run("read_only="+readOnly, func(t *testing.T) {
			e := newE2E(t, map[string]string{"MCP_TOOL_SURFACE": "full", "MCP_READ_ONLY": readOnly})
			want := []string{tools.ToolCallTool, tools.ToolGetContext, tools.ToolSearchTools}
			for _, tool := range cat.Tools() {
				if readOnly == "false" || tool.Class == catalog.Read {
					want = append(want, tool.Name)
				}
			}
			slices.Sort(want)
			first, err := e.cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if first.NextCursor == "" || len(first.Tools) != tools.DefaultPageSize {
				t.Errorf("first page: %d tools, cursor %q", len(first.Tools), first.NextCursor)
			}
			var got []string
			for tool, err := range e.cs.Tools(context.Background(), nil) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, tool.Name)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("listed %d tools, want %d", len(got), len(want))
			}
			if readOnly == "false" {
				res := e.call(t, "tables_db_delete_row", map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2", "project_id": "shop"})
				if !res.IsError {
					t.Fatalf("direct unconfirmed delete: %s", stack.Text(res))
				}
				e.noRequests(t)
			}
		})
	}
}
