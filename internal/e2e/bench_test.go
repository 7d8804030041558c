package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// BenchmarkMCP measures one MCP request over loopback HTTP, end to end
// (client marshalling, TCP, server, response read), on two stacks serving the
// same shared *mcp.Server built by tools.FromConfig:
//
//   - stack=baseline: go-sdk's stateless Streamable HTTP handler alone, with
//     the options httpserver uses, no auth and no middleware;
//   - stack=full: httpserver.New (request id, request log line, panic
//     recovery, Origin check, CORS, query-token rejection, body limit, RS256
//     bearer verification with a warm key cache, go-sdk's TokenInfo step).
//
// Both receive the same bytes, Authorization header included. Compare with
//
//	go test -run '^$' -bench BenchmarkMCP -count 6 ./internal/e2e > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /stack bench.txt
func BenchmarkMCP(b *testing.B) {
	// One user sends every request: the rate and in-flight limits run (their
	// cost is measured) but are set high enough never to refuse.
	s := stack.Start(b, stack.Options{Env: map[string]string{
		"MCP_RATE_LIMIT_PER_MINUTE": "1073741824", "MCP_MAX_INFLIGHT_PER_USER": "1048576", "MCP_MAX_INFLIGHT": "1048576",
	}})
	token := s.Fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{s.MCPURL}, Scopes: []string{"account"}})
	if token == "" {
		b.Fatal("the fake minted no token")
	}
	baseline := httptest.NewServer(mcp.NewStreamableHTTPHandler(
		func(*http.Request) *mcp.Server { return s.MCP },
		&mcp.StreamableHTTPOptions{Stateless: true, DisableLocalhostProtection: true, MaxRequestBodyBytes: s.Config.MaxBodyBytes},
	))
	b.Cleanup(baseline.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}
	b.Cleanup(client.CloseIdleConnections)

	stacks := []struct{ name, url string }{
		{"baseline", baseline.URL + "/mcp"},
		{"full", s.MCPURL},
	}
	calls := []struct {
		name string
		body []byte
		want []byte // a fragment every correct answer contains
	}{
		{"tools_list", []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`), []byte(`"appwrite_search_tools"`)},
		{"search_tools", []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"appwrite_search_tools","arguments":{"query":"list rows in a table","argument_hints":{"databaseId":"main"}}}}`), []byte(`tables_db_list_rows`)},
	}
	for _, c := range calls {
		for _, mode := range []string{"serial", "parallel"} {
			for _, st := range stacks {
				b.Run(fmt.Sprintf("call=%s/mode=%s/stack=%s", c.name, mode, st.name), func(b *testing.B) {
					post := func() ([]byte, error) { return postMCP(b.Context(), client, st.url, token, c.body) }
					got, err := post()
					if err != nil {
						b.Fatal(err)
					}
					if !bytes.Contains(got, c.want) || bytes.Contains(got, []byte(`"isError":true`)) {
						b.Fatalf("unexpected answer: %.500s", got)
					}
					b.ReportAllocs()
					b.ResetTimer()
					if mode == "serial" {
						for range b.N {
							if _, err := post(); err != nil {
								b.Fatal(err)
							}
						}
						return
					}
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if _, err := post(); err != nil {
								b.Error(err)
								return
							}
						}
					})
				})
			}
		}
	}
}

// postMCP sends one stateless JSON-RPC request as an MCP client would and
// returns the whole answer (an SSE stream holding one message).
func postMCP(ctx context.Context, client *http.Client, url, token string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.300s", resp.StatusCode, out)
	}
	return out, nil
}

// BenchmarkVerifyWarm is the share of BenchmarkMCP's stack=full overhead
// spent in token verification alone when the token is new to the server:
// auth.Verifier.Verify (RS256 signature, claims) with discovery and keys
// cached and the verified-token cache off.
func BenchmarkVerifyWarm(b *testing.B) {
	s := newStack(b)
	v := auth.NewVerifier(b.Context(), auth.Options{
		Endpoint: s.Config.AppwriteEndpoint, ProjectID: s.Config.AppwriteProjectID, Audiences: s.Config.Audiences(),
	})
	b.Cleanup(v.Close)
	if err := v.WaitReady(b.Context()); err != nil {
		b.Fatal(err)
	}
	benchmarkVerify(b, s, v)
}

// BenchmarkVerifyCached is BenchmarkVerifyWarm for a token seen before, as
// the server runs by default (MCP_TOKEN_CACHE_SIZE=10000): a cache hit.
func BenchmarkVerifyCached(b *testing.B) {
	s := newStack(b)
	benchmarkVerify(b, s, s.Verifier)
}

// benchmarkVerify verifies one token of s's fake with v, b.N times.
func benchmarkVerify(b *testing.B, s *stack.Stack, v *auth.Verifier) {
	token := s.Fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{s.MCPURL}, Scopes: []string{"account"}})
	ctx := b.Context()
	if _, err := v.Verify(ctx, token, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := v.Verify(ctx, token, nil); err != nil {
			b.Fatal(err)
		}
	}
}
