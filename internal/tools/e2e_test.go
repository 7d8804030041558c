package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// e2e is the whole server (config, OAuth verifier, HTTP stack, catalog,
// appwrite sessions) against the in-repo fake of Appwrite Cloud, driven by
// the go-sdk MCP client with a token the fake minted.
type e2e struct {
	fake  *fakeappwrite.Server
	cs    *mcp.ClientSession
	token string
	logs  *testutil.LogBuffer
	tools []*catalog.Tool
}

// panickyBackend panics when the named tool is invoked.
type panickyBackend struct {
	Backend
	tool string
}

func (p panickyBackend) Open(ctx context.Context, token string, t Target) Conn {
	return panickyConn{Conn: p.Backend.Open(ctx, token, t), tool: p.tool}
}

type panickyConn struct {
	Conn
	tool string
}

func (c panickyConn) Invoke(ctx context.Context, t *catalog.Tool, args map[string]any) (*Response, error) {
	if t.Name == c.tool {
		panic("injected test panic in " + t.Name)
	}
	return c.Conn.Invoke(ctx, t, args)
}

func newE2E(t *testing.T, env map[string]string) *e2e {
	t.Helper()
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)

	vars := map[string]string{
		"APPWRITE_ENDPOINT": fake.Endpoint(),
		"MCP_PUBLIC_URL":    "https://mcp.example.com",
	}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	logs := &testutil.LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	verifier := auth.NewVerifier(ctx, auth.Options{Endpoint: cfg.AppwriteEndpoint, ProjectID: cfg.AppwriteProjectID, Audiences: cfg.Audiences(), Logger: logger})
	t.Cleanup(verifier.Close)
	for i := 0; verifier.Ready() != nil; i++ { // bounded wait for discovery + JWKS
		if i > 500 {
			t.Fatalf("verifier not ready: %v", verifier.Ready())
		}
		time.Sleep(10 * time.Millisecond)
	}

	cat, err := catalog.New(cfg.ExcludedServices)
	if err != nil {
		t.Fatal(err)
	}
	factory := appwrite.NewFactory(appwrite.Options{Endpoint: cfg.AppwriteEndpoint, DefaultProject: cfg.AppwriteProjectID, UserAgent: "appwrite-mcp/test", Timeout: cfg.AppwriteTimeout})
	srv, err := NewServer(Options{
		Tools:          cat.Tools(),
		Backend:        panickyBackend{Backend: NewAppwriteBackend(factory), tool: "locale_get"},
		Endpoint:       cfg.AppwriteEndpoint,
		OAuthProjectID: cfg.AppwriteProjectID,
		Surface:        cfg.ToolSurface,
		ReadOnly:       cfg.ReadOnly,
		MaxResultBytes: cfg.MaxResultBytes,
		Logger:         logger,
		Version:        "e2e",
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpserver.New(httpserver.Options{Config: cfg, Verifier: verifier, MCPServer: srv, Logger: logger, Version: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)

	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{cfg.Resource()}, Scopes: []string{"account", "users.read"}})
	if token == "" {
		t.Fatal("fake minted no token")
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e-client", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   hs.URL + httpserver.PathMCP,
		HTTPClient: &http.Client{Transport: &headerTransport{base: http.DefaultTransport, token: token}},
	}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	t.Cleanup(func() {
		if strings.Contains(logs.String(), token) {
			t.Errorf("the access token appears in the logs")
		}
	})
	fake.ResetRequests()
	return &e2e{fake: fake, cs: cs, token: token, logs: logs, tools: cat.Tools()}
}

