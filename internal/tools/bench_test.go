package tools

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// BenchmarkSearchToolsHandler includes argument parsing and the JSON
// result: one appwrite_search_tools call as the handler serves it.
// Run: go test -run '^$' -bench SearchToolsHandler -benchmem ./internal/tools
func BenchmarkSearchToolsHandler(b *testing.B) {
	s, err := newService(Options{Catalog: testCatalog(b), Factory: appwrite.NewFactory(appwrite.Options{Endpoint: "http://127.0.0.1:1/v1"})})
	if err != nil {
		b.Fatal(err)
	}
	req := &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolSearchTools, Arguments: json.RawMessage(`{"query":"list rows in a table","argument_hints":{"databaseId":"main"}}`)}}
	b.ReportAllocs()
	for b.Loop() {
		res, info := s.handleSearch(context.Background(), req)
		if res.IsError || info.outcome != OutcomeOK {
			b.Fatal("search failed")
		}
	}
}

// BenchmarkNewServerFull is the one-time cost of building the shared server
// with every catalog tool listed (MCP_TOOL_SURFACE=full).
func BenchmarkNewServerFull(b *testing.B) {
	o := Options{Catalog: testCatalog(b), Factory: appwrite.NewFactory(appwrite.Options{Endpoint: "http://127.0.0.1:1/v1"}), Surface: config.SurfaceFull}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewServer(o); err != nil {
			b.Fatal(err)
		}
	}
}
