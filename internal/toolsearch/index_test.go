package toolsearch_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

// testTools is a small hand-built catalog.
func testTools() []*catalog.Tool {
	str := func(name, wire string, req bool, in catalog.Location) catalog.Param {
		return catalog.Param{Name: name, Wire: wire, Type: catalog.TypeString, Required: req, In: in, Description: name}
	}
	queries := catalog.Param{Name: "queries", Wire: "queries", In: catalog.InQuery, Type: catalog.TypeArray, Items: catalog.TypeString, Description: "Appwrite queries"}
	tool := func(name, service, method, path string, class catalog.Class, scope catalog.Scope, desc string, params ...catalog.Param) *catalog.Tool {
		return &catalog.Tool{
			Name: name, Service: service, Description: desc, HTTPMethod: method, Path: path,
			Class: class, Scope: scope, Params: params,
		}
	}
	dep := tool("databases_list_documents", "databases", "GET", "/databases/{databaseId}/collections/{collectionId}/documents",
		catalog.Read, catalog.ScopeProject, "Deprecated: use tables_db_list_rows. Get a list of all the user's documents in a given collection.",
		str("database_id", "databaseId", true, catalog.InPath), str("collection_id", "collectionId", true, catalog.InPath), queries)
	dep.Deprecated, dep.ReplacedBy = true, "tables_db_list_rows"
	return []*catalog.Tool{
		tool("account_get", "account", "GET", "/account", catalog.Read, catalog.ScopeConsole, "Get the currently logged in user."),
		dep,
		tool("health_get", "health", "GET", "/health", catalog.Read, catalog.ScopeProject, "Check the Appwrite HTTP server is up and responsive."),
		tool("storage_get_file_preview", "storage", "GET", "/storage/buckets/{bucketId}/files/{fileId}/preview", catalog.Read, catalog.ScopeProject,
			"Get a file preview image.", str("bucket_id", "bucketId", true, catalog.InPath), str("file_id", "fileId", true, catalog.InPath),
			catalog.Param{Name: "width", Wire: "width", In: catalog.InQuery, Type: catalog.TypeInteger}),
		tool("tables_db_create_row", "tables_db", "POST", "/tablesdb/{databaseId}/tables/{tableId}/rows", catalog.Write, catalog.ScopeProject,
			"Create a new Row.", str("database_id", "databaseId", true, catalog.InPath), str("table_id", "tableId", true, catalog.InPath),
			str("row_id", "rowId", true, catalog.InBody), catalog.Param{Name: "data", Wire: "data", In: catalog.InBody, Type: catalog.TypeObject, Required: true}),
		tool("tables_db_list_rows", "tables_db", "GET", "/tablesdb/{databaseId}/tables/{tableId}/rows", catalog.Read, catalog.ScopeProject,
			"Get a list of all the user's rows in a given table.", str("database_id", "databaseId", true, catalog.InPath), str("table_id", "tableId", true, catalog.InPath), queries),
		tool("users_create", "users", "POST", "/users", catalog.Write, catalog.ScopeProject, "Create a new user.",
			str("user_id", "userId", true, catalog.InBody), str("email", "email", false, catalog.InBody), str("name", "name", false, catalog.InBody)),
		tool("users_delete", "users", "DELETE", "/users/{userId}", catalog.Destructive, catalog.ScopeProject, "Delete a user by its unique ID.",
			str("user_id", "userId", true, catalog.InPath)),
		tool("users_get", "users", "GET", "/users/{userId}", catalog.Read, catalog.ScopeProject, "Get a user by its unique ID.",
			str("user_id", "userId", true, catalog.InPath)),
		tool("users_list", "users", "GET", "/users", catalog.Read, catalog.ScopeProject, "Get a list of all the project's users.",
			queries, str("search", "search", false, catalog.InQuery)),
	}
}

func realCatalog(tb testing.TB) []*catalog.Tool {
	tb.Helper()
	c, err := catalog.New(catalog.Options{})
	if err != nil {
		tb.Fatalf("catalog: %v", err)
	}
	return c.Tools()
}

