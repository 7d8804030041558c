package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

func TestOperatorSurfaceListAndInstructions(t *testing.T) {
	h := newHarness(t)
	got := listNames(t, h.cs)
	want := []string{ToolCallTool, ToolGetContext, ToolSearchTools}
	if !slices.Equal(got, want) {
		t.Fatalf("tools = %v, want %v", got, want)
	}
	instr := h.cs.InitializeResult().Instructions
	for _, w := range []string{ToolGetContext, ToolSearchTools, ToolCallTool, "confirm_write: true"} {
		if !strings.Contains(instr, w) {
			t.Errorf("instructions lack %q:\n%s", w, instr)
		}
	}
	if i, j := strings.Index(instr, ToolGetContext), strings.Index(instr, ToolCallTool); i > j {
		t.Errorf("instructions should name context before call")
	}
	if info := h.cs.InitializeResult().ServerInfo; info.Name != "appwrite-mcp" || info.Version != "test" {
		t.Errorf("server info = %+v", info)
	}
}

// TestInitializeCapabilities: a stateless server can never send
// notifications/tools/list_changed, so it must not advertise listChanged
// (nor logging, whose level could not outlive one request).
func TestInitializeCapabilities(t *testing.T) {
	caps := newHarness(t).cs.InitializeResult().Capabilities
	if caps == nil || caps.Tools == nil {
		t.Fatalf("capabilities = %+v, want tools", caps)
	}
	if caps.Tools.ListChanged {
		t.Error("capabilities.tools.listChanged = true on a stateless server")
	}
	wire, err := json.Marshal(caps)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(wire), `"logging"`) || strings.Contains(string(wire), "listChanged") {
		t.Errorf("capabilities = %s, want tools only, without listChanged", wire)
	}
}

func TestFullSurfaceListsCatalogPaginated(t *testing.T) {
	const pageSize = 50
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("readOnly=%v", readOnly), func(t *testing.T) {
			h := newHarness(t, withOptions(func(o *Options) { o.Surface, o.PageSize, o.ReadOnly = config.SurfaceFull, pageSize, readOnly }))
			first, err := h.cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(first.Tools) != pageSize || first.NextCursor == "" {
				t.Fatalf("first page: %d tools, cursor %q", len(first.Tools), first.NextCursor)
			}
			want := []string{ToolCallTool, ToolGetContext, ToolSearchTools}
			for _, tool := range h.opts.Catalog.Tools() {
				if !readOnly || tool.Class == catalog.Read {
					want = append(want, tool.Name)
				}
			}
			slices.Sort(want)
			got := listNames(t, h.cs)
			if !slices.Equal(got, want) {
				t.Fatalf("listed %d tools, want %d", len(got), len(want))
			}
			if again := listNames(t, h.cs); !slices.Equal(again, got) {
				t.Fatalf("order not deterministic")
			}
		})
	}
}

func TestFullSurfaceSchemaAndAnnotations(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Surface = config.SurfaceFull }))
	byName := map[string]*mcp.Tool{}
	for tool, err := range h.cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		byName[tool.Name] = tool
	}
	del := byName["users_delete"]
	if del == nil || del.Annotations == nil || del.Annotations.ReadOnlyHint || del.Annotations.DestructiveHint == nil || !*del.Annotations.DestructiveHint {
		t.Fatalf("users_delete annotations = %+v", del)
	}
	schema, _ := json.Marshal(del.InputSchema)
	var s struct {
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"user_id", "project_id", "organization_id", "confirm_write"} {
		if _, ok := s.Properties[p]; !ok {
			t.Errorf("users_delete schema lacks %s: %s", p, schema)
		}
	}
	if !slices.Contains(s.Required, "project_id") || !slices.Contains(s.Required, "user_id") {
		t.Errorf("required = %v", s.Required)
	}
	get := byName["users_get"]
	if get == nil || !get.Annotations.ReadOnlyHint {
		t.Fatalf("users_get = %+v", get)
	}
	schema, _ = json.Marshal(get.InputSchema)
	if strings.Contains(string(schema), "confirm_write") {
		t.Errorf("read tool offers confirm_write: %s", schema)
	}
}

