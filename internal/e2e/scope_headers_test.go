package e2e

import (
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// TestEveryToolReachesAppwriteInItsContext calls every catalog tool the
// server offers through appwrite_call_tool, always passing a project_id,
// and checks the headers that reached the fake: console tools go to the
// console (X-Appwrite-Project: console, no admin mode) whatever project the
// model named, project and either tools go into the named project in admin
// mode. The verb and path are pinned by the catalog's contract test.
func TestEveryToolReachesAppwriteInItsContext(t *testing.T) {
	// One user calls every tool: more than the default per-user rate.
	st := stack.Start(t, stack.Options{Env: map[string]string{"MCP_RATE_LIMIT_PER_MINUTE": "0"}})
	cs := st.Connect(t, st.Token(t))
	cat, err := catalog.New(catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const project = "p1"
	for _, tool := range cat.Tools() {
		st.Fake.ResetRequests()
		res := stack.Call(t, cs, "appwrite_call_tool", map[string]any{
			"tool_name": tool.Name, "arguments": tool.SampleArgs(), "project_id": project, "confirm_write": true,
		})
		reqs := st.Fake.Requests()
		if res.IsError || len(reqs) != 1 {
			t.Errorf("%s: isError %v, %d upstream requests: %.200s", tool.Name, res.IsError, len(reqs), stack.Text(res))
			continue
		}
		got, mode := reqs[0].Header.Get("X-Appwrite-Project"), reqs[0].Header.Get("X-Appwrite-Mode")
		want, wantMode := project, "admin"
		if tool.Scope == catalog.ScopeConsole {
			want, wantMode = fakeappwrite.DefaultProject, ""
		}
		if got != want || mode != wantMode || reqs[0].Method != tool.HTTPMethod {
			t.Errorf("%s (%s): %s with X-Appwrite-Project %q, X-Appwrite-Mode %q; want %s with %q, %q",
				tool.Name, tool.Scope, reqs[0].Method, got, mode, tool.HTTPMethod, want, wantMode)
		}
	}
}