func (e *e2e) json(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// requests returns the fake's REST requests since the last reset, and resets.
func (e *e2e) requests() []fakeappwrite.Request {
	r := e.fake.Requests()
	e.fake.ResetRequests()
	return r
}

func (e *e2e) onlyRequest(t *testing.T, method, path string) fakeappwrite.Request {
	t.Helper()
	reqs := e.requests()
	if len(reqs) != 1 || reqs[0].Method != method || reqs[0].Path != path {
		var got []string
		for _, r := range reqs {
			got = append(got, r.Method+" "+r.Path)
		}
		t.Fatalf("upstream requests = %v, want only %s %s", got, method, path)
	}
	if reqs[0].Header.Get("Authorization") != "Bearer "+e.token {
		t.Fatalf("upstream request lacks the caller's token")
	}
	return reqs[0]
}

func TestE2EContextSearchCallFlow(t *testing.T) {
	e := newE2E(t, nil)

	// 1. context
	res := call(t, e.cs, ToolGetContext, nil)
	if res.IsError {
		t.Fatal(resultText(res))
	}
	var cv contextView
	lastJSON(t, res, &cv)
	if got := projectIDs(cv); !slices.Equal(got, []string{"shop", "blog", "lab"}) || cv.Projects[0]["region"] != "fra" {
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
	res = call(t, e.cs, ToolSearchTools, map[string]any{"query": "list rows in a table", "argument_hints": map[string]any{"databaseId": "main"}})
	var sr searchResult
	lastJSON(t, res, &sr)
	if len(sr.Matches) == 0 || sr.Matches[0].Name != "tables_db_list_rows" || !slices.Equal(sr.Matches[0].Missing, []string{"table_id"}) {
		t.Fatalf("search = %+v", sr.Matches)
	}

	// 3. read call
	e.fake.HandleREST("GET", "/tablesdb/main/tables/books/rows", e.json(200, `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}`))
	res = call(t, e.cs, ToolCallTool, map[string]any{
		"tool_name": "tables_db_list_rows", "project_id": "shop",
		"arguments": map[string]any{"databaseId": "main", "table_id": "books", "queries": []string{`{"method":"limit","values":[5]}`}},
	})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if resultText(res) != `{"total":1,"rows":[{"$id":"r1","title":"Dune"}]}` || string(raw) != `{"rows":[{"$id":"r1","title":"Dune"}],"total":1}` {
		t.Errorf("text = %s, structured = %s", resultText(res), raw)
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
		res = call(t, e.cs, ToolCallTool, write)
		if !res.IsError || !strings.Contains(resultText(res), "Nothing was sent") {
			t.Fatalf("unconfirmed write (confirm_write=%v): %s", confirm, resultText(res))
		}
		if reqs := e.requests(); len(reqs) != 0 {
			t.Fatalf("unconfirmed write reached Appwrite: %+v", reqs)
		}
	}

	// 5. confirmed write
	e.fake.HandleREST("POST", "/tablesdb/main/tables/books/rows", e.json(201, `{"$id":"r2","title":"Emma"}`))
	write["confirm_write"] = true
	res = call(t, e.cs, ToolCallTool, write)
	if res.IsError {
		t.Fatal(resultText(res))
	}
	r = e.onlyRequest(t, "POST", "/tablesdb/main/tables/books/rows")
	if !strings.Contains(string(r.Body), `"rowId":"r2"`) || !strings.Contains(string(r.Body), `"title":"Emma"`) {
		t.Errorf("body = %s", r.Body)
	}

	// 6. destructive call
	e.fake.HandleREST("DELETE", "/tablesdb/main/tables/books/rows/r2", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	res = call(t, e.cs, ToolCallTool, map[string]any{
		"tool_name": "tables_db_delete_row", "project_id": "shop", "confirm_write": true,
		"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"},
	})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	e.onlyRequest(t, "DELETE", "/tablesdb/main/tables/books/rows/r2")

	// organization target on an "either" tool
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "teams_list", "organization_id": "org-one"})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	r = e.onlyRequest(t, "GET", "/teams")
	if r.Header.Get("X-Appwrite-Organization") != "org-one" || r.Header.Get("X-Appwrite-Mode") == "admin" {
		t.Errorf("headers = %v", r.Header)
	}
}

