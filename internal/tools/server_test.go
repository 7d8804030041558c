package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

func listNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	var out []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		out = append(out, tool.Name)
	}
	return out
}

func TestOperatorSurfaceListAndInstructions(t *testing.T) {
	cs := connect(t, newTestServer(t, baseOptions(&fakeBackend{})))
	got := listNames(t, cs)
	want := []string{ToolCallTool, ToolGetContext, ToolSearchTools}
	if !slices.Equal(got, want) {
		t.Fatalf("tools = %v, want %v", got, want)
	}
	instr := cs.InitializeResult().Instructions
	for _, w := range []string{ToolGetContext, ToolSearchTools, ToolCallTool, "confirm_write: true"} {
		if !strings.Contains(instr, w) {
			t.Errorf("instructions lack %q:\n%s", w, instr)
		}
	}
	if i, j := strings.Index(instr, ToolGetContext), strings.Index(instr, ToolCallTool); i > j {
		t.Errorf("instructions should name context before call")
	}
	if cs.InitializeResult().ServerInfo.Name != "appwrite-mcp" || cs.InitializeResult().ServerInfo.Version != "test" {
		t.Errorf("server info = %+v", cs.InitializeResult().ServerInfo)
	}
}

func TestFullSurfaceListsCatalogPaginated(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("readOnly=%v", readOnly), func(t *testing.T) {
			o := baseOptions(&fakeBackend{})
			o.Surface, o.PageSize, o.ReadOnly = SurfaceFull, 4, readOnly
			cs := connect(t, newTestServer(t, o))
			first, err := cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(first.Tools) != 4 || first.NextCursor == "" {
				t.Fatalf("first page: %d tools, cursor %q", len(first.Tools), first.NextCursor)
			}
			var want []string
			for _, tool := range testTools() {
				if !readOnly || tool.Class == catalog.Read {
					want = append(want, tool.Name)
				}
			}
			want = append(want, ToolCallTool, ToolGetContext, ToolSearchTools)
			slices.Sort(want)
			got := listNames(t, cs)
			if !slices.Equal(got, want) {
				t.Fatalf("tools = %v\nwant    %v", got, want)
			}
			if again := listNames(t, cs); !slices.Equal(again, got) {
				t.Fatalf("order not deterministic")
			}
		})
	}
}

func TestFullSurfaceSchemaAndAnnotations(t *testing.T) {
	o := baseOptions(&fakeBackend{})
	o.Surface = SurfaceFull
	cs := connect(t, newTestServer(t, o))
	byName := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(context.Background(), nil) {
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
	b := &fakeBackend{}
	o := baseOptions(b)
	o.Surface = SurfaceFull
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, "users_delete", map[string]any{"userId": "u1", "project_id": "p1"})
	if !res.IsError || len(b.Calls()) != 0 {
		t.Fatalf("unconfirmed direct delete: isError=%v calls=%v", res.IsError, b.Calls())
	}
	res = call(t, cs, "users_delete", map[string]any{"userId": "u1", "project_id": "p1", "confirm_write": true})
	if res.IsError {
		t.Fatalf("confirmed direct delete failed: %s", resultText(res))
	}
	calls := b.Calls()
	if len(calls) != 1 || calls[0].Tool != "users_delete" || calls[0].Target.ProjectID != "p1" || calls[0].Args["user_id"] != "u1" || len(calls[0].Args) != 1 {
		t.Fatalf("calls = %+v", calls)
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
		{"destructive without confirm", map[string]any{"tool_name": "users_delete", "project_id": "p1", "arguments": map[string]any{"user_id": "u"}}, []string{"cannot be undone"}},
		{"project tool without project", map[string]any{"tool_name": "users_list"}, []string{"project_id", ToolGetContext}},
		{"bad project id", map[string]any{"tool_name": "users_list", "project_id": "../x"}, []string{"not a valid Appwrite ID"}},
		{"bad organization id", map[string]any{"tool_name": "users_list", "project_id": "p", "organization_id": "a/b"}, []string{"not a valid Appwrite ID"}},
		{"unknown argument", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"usr_id": "u"}}, []string{`did you mean "user_id"`, "Allowed: user_id"}},
		{"conflicting aliases", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "a", "userId": "b"}}, []string{"different values"}},
		{"arguments not an object", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": "[1]"}, []string{"JSON object"}},
		{"unknown top-level key", map[string]any{"tool_name": "users_get", "projct_id": "p1"}, []string{"unknown argument", "project_id"}},
		{"missing tool name", map[string]any{"arguments": map[string]any{}}, []string{"tool_name is required"}},
		{"conflicting project ids", map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "u", "projectId": "p2"}}, []string{"different values"}},
	}
	b := &fakeBackend{}
	cs := connect(t, newTestServer(t, baseOptions(b)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, cs, ToolCallTool, tt.args)
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("want isError, got %s", text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
		})
	}
	if calls := b.Calls(); len(calls) != 0 {
		t.Fatalf("guards sent upstream calls: %+v", calls)
	}
}

