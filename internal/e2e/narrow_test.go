package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// connectWith connects to st with token and the narrowing headers h.
func connectWith(t *testing.T, st *stack.Stack, token string, h map[string]string) (*mcp.ClientSession, error) {
	t.Helper()
	hc := stack.BearerClient(token)
	extra := http.Header{}
	for k, v := range h {
		extra.Set(k, v)
	}
	hc.Transport = testutil.HeaderTransport{Base: hc.Transport, Header: extra}
	client := mcp.NewClient(&mcp.Implementation{Name: "narrow-test", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: st.MCPURL, HTTPClient: hc}, nil)
	if err == nil {
		t.Cleanup(func() { _ = cs.Close() })
	}
	return cs, err
}

func listedNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	var names []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		names = append(names, tool.Name)
	}
	return names
}

func countPrefix(names []string, prefix string) int {
	n := 0
	for _, name := range names {
		if strings.HasPrefix(name, prefix) {
			n++
		}
	}
	return n
}

// TestNarrowingByServices: the named services' tools are listed directly,
// callable, and the only ones search and appwrite_call_tool reach.
func TestNarrowingByServices(t *testing.T) {
	for _, surface := range []string{"operator", "full"} {
		t.Run(surface, func(t *testing.T) {
			st := stack.Start(t, stack.Options{Env: map[string]string{"MCP_TOOL_SURFACE": surface}})
			cs, err := connectWith(t, st, st.Token(t), map[string]string{"X-Appwrite-MCP-Services": "tables_db, storage"})
			if err != nil {
				t.Fatal(err)
			}
			names := listedNames(t, cs)
			if countPrefix(names, "tables_db_") < 50 || countPrefix(names, "storage_") < 10 || countPrefix(names, "users_") != 0 ||
				countPrefix(names, "appwrite_") != 3 {
				t.Fatalf("listed %d tools: tables_db %d, storage %d, users %d, operator %d", len(names),
					countPrefix(names, "tables_db_"), countPrefix(names, "storage_"), countPrefix(names, "users_"), countPrefix(names, "appwrite_"))
			}
			st.Fake.ResetRequests()
			res := stack.Call(t, cs, "tables_db_list_rows", map[string]any{"database_id": "main", "table_id": "orders", "project_id": "p1"})
			if res.IsError || len(st.Fake.Requests()) != 1 || st.Fake.Requests()[0].Header.Get("X-Appwrite-Project") != "p1" {
				t.Fatalf("direct call of a listed tool: %s, %d requests", stack.Text(res), len(st.Fake.Requests()))
			}
			st.Fake.ResetRequests()
			res = stack.Call(t, cs, "appwrite_call_tool", map[string]any{"tool_name": "users_list", "project_id": "p1"})
			if !res.IsError || len(st.Fake.Requests()) != 0 {
				t.Errorf("users_list outside the narrowing: isError %v, %d requests sent", res.IsError, len(st.Fake.Requests()))
			}
			found := stack.Text(stack.Call(t, cs, "appwrite_search_tools", map[string]any{"query": "list the users of my project"}))
			if strings.Contains(found, `"users_`) {
				t.Errorf("search reached a service outside the narrowing: %.300s", found)
			}
		})
	}
}

// TestNarrowingReadOnly: the header makes a connection read-only; it
// never makes a read-only server writable.
func TestNarrowingReadOnly(t *testing.T) {
	write := map[string]any{
		"tool_name": "users_create", "project_id": "p1", "confirm_write": true,
		"arguments": map[string]any{"user_id": "u1", "email": "a@example.com"},
	}
	tests := []struct {
		name, serverRO, header string
		wantRefused            bool
	}{
		{"header makes it read-only", "false", "true", true},
		{"header false on a writable server", "false", "false", false},
		{"header false cannot widen a read-only server", "true", "false", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := stack.Start(t, stack.Options{Env: map[string]string{"MCP_READ_ONLY": tc.serverRO, "MCP_WRITE_CONFIRMATION": "flag"}})
			cs, err := connectWith(t, st, st.Token(t), map[string]string{"X-Appwrite-MCP-Read-Only": tc.header})
			if err != nil {
				t.Fatal(err)
			}
			st.Fake.ResetRequests()
			res := stack.Call(t, cs, "appwrite_call_tool", write)
			sent := len(st.Fake.Requests())
			if tc.wantRefused && (!res.IsError || sent != 0 || !strings.Contains(stack.Text(res), "read-only")) {
				t.Errorf("write not refused: isError %v, %d sent: %.200s", res.IsError, sent, stack.Text(res))
			}
			if !tc.wantRefused && (res.IsError || sent != 1) {
				t.Errorf("write refused: %d sent: %.200s", sent, stack.Text(res))
			}
		})
	}
}

// TestNarrowingRefusesBadHeaders: a header that names what the server
// does not offer, or says it ambiguously, is a 400 before any MCP work.
func TestNarrowingRefusesBadHeaders(t *testing.T) {
	st := stack.Start(t, stack.Options{Env: map[string]string{"EXCLUDED_SERVICES": "users"}})
	token := st.Token(t)
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`
	tests := []struct {
		name   string
		header http.Header
		want   string
	}{
		{"unknown service", http.Header{"X-Appwrite-Mcp-Services": {"tables_db,nosuch"}}, "nosuch"},
		{"service the server excludes", http.Header{"X-Appwrite-Mcp-Services": {"users"}}, "users"},
		{"repeated services", http.Header{"X-Appwrite-Mcp-Services": {"storage", "users"}}, "repeated"},
		{"no service named", http.Header{"X-Appwrite-Mcp-Services": {" , "}}, "names no service"},
		{"read-only not a boolean", http.Header{"X-Appwrite-Mcp-Read-Only": {"yes"}}, "true or false"},
		{"repeated read-only", http.Header{"X-Appwrite-Mcp-Read-Only": {"true", "false"}}, "repeated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.header.Set("Authorization", "Bearer "+token)
			resp, got := testutil.PostMCP(t, st.MCPURL, body, tc.header)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(got), tc.want) {
				t.Errorf("status %d, body %.300s; want 400 naming %q", resp.StatusCode, got, tc.want)
			}
		})
	}
}