func TestDirectCallInFullSurface(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Surface = config.SurfaceFull }))
	res := h.call(t, "users_delete", map[string]any{"userId": "u1", "project_id": "p1"})
	if !res.IsError || !strings.Contains(resultText(res), "Nothing was sent") {
		t.Fatalf("unconfirmed direct delete: %s", resultText(res))
	}
	h.noRequests(t)
	res = h.call(t, "users_delete", map[string]any{"userId": "u1", "project_id": "p1", "confirm_write": true})
	if res.IsError {
		t.Fatalf("confirmed direct delete failed: %s", resultText(res))
	}
	r := h.onlyRequest(t, "DELETE", "/users/u1")
	if r.Header.Get("X-Appwrite-Project") != "p1" || r.Header.Get("X-Appwrite-Mode") != "admin" {
		t.Errorf("headers = %v", r.Header)
	}
}

func TestCallGuards(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want []string // substrings of the error text
	}{
		{"unknown tool suggests three", map[string]any{"tool_name": "list_users"}, []string{"Unknown tool", "users_list"}},
		{"write without confirm", map[string]any{"tool_name": "users_create", "project_id": "p1", "arguments": map[string]any{"user_id": "u"}}, []string{"confirm_write: true", "Nothing was sent"}},
		{"write with confirm false", map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": false, "arguments": map[string]any{"user_id": "u"}}, []string{"confirm_write: true"}},
		{"write with string true", map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": "true", "arguments": map[string]any{"user_id": "u"}}, []string{"JSON boolean true"}},
		{"write with string false", map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": "false", "arguments": map[string]any{"user_id": "u"}}, []string{"JSON boolean true"}},
		{"write with number 1", map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": 1, "arguments": map[string]any{"user_id": "u"}}, []string{"JSON boolean true"}},
		{"destructive without confirm", map[string]any{"tool_name": "users_delete", "project_id": "p1", "arguments": map[string]any{"user_id": "u"}}, []string{"cannot be undone"}},
		{"project tool without project", map[string]any{"tool_name": "users_list"}, []string{"project_id", ToolGetContext}},
		{"bad project id", map[string]any{"tool_name": "users_list", "project_id": "../x"}, []string{"not a valid Appwrite ID"}},
		{"project id with slash", map[string]any{"tool_name": "users_list", "project_id": "a/b"}, []string{"not a valid Appwrite ID"}},
		{"project id too long", map[string]any{"tool_name": "users_list", "project_id": strings.Repeat("p", 37)}, []string{"not a valid Appwrite ID"}},
		{"bad project id inside arguments", map[string]any{"tool_name": "users_list", "arguments": map[string]any{"projectId": "../x"}}, []string{"not a valid Appwrite ID"}},
		{"bad organization id", map[string]any{"tool_name": "users_list", "project_id": "p", "organization_id": "a/b"}, []string{"not a valid Appwrite ID"}},
		{"project id not a string", map[string]any{"tool_name": "users_list", "project_id": 7}, []string{"project_id must be a string"}},
		{"unknown argument", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"usr_id": "u"}}, []string{`did you mean "user_id"`, "Allowed: user_id"}},
		{"two spellings of an argument", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "a", "userId": "b"}}, []string{`"userId"`, `"user_id"`, "name the same parameter"}},
		{"arguments not an object", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": "[1]"}, []string{"JSON object"}},
		{"unknown top-level key", map[string]any{"tool_name": "users_get", "projct_id": "p1"}, []string{"unknown argument", "project_id"}},
		{"missing tool name", map[string]any{"arguments": map[string]any{}}, []string{"tool_name is required"}},
		{"conflicting project ids", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "u", "projectId": "p2"}}, []string{"different values"}},
		{"path injection", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "../teams"}}, []string{"Nothing was sent"}},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.call(t, ToolCallTool, tt.args)
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("want isError, got %s", text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			h.noRequests(t)
		})
	}
}

