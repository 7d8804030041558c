package tools

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

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
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status, tt.typ), func(t *testing.T) {
			id := fmt.Sprintf("u%d-%s", tt.status, tt.typ[:8])
			h.fake.HandleREST("GET", "/users/"+id, func(w http.ResponseWriter, _ *http.Request) {
				fakeappwrite.WriteAppwriteError(w, tt.status, tt.typ, "upstream says no")
			})
			res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": id}})
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("not an error: %s", text)
			}
			for _, w := range []string{fmt.Sprintf("HTTP %d", tt.status), tt.typ, "upstream says no", "Next step", tt.want} {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q: %s", w, text)
				}
			}
			if !strings.Contains(structured(res), fmt.Sprintf(`"status":%d`, tt.status)) {
				t.Errorf("structured = %s", structured(res))
			}
			h.onlyRequest(t, "GET", "/users/"+id)
		})
	}
	t.Run("write 5xx warns about retry", func(t *testing.T) {
		h.fake.HandleREST("POST", "/users", func(w http.ResponseWriter, _ *http.Request) {
			fakeappwrite.WriteAppwriteError(w, 502, "x", "bad gateway")
		})
		res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_create", "project_id": "p1", "confirm_write": true, "arguments": map[string]any{"user_id": "u"}})
		if !res.IsError || !strings.Contains(resultText(res), "check with a read tool before retrying") {
			t.Errorf("text: %s", resultText(res))
		}
		h.onlyRequest(t, "POST", "/users")
	})
	t.Run("argument error from the catalog", func(t *testing.T) {
		res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": 5}})
		if !res.IsError || !strings.Contains(resultText(res), "expected string") || !strings.Contains(resultText(res), "Nothing was sent") {
			t.Errorf("text: %s", resultText(res))
		}
		h.noRequests(t)
	})
	t.Run("unreachable upstream", func(t *testing.T) {
		// Every attempt is reset: net/http retries an idempotent request
		// once on a reused connection.
		h.fake.AddFault(fakeappwrite.Fault{Method: "GET", Path: "/users/gone", Reset: true})
		defer h.fake.ClearFaults()
		res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p1", "arguments": map[string]any{"user_id": "gone"}})
		if !res.IsError || !strings.Contains(resultText(res), "Could not complete the call to Appwrite") {
			t.Errorf("text: %s", resultText(res))
		}
		h.requests()
	})
}

func TestResultShapes(t *testing.T) {
	png := "\x89PNG\r\n\x1a\nfake"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		check       func(t *testing.T, r *mcp.CallToolResult)
	}{
		{"object json → structured", 200, "application/json", `{ "total": 1, "users": [ {"$id": "u1"} ] }`, func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `{"total":1,"users":[{"$id":"u1"}]}` || structured(r) != `{"total":1,"users":[{"$id":"u1"}]}` {
				t.Errorf("text = %s, structured = %s", resultText(r), structured(r))
			}
		}},
		{"array json → text only", 200, "application/json", `[1, 2]`, func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != `[1,2]` || r.StructuredContent != nil {
				t.Errorf("r = %s %v", resultText(r), r.StructuredContent)
			}
		}},
		{"image", 200, "image/png", png, func(t *testing.T, r *mcp.CallToolResult) {
			img, ok := r.Content[0].(*mcp.ImageContent)
			if !ok || img.MIMEType != "image/png" || !bytes.Equal(img.Data, []byte(png)) {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"binary", 200, "application/pdf", "%PDF-1.4", func(t *testing.T, r *mcp.CallToolResult) {
			er, ok := r.Content[0].(*mcp.EmbeddedResource)
			if !ok || er.Resource.MIMEType != "application/pdf" || string(er.Resource.Blob) != "%PDF-1.4" {
				t.Errorf("content = %#v", r.Content[0])
			}
		}},
		{"plain text", 200, "text/plain; charset=utf-8", "hello", func(t *testing.T, r *mcp.CallToolResult) {
			if resultText(r) != "hello" {
				t.Errorf("text = %s", resultText(r))
			}
		}},
		{"empty 204", 204, "", "", func(t *testing.T, r *mcp.CallToolResult) {
			if !strings.Contains(resultText(r), `"status":204`) {
				t.Errorf("text = %s", resultText(r))
			}
		}},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.respond("GET", "/users", tt.status, tt.contentType, tt.body)
			res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_list", "project_id": "p1"})
			if res.IsError {
				t.Fatalf("isError: %s", resultText(res))
			}
			tt.check(t, res)
			h.onlyRequest(t, "GET", "/users")
		})
	}
}

