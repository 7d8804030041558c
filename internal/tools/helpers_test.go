package tools

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// testTools is a small hand-built catalog.
func testTools() []*catalog.Tool {
	str := func(name, wire string, req, path bool) catalog.Param {
		return catalog.Param{Name: name, Wire: wire, Type: catalog.TypeString, Required: req, InPath: path, Description: name}
	}
	queries := catalog.Param{Name: "queries", Wire: "queries", Type: catalog.TypeArray, Items: catalog.TypeString, Description: "Appwrite queries"}
	tool := func(name, service, method, path string, class catalog.Class, scope catalog.Scope, desc string, params ...catalog.Param) *catalog.Tool {
		props := map[string]any{}
		var required []string
		for _, p := range params {
			props[p.Name] = map[string]any{"type": string(p.Type)}
			if p.Required {
				required = append(required, p.Name)
			}
		}
		schema := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			schema["required"] = required
		}
		raw, _ := json.Marshal(schema)
		return &catalog.Tool{
			Name: name, Service: service, Description: desc, HTTPMethod: method, Path: path,
			Class: class, Scope: scope, Params: params, InputSchema: raw,
		}
	}
	dep := tool("databases_list_documents", "databases", "GET", "/databases/{databaseId}/collections/{collectionId}/documents",
		catalog.Read, catalog.ScopeProject, "Deprecated: use tables_db_list_rows. Get a list of all the user's documents in a given collection.",
		str("database_id", "databaseId", true, true), str("collection_id", "collectionId", true, true), queries)
	dep.Deprecated, dep.ReplacedBy = true, "tables_db_list_rows"
	return []*catalog.Tool{
		tool("account_get", "account", "GET", "/account", catalog.Read, catalog.ScopeConsole, "Get the currently logged in user."),
		dep,
		tool("health_get", "health", "GET", "/health", catalog.Read, catalog.ScopeEither, "Check the Appwrite HTTP server is up and responsive."),
		tool("storage_get_file_preview", "storage", "GET", "/storage/buckets/{bucketId}/files/{fileId}/preview", catalog.Read, catalog.ScopeProject,
			"Get a file preview image.", str("bucket_id", "bucketId", true, true), str("file_id", "fileId", true, true),
			catalog.Param{Name: "width", Wire: "width", Type: catalog.TypeInteger}),
		tool("tables_db_create_row", "tables_db", "POST", "/tablesdb/{databaseId}/tables/{tableId}/rows", catalog.Write, catalog.ScopeProject,
			"Create a new Row.", str("database_id", "databaseId", true, true), str("table_id", "tableId", true, true),
			str("row_id", "rowId", true, false), catalog.Param{Name: "data", Wire: "data", Type: catalog.TypeObject, Required: true}),
		tool("tables_db_list_rows", "tables_db", "GET", "/tablesdb/{databaseId}/tables/{tableId}/rows", catalog.Read, catalog.ScopeProject,
			"Get a list of all the user's rows in a given table.", str("database_id", "databaseId", true, true), str("table_id", "tableId", true, true), queries),
		tool("users_create", "users", "POST", "/users", catalog.Write, catalog.ScopeProject, "Create a new user.",
			str("user_id", "userId", true, false), str("email", "email", false, false), str("name", "name", false, false)),
		tool("users_delete", "users", "DELETE", "/users/{userId}", catalog.Destructive, catalog.ScopeProject, "Delete a user by its unique ID.",
			str("user_id", "userId", true, true)),
		tool("users_get", "users", "GET", "/users/{userId}", catalog.Read, catalog.ScopeProject, "Get a user by its unique ID.",
			str("user_id", "userId", true, true)),
		tool("users_list", "users", "GET", "/users", catalog.Read, catalog.ScopeProject, "Get a list of all the project's users.",
			queries, str("search", "search", false, false)),
	}
}

// fakeCall is one recorded upstream call.
type fakeCall struct {
	Token  string
	Target Target
	Tool   string // catalog tool, or "" for a generic Call
	Method string
	Path   string
	Query  map[string]any
	Args   map[string]any
}

