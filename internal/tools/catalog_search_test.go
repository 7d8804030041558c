package tools

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

func realCatalog(tb testing.TB) []*catalog.Tool {
	tb.Helper()
	c, err := catalog.New(nil)
	if err != nil {
		tb.Fatalf("catalog: %v", err)
	}
	return c.Tools()
}

// TestSearchRealCatalog pins the first match for typical requests over the
// whole generated catalog.
func TestSearchRealCatalog(t *testing.T) {
	ix := newSearchIndex(realCatalog(t))
	tests := []struct {
		query string
		hints []string
		first string
	}{
		{"list rows in a table", nil, "tables_db_list_rows"},
		{"list documents in a collection", nil, "tables_db_list_rows"},
		{"create a new user", nil, "users_create"},
		{"delete a row", nil, "tables_db_delete_row"},
		{"upload a file to a bucket", nil, "storage_create_file"},
		{"list users", nil, "users_list"},
		{"get user by id", nil, "users_get"},
		{"list buckets", nil, "storage_list_buckets"},
		{"list functions", nil, "functions_list"},
		{"execute a function", nil, "functions_create_execution"},
		{"send an email", nil, "messaging_create_email"},
		{"list teams", nil, "teams_list"},
		{"create database", nil, "tables_db_create"},
		{"list deployments of a site", nil, "sites_list_deployments"},
		{"file preview image", nil, "storage_get_file_preview"},
		{"get current account", nil, "account_get"},
		{"list", []string{"users"}, "users_list"},
		{"get a transaction", nil, "tables_db_get_transaction"},
		{"restore a backup", nil, "backups_create_restoration"},
		{"deploy my site", nil, "sites_create_deployment"},
		{"update user password", nil, "users_update_password"},
	}
	for _, tt := range tests {
		res := ix.search(searchRequest{Query: tt.query, ServiceHints: tt.hints, Limit: 8})
		var got []string
		for _, m := range res.Matches {
			got = append(got, m.Name)
		}
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("search(%q) = %v, want first %s", tt.query, got, tt.first)
		}
	}
}

// BenchmarkSearchTools measures one appwrite_search_tools ranking over the
// full generated catalog:
//
//	go test -run '^$' -bench SearchTools -benchmem ./internal/tools/
func BenchmarkSearchTools(b *testing.B) {
	ix := newSearchIndex(realCatalog(b))
	reqs := []searchRequest{
		{Query: "list rows in a table", Limit: 8},
		{Query: "create a new user with email", Limit: 8},
		{Query: "upload file", Limit: 8, ServiceHints: []string{"storage"}, ArgumentHints: map[string]any{"bucketId": "b"}},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := ix.search(reqs[i%len(reqs)])
		if len(res.Matches) == 0 {
			b.Fatal("no matches")
		}
	}
}

// BenchmarkSearchToolsHandler includes argument parsing and the JSON
// result: one appwrite_search_tools call as the handler serves it.
func BenchmarkSearchToolsHandler(b *testing.B) {
	s, err := newService(Options{Tools: realCatalog(b), Backend: &fakeBackend{}})
	if err != nil {
		b.Fatal(err)
	}
	req := &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolSearchTools, Arguments: json.RawMessage(`{"query":"list rows in a table","argument_hints":{"databaseId":"main"}}`)}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.handleSearch(context.Background(), req)
		if err != nil || res.IsError {
			b.Fatal("search failed")
		}
	}
}

// BenchmarkNewServerFull is the one-time cost of building the shared server
// with every catalog tool listed (MCP_TOOL_SURFACE=full).
func BenchmarkNewServerFull(b *testing.B) {
	tools := realCatalog(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := NewServer(Options{Tools: tools, Backend: &fakeBackend{}, Surface: SurfaceFull}); err != nil {
			b.Fatal(err)
		}
	}
}