func TestOversizedResultIsBounded(t *testing.T) {
	const limit = 16 << 10
	h := newHarness(t, withOptions(func(o *Options) { o.MaxResultBytes = limit }))
	h.respond("GET", "/tablesdb/d/tables/t/rows", 200, "application/json", testutil.RowsJSON(2000))
	res := h.call(t, ToolCallTool, map[string]any{"tool_name": "tables_db_list_rows", "project_id": "p", "arguments": map[string]any{"database_id": "d", "table_id": "t"}})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	total := 0
	for _, c := range res.Content {
		total += len(c.(*mcp.TextContent).Text)
	}
	if total > limit {
		t.Errorf("result text %d bytes > %d", total, limit)
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

// echoTransport answers every upstream request with a failure that quotes
// the request's Authorization header, like a proxy error page would.
type echoTransport struct{}

func (echoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return nil, errors.New("proxy refused request with Authorization: " + r.Header.Get("Authorization"))
}

// TestResultsNeverCarryToken: an upstream answer that quotes the caller's
// bearer token (an error page echoing request headers) reaches the model
// with the token masked, in the text and in structuredContent.
func TestResultsNeverCarryToken(t *testing.T) {
	echo := func(status int, contentType string, wrap func(string) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, wrap("request had Authorization: "+r.Header.Get("Authorization")))
		}
	}
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		transport http.RoundTripper
	}{
		{"upstream error", echo(400, "application/json", func(s string) string {
			return `{"message":"` + s + `","code":400,"type":"general_argument_invalid"}`
		}), nil},
		{"success body", echo(200, "application/json", func(s string) string { return `{"echo":"` + s + `"}` }), nil},
		{"text body", echo(200, "text/plain", func(s string) string { return s }), nil},
		{"transport error", nil, echoTransport{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hopts []harnessOption
			if tt.transport != nil {
				hopts = append(hopts, withTransport(tt.transport))
			}
			h := newHarness(t, hopts...)
			if tt.handler != nil {
				h.fake.HandleREST("GET", "/locale", tt.handler)
			}
			res := h.call(t, ToolCallTool, map[string]any{"tool_name": "locale_get"})
			if text := resultText(res); strings.Contains(text, h.token) || strings.Contains(structured(res), h.token) {
				t.Fatalf("token reached the result:\n%s\n%s", text, structured(res))
			}
			if !strings.Contains(resultText(res)+structured(res), "[REDACTED]") {
				t.Fatalf("echo not in the result at all (test is vacuous): %s", resultText(res))
			}
		})
	}
}

// panicTransport panics on the first request for path, with a value that
// quotes the request's Authorization header; others pass to the real one.
type panicTransport struct {
	path string
	once sync.Once
}

func (p *panicTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, p.path) {
		fire := false
		p.once.Do(func() { fire = true })
		if fire {
			panic(fmt.Errorf("kaboom: request with Authorization: %s", r.Header.Get("Authorization")))
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestHandlerPanicRecovered: a panic below a handler (here in the upstream
// transport, the deepest point a call reaches in-process) becomes an
// isError result and one log line with the stack and without the token,
// and the server keeps serving.
func TestHandlerPanicRecovered(t *testing.T) {
	obs := &recordingObserver{}
	h := newHarness(t, withTransport(&panicTransport{path: "/users/u"}), withOptions(func(o *Options) { o.Observer = obs }))
	res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}})
	if !res.IsError || !strings.Contains(resultText(res), "Internal error") || strings.Contains(resultText(res), h.token) {
		t.Fatalf("result = %s", resultText(res))
	}
	out := h.logs.String()
	for _, w := range []string{"tool handler panic", "kaboom", "[REDACTED]", "goroutine"} {
		if !strings.Contains(out, w) {
			t.Errorf("log lacks %q: %s", w, out)
		}
	}
	if strings.Contains(out, h.token) {
		t.Errorf("token in logs")
	}
	if got := obs.last(); got != (observed{ToolCallTool, OutcomeToolError}) {
		t.Errorf("observer = %+v", got)
	}
	// The server keeps serving, the same call included.
	if res := h.call(t, ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}}); res.IsError {
		t.Errorf("after panic: %s", resultText(res))
	}
}

type observed struct{ tool, outcome string }

type recordingObserver struct {
	mu    sync.Mutex
	calls []observed
}

func (o *recordingObserver) ToolCall(tool, outcome string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, observed{tool, outcome})
}

func (o *recordingObserver) last() observed {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.calls) == 0 {
		return observed{}
	}
	return o.calls[len(o.calls)-1]
}

func TestObserverOutcomes(t *testing.T) {
	obs := &recordingObserver{}
	h := newHarness(t, withOptions(func(o *Options) { o.Observer = obs }))
	h.fake.HandleREST("GET", "/users/missing", func(w http.ResponseWriter, _ *http.Request) {
		fakeappwrite.WriteAppwriteError(w, 404, "user_not_found", "no such user")
	})
	tests := []struct {
		tool string
		args map[string]any
		want observed
	}{
		{ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "u"}}, observed{"users_get", OutcomeOK}},
		{ToolCallTool, map[string]any{"tool_name": "users_delete", "project_id": "p", "arguments": map[string]any{"user_id": "u"}}, observed{"users_delete", OutcomeRefused}},
		{ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": 1}}, observed{"users_get", OutcomeToolError}},
		{ToolCallTool, map[string]any{"tool_name": "users_get", "project_id": "p", "arguments": map[string]any{"user_id": "missing"}}, observed{"users_get", OutcomeUpstreamError}},
		{ToolCallTool, map[string]any{"tool_name": "nosuch_tool"}, observed{ToolCallTool, OutcomeToolError}},
		{ToolSearchTools, map[string]any{"query": "list users"}, observed{ToolSearchTools, OutcomeOK}},
		{ToolGetContext, map[string]any{}, observed{ToolGetContext, OutcomeOK}},
	}
	for _, tt := range tests {
		h.call(t, tt.tool, tt.args)
		if got := obs.last(); got != tt.want {
			t.Errorf("%s %v: observer = %+v, want %+v", tt.tool, tt.args, got, tt.want)
		}
	}
}
