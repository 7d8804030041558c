package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// startSandbox runs the sandbox on free ports and returns the URL and
// token it printed. The sandbox stops when the test ends.
func startSandbox(t *testing.T) (mcpURL, token string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, nil, func(string) string { return "" }, pw, &testutil.LogBuffer{})
		_ = pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("sandbox exit code %d, want 0 after a clean stop", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("sandbox did not stop")
		}
	})
	lines := bufio.NewScanner(pr)
	for lines.Scan() && (mcpURL == "" || token == "") {
		if v, ok := strings.CutPrefix(lines.Text(), "MCP_URL="); ok {
			mcpURL = v
		}
		if v, ok := strings.CutPrefix(lines.Text(), "MCP_TOKEN="); ok {
			token = v
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if mcpURL == "" || token == "" {
		t.Fatalf("sandbox printed no MCP_URL/MCP_TOKEN (url %q)", mcpURL)
	}
	return mcpURL, token
}

// TestSandboxServesTheSeededAccount connects the way the printed lines
// say, reads the seeded account and changes the fake's state: a created
// row is listed again.
func TestSandboxServesTheSeededAccount(t *testing.T) {
	mcpURL, token := startSandbox(t)
	if !strings.HasPrefix(mcpURL, "http://127.0.0.1:") || !strings.HasSuffix(mcpURL, "/mcp") {
		t.Fatalf("MCP_URL = %q", mcpURL)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "sandbox-test", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: mcpURL, HTTPClient: stack.BearerClient(token)}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer func() { _ = cs.Close() }()

	ctxText := stack.Text(stack.Call(t, cs, "appwrite_get_context", map[string]any{}))
	for _, want := range []string{"shop", "blog", "org-one"} {
		if !strings.Contains(ctxText, want) {
			t.Errorf("context does not name %q: %s", want, ctxText)
		}
	}
	call := func(tool string, args map[string]any, confirm bool) *mcp.CallToolResult {
		return stack.Call(t, cs, "appwrite_call_tool", map[string]any{
			"tool_name": tool, "project_id": "shop", "arguments": args, "confirm_write": confirm,
		})
	}
	rows := map[string]any{"database_id": "main", "table_id": "orders"}
	created := call("tables_db_create_row", map[string]any{
		"database_id": "main", "table_id": "orders", "row_id": "sandbox-test-row",
		"data": map[string]any{"customer": "Grace", "total": 42},
	}, true)
	if created.IsError {
		t.Fatalf("create row: %s", stack.Text(created))
	}
	listed := call("tables_db_list_rows", rows, false)
	var page struct {
		Total int `json:"total"`
		Rows  []struct {
			ID string `json:"$id"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(stack.Text(listed)), &page); err != nil {
		t.Fatalf("list rows: %v: %s", err, stack.Text(listed))
	}
	found := false
	for _, r := range page.Rows {
		found = found || r.ID == "sandbox-test-row"
	}
	if !found || page.Total != 4 {
		t.Errorf("after create: total %d rows %+v, want the seeded 3 plus sandbox-test-row", page.Total, page.Rows)
	}
}

func TestSandboxFlags(t *testing.T) {
	errs := &testutil.LogBuffer{}
	if code := run(context.Background(), []string{"-port", "x"}, func(string) string { return "" }, io.Discard, errs); code != 2 {
		t.Errorf("bad -port: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"-h"}, func(string) string { return "" }, io.Discard, errs); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
}
