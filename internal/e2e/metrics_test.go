package e2e

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// TestMetricsMoveWithRealCalls scrapes /metrics after real requests
// through the whole server and checks every series the operator docs name
// moved, with bounded labels only (route patterns, catalog names, fixed
// words; never an id, a URL or a token).
func TestMetricsMoveWithRealCalls(t *testing.T) {
	m := metrics.New(buildinfo.Info{Version: "test"})
	st := stack.Start(t, stack.Options{Metrics: m})
	token := st.Token(t)
	cs := st.Connect(t, token)
	if res := stack.Call(t, cs, "appwrite_call_tool", map[string]any{"tool_name": "users_list", "project_id": "p1"}); res.IsError {
		t.Fatalf("users_list: %s", stack.Text(res))
	}
	stack.Call(t, cs, "appwrite_search_tools", map[string]any{"query": "list users"})
	if resp, _ := post(t, st.MCPURL, ""); resp.StatusCode != 401 {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	ms := httptest.NewServer(m.Handler())
	defer ms.Close()
	_, body := testutil.Get(t, ms.URL)
	for _, want := range []string{
		`appwrite_mcp_http_requests_total{code="200",route="/mcp"}`,
		`appwrite_mcp_http_requests_total{code="401",route="/mcp"}`,
		`appwrite_mcp_http_request_duration_seconds_count{route="/mcp"}`,
		`appwrite_mcp_auth_rejections_total{reason="no_token"} 1`,
		`appwrite_mcp_tool_calls_total{outcome="ok",tool="users_list"} 1`,
		`appwrite_mcp_tool_calls_total{outcome="ok",tool="appwrite_search_tools"} 1`,
		`appwrite_mcp_tool_call_duration_seconds_count{tool="users_list"} 1`,
		`appwrite_mcp_upstream_requests_total{code="200"}`,
		`appwrite_mcp_upstream_request_duration_seconds_count`,
		`appwrite_mcp_jwks_refreshes_total{result="ok"}`,
		`appwrite_mcp_build_info{`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in the scrape", want)
		}
	}
	if strings.Contains(body, token) || strings.Contains(body, "p1") {
		t.Errorf("a token or a project id is a label value")
	}
}

// TestOneLogLinePerRequest: at info level every line the server writes
// for MCP traffic is the one request line per HTTP request; go-sdk's
// per-session chatter ("server session connected") is dropped.
func TestOneLogLinePerRequest(t *testing.T) {
	st := stack.Start(t, stack.Options{})
	cs := st.Connect(t, st.Token(t))
	stack.Call(t, cs, "appwrite_search_tools", map[string]any{"query": "list users"})
	_ = cs.Close()
	// A request's line is written just after its answer: wait (bounded)
	// for the connect's and the call's lines.
	waitFor(t, "two request lines", func() bool { return strings.Count(st.Logs.String(), `"msg":"request"`) >= 2 })
	for _, line := range strings.Split(strings.TrimSpace(st.Logs.String()), "\n") {
		if !strings.Contains(line, `"msg":"request"`) && strings.Contains(line, "session") {
			t.Errorf("a per-session line reached the log: %s", line)
		}
	}
}