func TestE2EGuardsAndErrors(t *testing.T) {
	e := newE2E(t, nil)

	res := call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "user_list"})
	if !res.IsError || !strings.Contains(resultText(res), "users_list") {
		t.Errorf("unknown tool: %s", resultText(res))
	}
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "users_list"})
	if !res.IsError || !strings.Contains(resultText(res), ToolGetContext) {
		t.Errorf("no project: %s", resultText(res))
	}
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": map[string]any{"user_id": "../teams"}})
	if !res.IsError {
		t.Errorf("path injection accepted: %s", resultText(res))
	}
	if reqs := e.requests(); len(reqs) != 0 {
		t.Fatalf("guards reached Appwrite: %+v", reqs)
	}

	// aliases and JSON-string arguments
	e.fake.HandleREST("GET", "/users/u1", e.json(200, `{"$id":"u1","name":"Ada"}`))
	for _, args := range []any{`{"$id":"u1"}`, map[string]any{"userId": "u1"}, map[string]any{"id": "u1"}} {
		res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": args})
		if res.IsError {
			t.Fatalf("args %v: %s", args, resultText(res))
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
		e.fake.HandleREST("GET", "/users/"+id, func(w http.ResponseWriter, _ *http.Request) {
			fakeappwrite.WriteAppwriteError(w, tt.status, tt.typ, "fake says "+id)
		})
		res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "shop", "arguments": map[string]any{"user_id": id}})
		text := resultText(res)
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
	e.fake.HandleREST("GET", "/tablesdb/main/tables/big/rows", e.json(200, bigRows(3000)))
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "tables_db_list_rows", "project_id": "shop", "arguments": map[string]any{"database_id": "main", "table_id": "big"}})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	size := 0
	for _, c := range res.Content {
		size += len(c.(*mcp.TextContent).Text)
	}
	if size > DefaultMaxResultBytes || !strings.Contains(resultText(res), "of 3000 items") {
		t.Errorf("oversized result: %d bytes", size)
	}

	// image result
	png := "\x89PNG\r\n\x1a\n-fake-image"
	e.fake.HandleREST("GET", "/avatars/initials", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = io.WriteString(w, png)
	})
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "avatars_get_initials", "arguments": map[string]any{"name": "Ada"}})
	if img, ok := res.Content[0].(*mcp.ImageContent); res.IsError || !ok || string(img.Data) != png || img.MIMEType != "image/png" {
		t.Errorf("image result = %+v", res.Content)
	}

	// a panicking handler is recovered and logged, and the server keeps serving
	res = call(t, e.cs, ToolCallTool, map[string]any{"tool_name": "locale_get"})
	if !res.IsError || !strings.Contains(resultText(res), "Internal error") {
		t.Errorf("panic result = %s", resultText(res))
	}
	if !strings.Contains(e.logs.String(), "injected test panic") || !strings.Contains(e.logs.String(), "goroutine") {
		t.Errorf("panic not logged with a stack")
	}
	if res := call(t, e.cs, ToolSearchTools, map[string]any{"query": "list users"}); res.IsError {
		t.Errorf("after panic: %s", resultText(res))
	}
}

func TestE2EReadOnly(t *testing.T) {
	e := newE2E(t, map[string]string{"MCP_READ_ONLY": "true"})
	if got := listNames(t, e.cs); !slices.Equal(got, []string{ToolCallTool, ToolGetContext, ToolSearchTools}) {
		t.Fatalf("tools = %v", got)
	}
	res := call(t, e.cs, ToolSearchTools, map[string]any{"query": "delete a row", "include_mutating": true})
	var sr searchResult
	lastJSON(t, res, &sr)
	if len(sr.Matches) == 0 {
		t.Fatalf("no read matches")
	}
	for _, m := range sr.Matches {
		if m.Class != catalog.Read {
			t.Errorf("read-only search shows %s", m.Name)
		}
	}
	res = call(t, e.cs, ToolCallTool, map[string]any{
		"tool_name": "tables_db_delete_row", "project_id": "shop", "confirm_write": true,
		"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"},
	})
	if !res.IsError || !strings.Contains(resultText(res), "read-only") {
		t.Errorf("read-only delete: %s", resultText(res))
	}
	if reqs := e.requests(); len(reqs) != 0 {
		t.Fatalf("read-only refused call reached Appwrite: %+v", reqs)
	}
}

func TestE2EFullSurface(t *testing.T) {
	for _, readOnly := range []string{"false", "true"} {
		t.Run("read_only="+readOnly, func(t *testing.T) {
			e := newE2E(t, map[string]string{"MCP_TOOL_SURFACE": "full", "MCP_READ_ONLY": readOnly})
			want := []string{ToolCallTool, ToolGetContext, ToolSearchTools}
			for _, tool := range e.tools {
				if readOnly == "false" || tool.Class == catalog.Read {
					want = append(want, tool.Name)
				}
			}
			slices.Sort(want)
			first, err := e.cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if first.NextCursor == "" || len(first.Tools) != DefaultPageSize {
				t.Errorf("first page: %d tools, cursor %q", len(first.Tools), first.NextCursor)
			}
			if got := listNames(t, e.cs); !slices.Equal(got, want) {
				t.Fatalf("listed %d tools, want %d", len(got), len(want))
			}
			if readOnly == "false" {
				res := call(t, e.cs, "tables_db_delete_row", map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2", "project_id": "shop"})
				if !res.IsError || len(e.requests()) != 0 {
					t.Fatalf("direct unconfirmed delete: %s", resultText(res))
				}
			}
		})
	}
}