func names(ms []toolsearch.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

func boolp(b bool) *bool { return &b }

func TestSearchRanking(t *testing.T) {
	ix := toolsearch.NewIndex(testTools())
	tests := []struct {
		name      string
		req       toolsearch.Request
		first     string
		contains  []string
		excludes  []string
		before    [2]string // before[0] ranks above before[1] when both set
		mutating  bool
		hiddenMut *bool
	}{
		{name: "list rows", req: toolsearch.Request{Query: "list rows in a table"}, first: "tables_db_list_rows"},
		{
			name: "documents maps to replacement first", req: toolsearch.Request{Query: "list documents in collection"},
			contains: []string{"tables_db_list_rows", "databases_list_documents"}, before: [2]string{"tables_db_list_rows", "databases_list_documents"},
		},
		{name: "get user", req: toolsearch.Request{Query: "get a user by id"}, first: "users_get"},
		{name: "read query hides writes", req: toolsearch.Request{Query: "users"}, excludes: []string{"users_create", "users_delete"}, hiddenMut: boolp(true)},
		{name: "change query includes writes", req: toolsearch.Request{Query: "create a new user"}, first: "users_create", mutating: true},
		{name: "delete query", req: toolsearch.Request{Query: "remove user"}, first: "users_delete", mutating: true},
		{name: "explicit include_mutating false", req: toolsearch.Request{Query: "create user", IncludeMutating: boolp(false)}, excludes: []string{"users_create"}, hiddenMut: boolp(true)},
		{name: "explicit include_mutating true", req: toolsearch.Request{Query: "users", IncludeMutating: boolp(true)}, contains: []string{"users_create", "users_delete"}, mutating: true},
		{name: "read-only hides even when asked", req: toolsearch.Request{Query: "create user", IncludeMutating: boolp(true), ReadOnly: true}, excludes: []string{"users_create", "users_delete"}, hiddenMut: boolp(false)},
		{name: "service hint", req: toolsearch.Request{Query: "get list", ServiceHints: []string{"tablesdb"}}, first: "tables_db_list_rows"},
		{name: "argument hints favour satisfied tools", req: toolsearch.Request{Query: "get", ArgumentHints: map[string]any{"bucketId": "b", "fileId": "f"}}, first: "storage_get_file_preview"},
		{name: "preview image", req: toolsearch.Request{Query: "file preview image"}, first: "storage_get_file_preview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.Limit == 0 {
				tt.req.Limit = 8
			}
			res := ix.Search(tt.req)
			got := names(res.Matches)
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Fatalf("first = %v, want %s", got, tt.first)
			}
			for _, c := range tt.contains {
				if !slices.Contains(got, c) {
					t.Errorf("missing %s in %v", c, got)
				}
			}
			for _, c := range tt.excludes {
				if slices.Contains(got, c) {
					t.Errorf("unexpected %s in %v", c, got)
				}
			}
			if tt.before[0] != "" && slices.Index(got, tt.before[0]) > slices.Index(got, tt.before[1]) {
				t.Errorf("%s should rank above %s: %v", tt.before[0], tt.before[1], got)
			}
			if res.IncludeMutating != tt.mutating {
				t.Errorf("include_mutating = %v, want %v", res.IncludeMutating, tt.mutating)
			}
			if tt.hiddenMut != nil && (res.HiddenMutating > 0) != *tt.hiddenMut {
				t.Errorf("hidden_mutating = %d, want >0: %v", res.HiddenMutating, *tt.hiddenMut)
			}
		})
	}
}

func TestSearchDetails(t *testing.T) {
	ix := toolsearch.NewIndex(testTools())
	res := ix.Search(toolsearch.Request{Query: "create row", Limit: 8, ArgumentHints: map[string]any{"databaseId": "d"}})
	if len(res.Matches) == 0 || res.Matches[0].Name != "tables_db_create_row" {
		t.Fatalf("matches = %v", names(res.Matches))
	}
	m := res.Matches[0]
	if m.Class != catalog.Write || m.Context != catalog.ScopeProject || m.Service != "tables_db" {
		t.Errorf("match = %+v", m)
	}
	if want := []string{"database_id", "table_id", "row_id", "data"}; !slices.Equal(m.Required, want) {
		t.Errorf("required = %v, want %v", m.Required, want)
	}
	if want := []string{"table_id", "row_id", "data"}; !slices.Equal(m.Missing, want) {
		t.Errorf("missing = %v, want %v", m.Missing, want)
	}
	if !slices.Contains(m.Params, "data: object (required)") {
		t.Errorf("params = %v", m.Params)
	}
	if len(m.ParamDocs) == 0 {
		t.Errorf("first match has no param_docs")
	}
	for _, other := range res.Matches[1:] {
		if len(other.ParamDocs) != 0 {
			t.Errorf("%s: param_docs beyond the first match", other.Name)
		}
	}
}

