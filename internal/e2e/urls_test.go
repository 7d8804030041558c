package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// post sends a tools/list to url with token (none when "").
func post(t *testing.T, url, token string) (*http.Response, string) {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h = testutil.BearerHeader(token)
	}
	return testutil.PostMCP(t, url, `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, h)
}

// TestServedAtRootAndMCP: people paste the bare origin, and some clients
// derive the resource from it. MCP is served at / and /mcp with the same
// protections; each challenge points at its own RFC 9728 document, which
// names its own resource; a token for any spelling of this server's
// resource works on both, and nothing else does.
func TestServedAtRootAndMCP(t *testing.T) {
	st := stack.Start(t, stack.Options{})
	base := st.URL
	for path, wantMeta := range map[string]string{"/": "/.well-known/oauth-protected-resource", "/mcp": "/.well-known/oauth-protected-resource/mcp"} {
		resp, _ := post(t, base+path, "")
		challenge := resp.Header.Get("WWW-Authenticate")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(challenge, `resource_metadata="`+base+wantMeta+`"`) {
			t.Errorf("POST %s without a token: %d, challenge %q; want 401 pointing at %s", path, resp.StatusCode, challenge, wantMeta)
		}
	}
	for meta, wantResource := range map[string]string{"/.well-known/oauth-protected-resource": base + "/", "/.well-known/oauth-protected-resource/mcp": base + "/mcp"} {
		resp, err := http.Get(base + meta) //nolint:noctx // loopback test server
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Resource string `json:"resource"`
		}
		err = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&doc)
		_ = resp.Body.Close()
		if err != nil || doc.Resource != wantResource {
			t.Errorf("%s names %q, want %q (%v)", meta, doc.Resource, wantResource, err)
		}
	}
	audiences := []struct {
		aud      string
		accepted bool
	}{
		{base + "/mcp", true},
		{base + "/", true},
		{base, true},
		{base + "/mcpx", false},
		{base + "/mcp/../x", false},
		{base + "/mcp/", false},
		{strings.Replace(base, "127.0.0.1", "localhost", 1) + "/mcp", false},
		{strings.Replace(base, "http://", "https://", 1) + "/mcp", false},
		{"http://127.0.0.1:1/mcp", false},
	}
	for _, a := range audiences {
		token := st.TokenFor(t, fakeappwrite.TokenSpec{Audience: []string{a.aud}})
		for _, path := range []string{"/", "/mcp"} {
			resp, body := post(t, base+path, token)
			if got := resp.StatusCode == http.StatusOK; got != a.accepted {
				t.Errorf("aud %q on %s: %d %.120s; accepted want %v", a.aud, path, resp.StatusCode, body, a.accepted)
			}
		}
	}
	if resp, _ := post(t, base+"/mcpx", st.Token(t)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /mcpx: %d, want 404", resp.StatusCode)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "root-client", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: base + "/", HTTPClient: stack.BearerClient(st.Token(t))}, nil)
	if err != nil {
		t.Fatalf("go-sdk client on /: %v", err)
	}
	defer func() { _ = cs.Close() }()
	if res := stack.Call(t, cs, "appwrite_search_tools", map[string]any{"query": "list users"}); res.IsError {
		t.Errorf("search on /: %s", stack.Text(res))
	}
}
