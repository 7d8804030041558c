package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/redistest"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// TestReplicasShareLimitAndConfirmation runs three appwrite-mcp processes
// sharing one Redis behind the round-robin proxy, so consecutive requests
// land on different replicas: a write confirmation begun on one replica
// is completed on another and cannot be replayed on a third, and one
// user's rate limit holds across all three (not three times over).
func TestReplicasShareLimitAndConfirmation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts processes")
	}
	const limit = 12
	redisSrv := redistest.Start(t)
	bin := buildBinary(t)
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)
	fake.HandleREST("DELETE", deletePath, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })

	front := httptest.NewUnstartedServer(nil)
	origin := "http://" + front.Listener.Addr().String()
	var backends []string
	for range 3 {
		r := startReplica(t, bin, map[string]string{
			"APPWRITE_ENDPOINT": fake.Endpoint(), "MCP_PUBLIC_URL": origin, "HOST": "127.0.0.1",
			"REDIS_URL": redisSrv.URL(), "MCP_STATE_KEY": elicitKey, "MCP_RATE_LIMIT_PER_MINUTE": "12",
		})
		waitReady(t, r.url, `"redis":"up"`)
		backends = append(backends, r.url)
	}
	front.Config.Handler = &roundRobin{backends: backends}
	front.Start()
	t.Cleanup(front.Close)

	t.Run("confirmation across replicas", func(t *testing.T) {
		token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{origin + "/mcp"}})
		client := mcp.NewClient(&mcp.Implementation{Name: "replica-client", Version: "1"}, &mcp.ClientOptions{
			ElicitationHandler: (&person{action: "accept"}).answer,
			MultiRoundTrip:     &mcp.MultiRoundTripOptions{Disabled: true},
		})
		cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: origin + "/mcp", HTTPClient: stack.BearerClient(token)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cs.Close() }()
		deletes := func() int {
			n := 0
			for _, r := range fake.Requests() {
				if r.Method == http.MethodDelete && r.Path == deletePath {
					n++
				}
			}
			return n
		}
		state := firstRound(t, cs, deleteCall(nil)) // on one replica
		if res := retry(t, cs, deleteCall(nil), "accept", state); res.IsError || deletes() != 1 {
			t.Fatalf("accept on the next replica: isError %v, %d deletes: %s", res.IsError, deletes(), stack.Text(res))
		}
		res := retry(t, cs, deleteCall(nil), "accept", state) // the replay, on a third replica
		if !res.IsError || deletes() != 1 || !strings.Contains(stack.Text(res), "Nothing was sent") {
			t.Errorf("replay on another replica: isError %v, %d deletes: %s", res.IsError, deletes(), stack.Text(res))
		}
	})

	t.Run("one rate limit across replicas", func(t *testing.T) {
		token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{origin + "/mcp"}, Subject: "rate-limited-user"})
		limited := 0
		for range limit + 1 {
			resp, _ := testutil.PostMCP(t, origin+"/mcp", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, testutil.BearerHeader(token))
			if resp.StatusCode == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited != 1 {
			t.Errorf("%d of %d requests over three replicas were limited, want exactly 1 (limit %d per minute)", limited, limit+1, limit)
		}
	})
}