func TestSearchDeprecatedNamesReplacement(t *testing.T) {
	ix := toolsearch.NewIndex(testTools())
	res := ix.Search(toolsearch.Request{Query: "list documents in collection", Limit: 8})
	for _, m := range res.Matches {
		if m.Name == "databases_list_documents" && (!m.Deprecated || m.ReplacedBy != "tables_db_list_rows") {
			t.Errorf("deprecated match = %+v", m)
		}
	}
}

func TestSearchLimitAndDeterminism(t *testing.T) {
	ix := toolsearch.NewIndex(testTools())
	req := toolsearch.Request{Query: "get list user row file table", Limit: 3, IncludeMutating: boolp(true)}
	first := ix.Search(req)
	if len(first.Matches) != 3 {
		t.Fatalf("limit 3 gave %d", len(first.Matches))
	}
	for i := 0; i < 20; i++ {
		again := ix.Search(req)
		if !slices.Equal(names(again.Matches), names(first.Matches)) {
			t.Fatalf("order changed: %v vs %v", names(again.Matches), names(first.Matches))
		}
	}
	// A second index of the same tools ranks the same.
	if other := toolsearch.NewIndex(testTools()).Search(req); !slices.Equal(names(other.Matches), names(first.Matches)) {
		t.Fatalf("another index ranks differently: %v vs %v", names(other.Matches), names(first.Matches))
	}
}

func TestSearchNoMatch(t *testing.T) {
	ix := toolsearch.NewIndex(testTools())
	res := ix.Search(toolsearch.Request{Query: "zzqx frobnicate", Limit: 8})
	if len(res.Matches) != 0 {
		t.Fatalf("matches = %v", names(res.Matches))
	}
	if !strings.Contains(res.Note, "No tool matched") || !strings.Contains(res.Note, "tables_db") {
		t.Errorf("note = %q", res.Note)
	}
	res = ix.Search(toolsearch.Request{Query: "users", Limit: 8, ServiceHints: []string{"nosuch"}})
	if !slices.Equal(res.UnknownServiceHints, []string{"nosuch"}) {
		t.Errorf("unknown hints = %v", res.UnknownServiceHints)
	}
}

// TestSearchRealCatalog pins the first match for typical requests over the
// whole generated catalog.
func TestSearchRealCatalog(t *testing.T) {
	ix := toolsearch.NewIndex(realCatalog(t))
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
		{"deploy my site", nil, "sites_create_deployment sites_create_vcs_deployment"}, // from code or from the connected repo
		{"update user password", nil, "users_update_password"},
	}
	for _, tt := range tests {
		res := ix.Search(toolsearch.Request{Query: tt.query, ServiceHints: tt.hints, Limit: 8})
		if got := names(res.Matches); len(got) == 0 || !slices.Contains(strings.Fields(tt.first), got[0]) {
			t.Errorf("search(%q) = %v, want first one of %s", tt.query, got, tt.first)
		}
	}
}

// BenchmarkSearchTools measures one ranking over the full generated
// catalog: go test -run '^$' -bench SearchTools -benchmem ./internal/toolsearch
func BenchmarkSearchTools(b *testing.B) {
	ix := toolsearch.NewIndex(realCatalog(b))
	reqs := []toolsearch.Request{
		{Query: "list rows in a table", Limit: 8},
		{Query: "create a new user with email", Limit: 8},
		{Query: "upload file", Limit: 8, ServiceHints: []string{"storage"}, ArgumentHints: map[string]any{"bucketId": "b"}},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if res := ix.Search(reqs[i%len(reqs)]); len(res.Matches) == 0 {
			b.Fatal("no matches")
		}
		i++
	}
}