func TestUnknownToolSuggestsClosest(t *testing.T) {
	h := newHarness(t)
	res := h.call(t, ToolCallTool, map[string]any{"tool_name": "tablesdb_list_row"})
	var details struct {
		Suggestions []string `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(structured(res)), &details); err != nil {
		t.Fatal(err)
	}
	if !res.IsError || len(details.Suggestions) != 3 || details.Suggestions[0] != "tables_db_list_rows" {
		t.Fatalf("suggestions = %v", details.Suggestions)
	}
}

// dispatchCase is one call and what Appwrite must receive for it.
type dispatchCase struct {
	name         string
	args         map[string]any
	method, path string
	project      string // X-Appwrite-Project; admin mode unless the console
	organization string
	query        map[string]string // a subset of the query
	body         map[string]any    // the whole JSON body, when set
}

func TestCallDispatchTargetsAndArguments(t *testing.T) {
	tests := []dispatchCase{
		{
			name: "project read with camel args", args: map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"userId": "u1"}},
			method: "GET", path: "/users/u1", project: "p1",
		},
		{
			name: "json string arguments", args: map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": `{"$id":"u2"}`},
			method: "GET", path: "/users/u2", project: "p1",
		},
		{
			name: "project id inside arguments", args: map[string]any{"tool_name": "users_get", "arguments": map[string]any{"id": "u3", "projectId": "p9"}},
			method: "GET", path: "/users/u3", project: "p9",
		},
		{
			name: "organization header", args: map[string]any{"tool_name": "users_list", "project_id": "p1", "organization_id": "o1", "arguments": map[string]any{"search": "ada"}},
			method: "GET", path: "/users", project: "p1", organization: "o1", query: map[string]string{"search": "ada"},
		},
		{
			name: "console tool ignores project", args: map[string]any{"tool_name": "account_get", "project_id": "p1"},
			method: "GET", path: "/account", project: fakeappwrite.DefaultProject,
		},
		{
			name: "either tool without project", args: map[string]any{"tool_name": "locale_get"},
			method: "GET", path: "/locale", project: fakeappwrite.DefaultProject,
		},
		{
			name: "either tool with project", args: map[string]any{"tool_name": "locale_get", "projectId": "p2"},
			method: "GET", path: "/locale", project: "p2",
		},
		{name: "confirmed write", args: map[string]any{
			"tool_name": "tables_db_create_row", "project_id": "p1", "confirm_write": true,
			"arguments": map[string]any{"databaseId": "d", "table_id": "t", "rowId": "unique()", "data": map[string]any{"title": "x"}},
		}, method: "POST", path: "/tablesdb/d/tables/t/rows", project: "p1", body: map[string]any{"rowId": "unique()", "data": map[string]any{"title": "x"}}},
		{
			name: "tool name in camel case", args: map[string]any{"name": "usersGet", "project_id": "p1", "args": map[string]any{"user_id": "u"}},
			method: "GET", path: "/users/u", project: "p1",
		},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.call(t, ToolCallTool, tt.args)
			if res.IsError {
				t.Fatalf("isError: %s", resultText(res))
			}
			checkDispatch(t, h.onlyRequest(t, tt.method, tt.path), tt)
		})
	}
}

func checkDispatch(t *testing.T, r fakeappwrite.Request, tt dispatchCase) {
	t.Helper()
	wantMode := "admin"
	if tt.project == fakeappwrite.DefaultProject {
		wantMode = ""
	}
	if r.Header.Get("X-Appwrite-Project") != tt.project || r.Header.Get("X-Appwrite-Mode") != wantMode ||
		r.Header.Get("X-Appwrite-Organization") != tt.organization {
		t.Errorf("headers: project %q mode %q organization %q, want %q %q %q", r.Header.Get("X-Appwrite-Project"),
			r.Header.Get("X-Appwrite-Mode"), r.Header.Get("X-Appwrite-Organization"), tt.project, wantMode, tt.organization)
	}
	for k, v := range tt.query {
		if r.Query.Get(k) != v {
			t.Errorf("query %s = %q, want %q (%v)", k, r.Query.Get(k), v, r.Query)
		}
	}
	if tt.body != nil {
		var got map[string]any
		if err := json.Unmarshal(r.Body, &got); err != nil || !reflect.DeepEqual(got, tt.body) {
			t.Errorf("body = %s, want %v", r.Body, tt.body)
		}
	}
}

func TestReadOnlyMode(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.ReadOnly = true }))
	res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_delete", "project_id": "p", "confirm_write": true, "arguments": map[string]any{"user_id": "u"}})
	if !res.IsError || !strings.Contains(resultText(res), "read-only") {
		t.Fatalf("read-only delete: %s", resultText(res))
	}
	res = h.call(t, ToolCallTool, map[string]any{"tool_name": "users_create", "project_id": "p", "confirm_write": true, "arguments": map[string]any{"user_id": "u"}})
	if !res.IsError || !strings.Contains(resultText(res), "read-only") {
		t.Fatalf("read-only create: %s", resultText(res))
	}
	res = h.call(t, ToolSearchTools, map[string]any{"query": "delete user", "include_mutating": true})
	var sr struct {
		Matches []struct {
			Name  string        `json:"name"`
			Class catalog.Class `json:"class"`
		} `json:"matches"`
	}
	lastJSON(t, res, &sr)
	if len(sr.Matches) == 0 {
		t.Fatal("no read matches")
	}
	for _, m := range sr.Matches {
		if m.Class != catalog.Read {
			t.Errorf("read-only search returned %s (%s)", m.Name, m.Class)
		}
	}
	h.noRequests(t)
	if instr := h.cs.InitializeResult().Instructions; !strings.Contains(instr, "read-only") {
		t.Errorf("instructions: %s", instr)
	}
	res = h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}})
	if res.IsError {
		t.Fatalf("read call in read-only mode: %s", resultText(res))
	}
	h.onlyRequest(t, "GET", "/users/u")
}

func TestNoTokenIsError(t *testing.T) {
	s, err := newService(Options{Catalog: testCatalog(t), Factory: appwrite.NewFactory(appwrite.Options{Endpoint: "http://127.0.0.1:1/v1"})})
	if err != nil {
		t.Fatal(err)
	}
	req := &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolCallTool, Arguments: json.RawMessage(`{"tool_name":"locale_get"}`)}}
	res, info := s.handleCall(context.Background(), req)
	if !res.IsError || !strings.Contains(resultText(res), "No access token") || info.outcome != OutcomeToolError {
		t.Fatalf("res = %s, %+v", resultText(res), info)
	}
	res, _ = s.handleGetContext(context.Background(), &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolGetContext}})
	if !res.IsError || !strings.Contains(resultText(res), "No access token") {
		t.Fatalf("context without token: %s", resultText(res))
	}
}

func TestNewServerRejectsBadOptions(t *testing.T) {
	cat := testCatalog(t)
	factory := appwrite.NewFactory(appwrite.Options{Endpoint: "http://127.0.0.1:1/v1"})
	tests := []struct {
		name string
		o    Options
	}{
		{"unknown surface", Options{Catalog: cat, Factory: factory, Surface: "everything"}},
		{"no factory", Options{Catalog: cat}},
		{"no catalog", Options{Factory: factory}},
	}
	for _, tt := range tests {
		if _, err := NewServer(tt.o); err == nil {
			t.Errorf("%s accepted", tt.name)
		}
	}
	for _, surface := range []string{"", config.SurfaceOperator, config.SurfaceFull} {
		if _, err := NewServer(Options{Catalog: cat, Factory: factory, Surface: surface}); err != nil {
			t.Errorf("surface %q: %v", surface, err)
		}
	}
}

// TestHugeNamesAreBounded: a megabyte tool name or argument key is
// refused without being echoed back whole.
func TestHugeNamesAreBounded(t *testing.T) {
	huge := strings.Repeat("users_get_", 100_000) // 1 MB
	h := newHarness(t)
	for _, args := range []map[string]any{
		{"tool_name": huge},
		{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{huge: 1}},
		{"tool_name": "users_get", huge: 1},
		{"tool_name": "users_get", "project_id": huge},
	} {
		res := h.call(t, ToolCallTool, args)
		if !res.IsError || len(resultText(res)) > 4<<10 {
			t.Errorf("result for a huge name: isError=%v, %d bytes", res.IsError, len(resultText(res)))
		}
		if s := structured(res); len(s) > 4<<10 {
			t.Errorf("structured content for a huge name: %d bytes", len(s))
		}
	}
	h.noRequests(t)
}
