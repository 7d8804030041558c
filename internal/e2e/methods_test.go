package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// The protocol versions the server is checked at: the last dated
// initialize-handshake version and the stateless per-request-_meta one.
const (
	version20251125 = "2025-11-25"
	version20260728 = "2026-07-28"
)

// protocolVersions lists both, oldest first.
var protocolVersions = []string{version20251125, version20260728}

// rpcReply is a JSON-RPC response as the server sent it.
type rpcReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// methodCase is one method the table sends and whether a capability gates it.
type methodCase struct {
	method string
	params map[string]any
	name   string // Mcp-Name header on the 2026-07-28 wire
	// capability gating the method ("" for a core method, "-" for none).
	capability string
}

// methodCases are the methods a client may send a server, with valid params.
var methodCases = []methodCase{
	{method: "tools/list", capability: "tools"},
	{
		method: "tools/call", capability: "tools", name: "appwrite_search_tools",
		params: map[string]any{"name": "appwrite_search_tools", "arguments": map[string]any{"query": "list rows"}},
	},
	{method: "prompts/list", capability: "prompts"},
	{method: "prompts/get", capability: "prompts", name: "p", params: map[string]any{"name": "p"}},
	{method: "resources/list", capability: "resources"},
	{method: "resources/templates/list", capability: "resources"},
	{method: "resources/read", capability: "resources", name: "file:///x", params: map[string]any{"uri": "file:///x"}},
	{method: "resources/subscribe", capability: "resources", params: map[string]any{"uri": "file:///x"}},
	{method: "resources/unsubscribe", capability: "resources", params: map[string]any{"uri": "file:///x"}},
	{method: "logging/setLevel", capability: "logging", params: map[string]any{"level": "info"}},
	{method: "completion/complete", capability: "completions", params: map[string]any{
		"ref": map[string]any{"type": "ref/prompt", "name": "p"}, "argument": map[string]any{"name": "a", "value": "b"},
	}},
	// Methods go-sdk has no server handler for: at 2025-11-25 its handler
	// would answer them with a plain-text 400; internal/httpserver answers
	// -32601 first.
	{method: "sampling/createMessage", capability: "-", params: map[string]any{"messages": []any{}, "maxTokens": 1}},
	{method: "no/such/method", capability: "-"},
}

// coreMethods are answered without a capability, per version; every other
// core method of the other version is refused.
var coreMethods = map[string][]string{
	version20251125: {"initialize", "ping"},
	version20260728: {"server/discover"},
}

// TestEveryAnsweredMethodIsDeclared sends every method over raw JSON-RPC
// POSTs at both protocol versions: a method is answered exactly when the
// capabilities the server declares (initialize or server/discover) include
// the capability that gates it, or when it is a core method of that version;
// everything else is refused with -32601 (HTTP 404 on the 2026-07-28 wire).
func TestEveryAnsweredMethodIsDeclared(t *testing.T) {
	s := newStack(t)
	token := s.Token(t)
	for _, version := range protocolVersions {
		t.Run(version, func(t *testing.T) {
			declared := declaredCapabilities(t, s, token, version)
			if want := []string{"tools"}; !slices.Equal(declared, want) {
				t.Errorf("declared capabilities = %v, want %v", declared, want)
			}
			cases := slices.Clone(methodCases)
			for _, m := range []string{"initialize", "ping", "server/discover"} {
				c := methodCase{method: m, capability: "-"}
				if slices.Contains(coreMethods[version], m) {
					c.capability = ""
				}
				if m == "initialize" {
					c.params = initializeParams(version)
				}
				cases = append(cases, c)
			}
			for _, c := range cases {
				t.Run(c.method, func(t *testing.T) {
					want := c.capability == "" || slices.Contains(declared, c.capability)
					status, raw, reply := rpc(t, s, token, version, c.method, c.name, c.params)
					if reply == nil {
						t.Fatalf("HTTP %d, not a JSON-RPC response: %q", status, raw)
					}
					checkAnswer(t, version, want, status, *reply)
				})
			}
		})
	}
}

// checkAnswer checks a reply is a result when want, else method not found.
func checkAnswer(t *testing.T, version string, want bool, status int, reply rpcReply) {
	t.Helper()
	switch {
	case want && (reply.Error != nil || reply.Result == nil || status != http.StatusOK):
		t.Errorf("declared method not answered: HTTP %d, %+v", status, reply.Error)
	case !want && (reply.Error == nil || reply.Error.Code != -32601):
		t.Errorf("undeclared method not refused with -32601: HTTP %d, result %s, error %+v", status, reply.Result, reply.Error)
	case !want && version == version20260728 && status != http.StatusNotFound:
		t.Errorf("undeclared method answered HTTP %d on the 2026-07-28 wire, want 404", status)
	}
}

// declaredCapabilities returns the sorted names of the capabilities the
// server declares at version (initialize, or server/discover).
func declaredCapabilities(t *testing.T, s *stack.Stack, token, version string) []string {
	t.Helper()
	method, params := "initialize", initializeParams(version)
	if version == version20260728 {
		method, params = "server/discover", nil
	}
	_, raw, reply := rpc(t, s, token, version, method, "", params)
	var res struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
		CacheScope   *string                    `json:"cacheScope"`
	}
	if reply == nil || reply.Error != nil || json.Unmarshal(reply.Result, &res) != nil {
		t.Fatalf("%s: %s", method, raw)
	}
	if method == "server/discover" && (res.CacheScope == nil || *res.CacheScope != "private") {
		t.Errorf("server/discover is not marked private: %s", raw)
	}
	var names []string
	for k := range res.Capabilities {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func initializeParams(version string) map[string]any {
	return map[string]any{
		"protocolVersion": version, "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "methods-test", "version": "1"},
	}
}

// rpc POSTs one JSON-RPC request to /mcp at version and returns the HTTP
// status, the body (for an SSE stream, the last event's data) and the
// JSON-RPC response, nil when the body is not one. On the
// 2026-07-28 wire it sends the per-request _meta and the Mcp-Method and
// Mcp-Name headers.
func rpc(t *testing.T, s *stack.Stack, token, version, method, name string, params map[string]any) (int, []byte, *rpcReply) {
	t.Helper()
	p := map[string]any{}
	for k, v := range params {
		p[k] = v
	}
	if version == version20260728 {
		p["_meta"] = map[string]any{
			mcp.MetaKeyProtocolVersion:    version,
			mcp.MetaKeyClientInfo:         map[string]any{"name": "methods-test", "version": "1"},
			mcp.MetaKeyClientCapabilities: map[string]any{},
		}
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": p})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.MCPURL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", version)
	if version == version20260728 {
		req.Header.Set("Mcp-Method", method)
		if name != "" {
			req.Header.Set("Mcp-Name", name)
		}
	}
	resp, err := stack.BearerClient(token).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		raw = lastSSEData(raw)
	}
	var reply rpcReply
	if err := json.Unmarshal(raw, &reply); err != nil || (reply.Result == nil && reply.Error == nil) {
		return resp.StatusCode, raw, nil
	}
	return resp.StatusCode, raw, &reply
}

// lastSSEData returns the data of the last SSE event in b.
func lastSSEData(b []byte) []byte {
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if d, ok := bytes.CutPrefix(sc.Bytes(), []byte("data:")); ok {
			last = bytes.TrimSpace(bytes.Clone(d))
		}
	}
	return last
}