// fakeBackend records calls and answers from canned responses.
type fakeBackend struct {
	mu    sync.Mutex
	calls []fakeCall
	opens []Target
	// respond answers a call; nil → 200 {}.
	respond func(c fakeCall) (*Response, error)
}

func (b *fakeBackend) Open(_ context.Context, token string, t Target) Conn {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.opens = append(b.opens, t)
	return &fakeConn{b: b, token: token, target: t}
}

func (b *fakeBackend) record(c fakeCall) (*Response, error) {
	b.mu.Lock()
	b.calls = append(b.calls, c)
	respond := b.respond
	b.mu.Unlock()
	if respond == nil {
		return &Response{Status: 200, ContentType: "application/json", Body: []byte(`{}`)}, nil
	}
	return respond(c)
}

func (b *fakeBackend) Calls() []fakeCall {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]fakeCall(nil), b.calls...)
}

type fakeConn struct {
	b      *fakeBackend
	token  string
	target Target
}

func (c *fakeConn) Invoke(_ context.Context, t *catalog.Tool, args map[string]any) (*Response, error) {
	return c.b.record(fakeCall{Token: c.token, Target: c.target, Tool: t.Name, Method: t.HTTPMethod, Path: t.Path, Args: args})
}

func (c *fakeConn) Call(_ context.Context, method, path string, query map[string]any) (*Response, error) {
	return c.b.record(fakeCall{Token: c.token, Target: c.target, Method: method, Path: path, Query: query})
}

func (c *fakeConn) Close() {}

func jsonResp(status int, body string) *Response {
	return &Response{Status: status, ContentType: "application/json", Body: []byte(body)}
}

// testToken is what the test verifier accepts and the handlers must forward.
const testToken = "test-token-value"

func testAccessToken(ti *mcpauth.TokenInfo) string {
	s, _ := ti.Extra["raw"].(string)
	return s
}

func baseOptions(b Backend) Options {
	return Options{Tools: testTools(), Backend: b, AccessToken: testAccessToken, Endpoint: "http://127.0.0.1:1/v1", Version: "test"}
}

type headerTransport struct {
	base  http.RoundTripper
	token string
}

func (h *headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if h.token != "" {
		r.Header.Set("Authorization", "Bearer "+h.token)
	}
	return h.base.RoundTrip(r)
}

// connect serves srv over stateless Streamable HTTP behind a bearer check
// and returns a connected client session.
func connect(t *testing.T, srv *mcp.Server) *mcp.ClientSession {
	t.Helper()
	verify := func(_ context.Context, tok string, _ *http.Request) (*mcpauth.TokenInfo, error) {
		if tok != testToken {
			return nil, mcpauth.ErrInvalidToken
		}
		return &mcpauth.TokenInfo{UserID: "u1", Expiration: time.Now().Add(time.Hour), Extra: map[string]any{"raw": tok}}, nil
	}
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	hs := httptest.NewServer(mcpauth.RequireBearerToken(verify, nil)(h))
	t.Cleanup(hs.Close)
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{
		Endpoint:   hs.URL,
		HTTPClient: &http.Client{Transport: &headerTransport{base: http.DefaultTransport, token: testToken}},
	}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func newTestServer(t *testing.T, o Options) *mcp.Server {
	t.Helper()
	srv, err := NewServer(o)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	return srv
}

func call(t *testing.T, cs *mcp.ClientSession, name string, args any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("CallTool %s: %v", name, err)
	}
	return res
}

func resultText(r *mcp.CallToolResult) string {
	var parts []string
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// lastJSON decodes the last text block of r into v.
func lastJSON(t *testing.T, r *mcp.CallToolResult, v any) {
	t.Helper()
	for i := len(r.Content) - 1; i >= 0; i-- {
		if tc, ok := r.Content[i].(*mcp.TextContent); ok {
			if err := json.Unmarshal([]byte(tc.Text), v); err != nil {
				t.Fatalf("result is not JSON: %v\n%s", err, tc.Text)
			}
			return
		}
	}
	t.Fatalf("no text content in %+v", r)
}
