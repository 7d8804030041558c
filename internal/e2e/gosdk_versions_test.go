package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// TestGoSDKClientAtBothVersions connects the go-sdk client requesting each
// protocol version (initialize at 2025-11-25, server/discover at
// 2026-07-28) and checks the negotiated version, the declared
// capabilities, a listing, a search call, the refusal of an undeclared
// capability's method and the caching hints of the listing.
func TestGoSDKClientAtBothVersions(t *testing.T) {
	s := newStack(t)
	token := s.Token(t)
	for _, version := range protocolVersions {
		t.Run(version, func(t *testing.T) {
			ctx := context.Background()
			client := mcp.NewClient(&mcp.Implementation{Name: "versions-test", Version: "1"}, nil)
			cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: s.MCPURL, HTTPClient: stack.BearerClient(token)},
				&mcp.ClientSessionOptions{ProtocolVersion: version})
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer cs.Close()
			init := cs.InitializeResult()
			if init.ProtocolVersion != version {
				t.Errorf("negotiated %s, want %s", init.ProtocolVersion, version)
			}
			var caps map[string]json.RawMessage
			if b, err := json.Marshal(init.Capabilities); err != nil || json.Unmarshal(b, &caps) != nil {
				t.Fatalf("capabilities: %v", err)
			}
			if got := slices.Sorted(maps.Keys(caps)); !slices.Equal(got, []string{"tools"}) {
				t.Errorf("capabilities = %v, want tools only", got)
			}
			list, err := cs.ListTools(ctx, nil)
			if err != nil {
				t.Fatalf("tools/list: %v", err)
			}
			var names []string
			for _, tool := range list.Tools {
				names = append(names, tool.Name)
			}
			if want := []string{"appwrite_call_tool", "appwrite_get_context", "appwrite_search_tools"}; !slices.Equal(slices.Sorted(slices.Values(names)), want) {
				t.Errorf("tools = %v, want %v", names, want)
			}
			if list.CacheScope != "private" || list.TTLMs != 0 {
				t.Errorf("tools/list caching hints: scope %q, ttl %d ms; want private, 0", list.CacheScope, list.TTLMs)
			}
			if res := stack.Call(t, cs, "appwrite_search_tools", map[string]any{"query": "list rows in a table"}); res.IsError {
				t.Errorf("search: %s", stack.Text(res))
			}
			var werr *jsonrpc.Error
			if _, err := cs.ListPrompts(ctx, nil); !errors.As(err, &werr) || werr.Code != jsonrpc.CodeMethodNotFound {
				t.Errorf("prompts/list: %v, want method not found", err)
			}
		})
	}
}