func TestUnknownToolSuggestsClosest(t *testing.T) {
	cs := connect(t, newTestServer(t, baseOptions(&fakeBackend{})))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "tablesdb_list_row"})
	var details struct {
		Suggestions []string `json:"suggestions"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &details); err != nil {
		t.Fatal(err)
	}
	if len(details.Suggestions) != 3 || details.Suggestions[0] != "tables_db_list_rows" {
		t.Fatalf("suggestions = %v", details.Suggestions)
	}
}

func TestCallDispatchTargetsAndArguments(t *testing.T) {
	tests := []struct {
		name       string
		args       map[string]any
		wantTool   string
		wantTarget Target
		wantArgs   map[string]any
	}{
		{
			"project read with camel args",
			map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"userId": "u1"}},
			"users_get",
			Target{ProjectID: "p1"},
			map[string]any{"user_id": "u1"},
		},
		{
			"json string arguments",
			map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": `{"$id":"u2"}`},
			"users_get",
			Target{ProjectID: "p1"},
			map[string]any{"user_id": "u2"},
		},
		{
			"project id inside arguments",
			map[string]any{"tool_name": "users_get", "arguments": map[string]any{"id": "u3", "projectId": "p9"}},
			"users_get",
			Target{ProjectID: "p9"},
			map[string]any{"user_id": "u3"},
		},
		{
			"organization header",
			map[string]any{"tool_name": "users_list", "project_id": "p1", "organization_id": "o1"},
			"users_list",
			Target{ProjectID: "p1", OrganizationID: "o1"},
			map[string]any{},
		},
		{
			"console tool ignores project",
			map[string]any{"tool_name": "account_get", "project_id": "p1"},
			"account_get",
			Target{},
			map[string]any{},
		},
		{
			"either tool without project",
			map[string]any{"tool_name": "health_get"},
			"health_get",
			Target{},
			map[string]any{},
		},
		{
			"either tool with project",
			map[string]any{"tool_name": "health_get", "projectId": "p2"},
			"health_get",
			Target{ProjectID: "p2"},
			map[string]any{},
		},
		{
			"confirmed write",
			map[string]any{
				"tool_name": "tables_db_create_row", "project_id": "p1", "confirm_write": true,
				"arguments": map[string]any{"databaseId": "d", "table_id": "t", "rowId": "unique()", "data": map[string]any{"title": "x"}},
			},
			"tables_db_create_row",
			Target{ProjectID: "p1"},
			map[string]any{"database_id": "d", "table_id": "t", "row_id": "unique()", "data": map[string]any{"title": "x"}},
		},
		{
			"tool name in camel case",
			map[string]any{"name": "usersGet", "project_id": "p1", "args": map[string]any{"user_id": "u"}},
			"users_get",
			Target{ProjectID: "p1"},
			map[string]any{"user_id": "u"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBackend{}
			cs := connect(t, newTestServer(t, baseOptions(b)))
			res := call(t, cs, ToolCallTool, tt.args)
			if res.IsError {
				t.Fatalf("isError: %s", resultText(res))
			}
			calls := b.Calls()
			if len(calls) != 1 {
				t.Fatalf("calls = %+v", calls)
			}
			c := calls[0]
			if c.Tool != tt.wantTool || c.Target != tt.wantTarget || c.Token != testToken {
				t.Errorf("call = %+v", c)
			}
			if fmt.Sprint(c.Args) != fmt.Sprint(tt.wantArgs) {
				t.Errorf("args = %v, want %v", c.Args, tt.wantArgs)
			}
		})
	}
}

func TestReadOnlyMode(t *testing.T) {
	b := &fakeBackend{}
	o := baseOptions(b)
	o.ReadOnly = true
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_delete", "project_id": "p", "confirm_write": true, "arguments": map[string]any{"user_id": "u"}})
	if !res.IsError || !strings.Contains(resultText(res), "read-only") {
		t.Fatalf("read-only delete: %s", resultText(res))
	}
	res = call(t, cs, ToolSearchTools, map[string]any{"query": "delete user", "include_mutating": true})
	var sr searchResult
	lastJSON(t, res, &sr)
	for _, m := range sr.Matches {
		if m.Class != catalog.Read {
			t.Errorf("read-only search returned %s (%s)", m.Name, m.Class)
		}
	}
	if len(b.Calls()) != 0 {
		t.Fatalf("calls = %+v", b.Calls())
	}
	instr := cs.InitializeResult().Instructions
	if !strings.Contains(instr, "read-only") {
		t.Errorf("instructions: %s", instr)
	}
	res = call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}})
	if res.IsError || len(b.Calls()) != 1 {
		t.Fatalf("read call in read-only mode: %s", resultText(res))
	}
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		status int
		typ    string
		want   string
	}{
		{401, "general_unauthorized_scope", "lacks a scope"},
		{401, "general_access_forbidden", "another region"},
		{403, "user_unauthorized", "role on project p1"},
		{404, "user_not_found", "check the IDs"},
		{409, "user_already_exists", "already exists"},
		{429, "general_rate_limit_exceeded", "wait before retrying"},
		{500, "general_server_error", "may be retried"},
		{503, "general_service_unavailable", "may be retried"},
		{400, "general_argument_invalid", "fix the arguments"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status, tt.typ), func(t *testing.T) {
			b := &fakeBackend{respond: func(fakeCall) (*Response, error) {
				return nil, fmt.Errorf("wrapped: %w", &UpstreamError{Status: tt.status, Type: tt.typ, Message: "upstream says no"})
			}}
			cs := connect(t, newTestServer(t, baseOptions(b)))
			res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "u"}})
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("not an error: %s", text)
			}
			for _, w := range []string{fmt.Sprintf("HTTP %d", tt.status), tt.typ, "upstream says no", "Next step", tt.want} {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			raw, _ := json.Marshal(res.StructuredContent)
			if !strings.Contains(string(raw), fmt.Sprintf(`"status":%d`, tt.status)) {
				t.Errorf("structured = %s", raw)
			}
		})
	}
	t.Run("write 5xx warns about retry", func(t *testing.T) {
		b := &fakeBackend{respond: func(fakeCall) (*Response, error) {
			return nil, &UpstreamError{Status: 502, Type: "x", Message: "bad gateway"}
		}}
		cs := connect(t, newTestServer(t, baseOptions(b)))
		res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": true, "arguments": map[string]any{"user_id": "u"}})
		if !strings.Contains(resultText(res), "check with a read tool before retrying") {
			t.Errorf("text: %s", resultText(res))
		}
	})
	t.Run("argument error from the catalog", func(t *testing.T) {
		b := &fakeBackend{respond: func(fakeCall) (*Response, error) {
			return nil, &ArgumentError{Param: "user_id", Problem: "expected string, got number"}
		}}
		cs := connect(t, newTestServer(t, baseOptions(b)))
		res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": 5}})
		if !res.IsError || !strings.Contains(resultText(res), "expected string") {
			t.Errorf("text: %s", resultText(res))
		}
	})
}

func TestResultShapes(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	tests := []struct {
		name  string
		resp  *Response
		check func(t *testing.T, r *mcp.CallToolResult)
	}{
		{"object json → structured", jsonResp(200, `{ "total": 1, "users": [ {"$id": "u1"} ] }`), func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `{"total":1,"users":[{"$id":"u1"}]}` {
				t.Errorf("text = %s", resultText(r))
			}
			raw, _ := json.Marshal(r.StructuredContent)
			if string(raw) != `{"total":1,"users":[{"$id":"u1"}]}` {
				t.Errorf("structured = %s", raw)
			}
		}},
		{"array json → text only", jsonResp(200, `[1, 2]`), func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `[1,2]` || r.StructuredContent != nil {
				t.Errorf("r = %s %v", resultText(r), r.StructuredContent)
			}
		}},
		{"image", &Response{Status: 200, ContentType: "image/png", Body: png}, func(t *testing.T, r *mcp.CallToolResult) {
			img, ok := r.Content[0].(*mcp.ImageContent)
			if !ok || img.MIMEType != "image/png" || !bytes.Equal(img.Data, png) {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"binary", &Response{Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.4")}, func(t *testing.T, r *mcp.CallToolResult) {
			er, ok := r.Content[0].(*mcp.EmbeddedResource)
			if !ok || er.Resource.MIMEType != "application/pdf" || string(er.Resource.Blob) != "%PDF-1.4" {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"empty 204", &Response{Status: 204}, func(t *testing.T, r *mcp.CallToolResult) {
			if !strings.Contains(resultText(r), `"status":204`) {
				t.Errorf("text = %s", resultText(r))
			}
		}},
		{"undecoded", &Response{Status: 201, ContentType: "application/json", Body: []byte(`{"odd":true}`), Undecoded: true}, func(t *testing.T, r *mcp.CallToolResult) {
			text := resultText(r)
			if r.IsError || !strings.Contains(text, "could not be decoded") || !strings.Contains(text, "do not retry") || !strings.Contains(text, `{"odd":true}`) {
				t.Errorf("text = %s", text)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBackend{respond: func(fakeCall) (*Response, error) { return tt.resp, nil }}
			cs := connect(t, newTestServer(t, baseOptions(b)))
			res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_list", "project_id": "p1"})
			if res.IsError {
				t.Fatalf("isError: %s", resultText(res))
			}
			tt.check(t, res)
		})
	}
}

func bigRows(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"total":%d,"rows":[`, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"$id":"row%04d","title":"%s","n":%d}`, i, strings.Repeat("x", 100), i)
	}
	b.WriteString(`]}`)
	return b.String()
}

func TestOversizedResultIsBounded(t *testing.T) {
	body := bigRows(2000)
	b := &fakeBackend{respond: func(fakeCall) (*Response, error) { return jsonResp(200, body), nil }}
	o := baseOptions(b)
	o.MaxResultBytes = 16 << 10
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "tables_db_list_rows", "project_id": "p", "arguments": map[string]any{"database_id": "d", "table_id": "t"}})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	total := 0
	for _, c := range res.Content {
		total += len(c.(*mcp.TextContent).Text)
	}
	if total > o.MaxResultBytes {
		t.Errorf("result text %d bytes > %d", total, o.MaxResultBytes)
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
	lastJSON(t, res, &out)
	if out.Total != 2000 || len(out.Rows) == 0 || len(out.Rows) >= 2000 || out.Rows[0]["$id"] != "row0000" {
		t.Errorf("truncated body: total %d rows %d", out.Total, len(out.Rows))
	}
	if res.StructuredContent == nil {
		t.Errorf("no structured content")
	}
}

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

func TestHandlerPanicRecovered(t *testing.T) {
	b := &fakeBackend{respond: func(fakeCall) (*Response, error) { panic("kaboom") }}
	var logs testutil.LogBuffer
	o := baseOptions(b)
	o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}})
	if !res.IsError || !strings.Contains(resultText(res), "Internal error") {
		t.Fatalf("result = %s", resultText(res))
	}
	out := logs.String()
	if !strings.Contains(out, "tool handler panic") || !strings.Contains(out, "kaboom") || !strings.Contains(out, "goroutine") {
		t.Errorf("log = %s", out)
	}
	if strings.Contains(out, testToken) {
		t.Errorf("token in logs")
	}
	// The server keeps serving.
	b.respond = nil
	if res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "health_get"}); res.IsError {
		t.Errorf("after panic: %s", resultText(res))
	}
}

func TestNoTokenIsError(t *testing.T) {
	s, err := newService(baseOptions(&fakeBackend{}))
	if err != nil {
		t.Fatal(err)
	}
	req := &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolCallTool, Arguments: json.RawMessage(`{"tool_name":"health_get"}`)}}
	res, err := s.handleCall(context.Background(), req)
	if err != nil || !res.IsError || !strings.Contains(resultText(res), "No access token") {
		t.Fatalf("res = %v, %v", res, err)
	}
	res, err = s.handleGetContext(context.Background(), &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolGetContext}})
	if err != nil || !res.IsError {
		t.Fatalf("context without token: %v %v", res, err)
	}
}

func TestNewServerRejectsBadOptions(t *testing.T) {
	o := baseOptions(&fakeBackend{})
	o.Surface = "everything"
	if _, err := NewServer(o); err == nil {
		t.Error("unknown surface accepted")
	}
	o = baseOptions(nil)
	if _, err := NewServer(o); err == nil {
		t.Error("nil backend accepted")
	}
	o = baseOptions(&fakeBackend{})
	o.Tools = append(o.Tools, o.Tools[0])
	if _, err := NewServer(o); err == nil {
		t.Error("duplicate tool accepted")
	}
}

func TestResultNeverExceedsLimit(t *testing.T) {
	nested := `{"documents":[` + strings.Repeat(`{"body":"`+strings.Repeat("z", 3000)+`","tags":["a","b"]},`, 40) + `{"body":"end"}]}`
	manyStrings := `{` + strings.Repeat(`"k":"`+strings.Repeat("q", 500)+`",`, 60) + `"end":1}`
	bodies := []string{bigRows(10), bigRows(500), bigRows(5000), nested, manyStrings, `"` + strings.Repeat("s", 100000) + `"`}
	for _, limit := range []int{2048, 5000, 16 << 10, 64 << 10} {
		for i, body := range bodies {
			for _, undecoded := range []bool{false, true} {
				sh := shaper{maxText: limit, maxBinary: 1 << 20}
				res := sh.response("t", &Response{Status: 200, ContentType: "application/json", Body: []byte(body), Undecoded: undecoded})
				total := 0
				for _, c := range res.Content {
					total += len(c.(*mcp.TextContent).Text)
				}
				if total > limit {
					t.Errorf("limit %d body %d undecoded %v: %d bytes", limit, i, undecoded, total)
				}
			}
		}
	}
}

// TestInitializeCapabilities: a stateless server can never send
// notifications/tools/list_changed, so it must not advertise listChanged
// (nor logging, deprecated by SEP-2577, whose level could not outlive one request).
func TestInitializeCapabilities(t *testing.T) {
	cs := connect(t, newTestServer(t, baseOptions(&fakeBackend{})))
	caps := cs.InitializeResult().Capabilities
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

// TestHandlerPanicNeverLogsToken: a panic whose value quotes the request's
// token (say, an error echoing the Authorization header) is logged redacted.
func TestHandlerPanicNeverLogsToken(t *testing.T) {
	b := &fakeBackend{respond: func(c fakeCall) (*Response, error) {
		panic(fmt.Errorf("upstream refused request with Authorization: Bearer %s", c.Token))
	}}
	var logs testutil.LogBuffer
	o := baseOptions(b)
	o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "health_get"})
	if !res.IsError || strings.Contains(resultText(res), testToken) {
		t.Fatalf("result = %s", resultText(res))
	}
	out := logs.String()
	if !strings.Contains(out, "tool handler panic") || !strings.Contains(out, "[REDACTED]") {
		t.Fatalf("panic not logged with the token redacted: %s", out)
	}
	if strings.Contains(out, testToken) {
		t.Errorf("token in logs: %s", out)
	}
}

// TestResultsNeverCarryToken: an upstream answer that quotes the caller's
// bearer token (an error page echoing request headers) reaches the model
// with the token masked, in the text and in structuredContent.
func TestResultsNeverCarryToken(t *testing.T) {
	echo := "request had Authorization: Bearer " + testToken
	tests := []struct {
		name    string
		respond func(fakeCall) (*Response, error)
	}{
		{"upstream error", func(fakeCall) (*Response, error) {
			return nil, &UpstreamError{Status: 400, Type: "general_argument_invalid", Message: echo}
		}},
		{"transport error", func(fakeCall) (*Response, error) { return nil, errors.New(echo) }},
		{"success body", func(fakeCall) (*Response, error) { return jsonResp(200, `{"echo":"`+echo+`"}`), nil }},
		{"undecoded body", func(fakeCall) (*Response, error) {
			return &Response{Status: 200, ContentType: "text/plain", Body: []byte(echo), Undecoded: true}, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := connect(t, newTestServer(t, baseOptions(&fakeBackend{respond: tt.respond})))
			res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "health_get"})
			structured, _ := json.Marshal(res.StructuredContent)
			if text := resultText(res); strings.Contains(text, testToken) || strings.Contains(string(structured), testToken) {
				t.Fatalf("token reached the result:\n%s\n%s", text, structured)
			}
			if !strings.Contains(resultText(res)+string(structured), "[REDACTED]") {
				t.Fatalf("echo not in the result at all (test is vacuous): %s", resultText(res))
			}
		})
	}
}

// TestHugeNamesAreBounded: a megabyte "tool name" or argument key costs no
// more than a short one to suggest alternatives for, and is not echoed back
// whole.
func TestHugeNamesAreBounded(t *testing.T) {
	huge := strings.Repeat("users_get_", 100_000) // 1 MB
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	near := closest(huge, []string{"users_get", "users_list", "teams_get"}, 2)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<10 {
		t.Errorf("suggesting for a 1 MB name allocated %d bytes: the name was not bounded", alloc)
	}
	if len(near) != 2 || near[0] != "users_get" {
		t.Errorf("closest = %v, want users_get first", near)
	}

	cs := connect(t, newTestServer(t, baseOptions(&fakeBackend{})))
	for _, args := range []map[string]any{
		{"tool_name": huge},
		{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{huge: 1}},
		{"tool_name": "users_get", huge: 1},
	} {
		res := call(t, cs, ToolCallTool, args)
		if !res.IsError || len(resultText(res)) > 4<<10 {
			t.Errorf("result for a huge name: isError=%v, %d bytes", res.IsError, len(resultText(res)))
		}
		if structured, _ := json.Marshal(res.StructuredContent); len(structured) > 4<<10 {
			t.Errorf("structured content for a huge name: %d bytes", len(structured))
		}
	}
}
