package tools

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestRoutableBase(t *testing.T) {
	tests := []struct {
		endpoint string
		routable bool
	}{
		{"https://cloud.appwrite.io/v1", true},
		{"https://CLOUD.appwrite.io/v1", true},
		{"https://cloud.appwrite.io:443/v1", true},
		{"https://fra.cloud.appwrite.io/v1", false}, // already regional
		{"http://cloud.appwrite.io/v1", false},
		{"https://cloud.appwrite.io:8443/v1", false},
		{"https://appwrite.example.com/v1", false}, // custom / self-hosted
		{"http://127.0.0.1:41234/v1", false},       // loopback fake
		{"https://cloud.appwrite.io.evil.com/v1", false},
		{"https://user@cloud.appwrite.io/v1", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		if got := routableBase(tt.endpoint) != nil; got != tt.routable {
			t.Errorf("routableBase(%q) = %v, want %v", tt.endpoint, got, tt.routable)
		}
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func TestRegionRouter(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	regions := map[string]string{"p1": "fra", "p2": "default", "p3": "evil.com/x", "p4": ""}
	fail := false
	b := &fakeBackend{respond: func(c fakeCall) (*Response, error) {
		if fail {
			return nil, &UpstreamError{Status: 500}
		}
		id := strings.TrimPrefix(c.Path, "/projects/")
		return jsonResp(200, fmt.Sprintf(`{"$id":%q,"region":%q}`, id, regions[id])), nil
	}}
	r := newRegionRouter("https://cloud.appwrite.io/v1", time.Minute, 3, clock.Now, slog.New(slog.DiscardHandler))
	ctx := context.Background()

	if got := r.endpoint(ctx, b, "tok", "u1", "p1"); got != "https://fra.cloud.appwrite.io/v1" {
		t.Fatalf("p1 endpoint = %q", got)
	}
	calls := b.Calls()
	if len(calls) != 1 || calls[0].Path != "/projects/p1" || calls[0].Method != "GET" || calls[0].Target != (Target{}) || calls[0].Token != "tok" {
		t.Fatalf("lookup = %+v", calls)
	}
	r.endpoint(ctx, b, "tok", "u1", "p1")
	if n := len(b.Calls()); n != 1 {
		t.Fatalf("cached region looked up again: %d calls", n)
	}
	clock.t = clock.t.Add(2 * time.Minute)
	r.endpoint(ctx, b, "tok", "u1", "p1")
	if n := len(b.Calls()); n != 2 {
		t.Fatalf("expired region not looked up: %d calls", n)
	}
	for _, id := range []string{"p2", "p3", "p4"} {
		if got := r.endpoint(ctx, b, "tok", "u1", id); got != "" {
			t.Errorf("%s endpoint = %q, want configured", id, got)
		}
	}
	fail = true
	before := len(b.Calls())
	if got := r.endpoint(ctx, b, "tok", "u1", "p5"); got != "" {
		t.Errorf("failed lookup = %q", got)
	}
	r.endpoint(ctx, b, "tok", "u1", "p5")
	if n := len(b.Calls()) - before; n != 2 {
		t.Errorf("failure was cached: %d lookups, want 2", n)
	}
	for i := 0; i < 10; i++ {
		r.remember("u1", fmt.Sprintf("q%d", i), "nyc")
	}
	if n := len(r.cache); n > 3 {
		t.Errorf("cache size %d > 3", n)
	}
}

func TestRegionRouterLeavesOtherEndpointsAlone(t *testing.T) {
	for _, ep := range []string{"https://fra.cloud.appwrite.io/v1", "http://127.0.0.1:5555/v1", "https://appwrite.example.com/v1"} {
		b := &fakeBackend{}
		r := newRegionRouter(ep, time.Minute, 10, time.Now, slog.New(slog.DiscardHandler))
		if got := r.endpoint(context.Background(), b, "tok", "u1", "p1"); got != "" || len(b.Calls()) != 0 {
			t.Errorf("%s: endpoint %q, %d lookups", ep, got, len(b.Calls()))
		}
	}
}

func TestCallUsesProjectRegion(t *testing.T) {
	b := &fakeBackend{respond: func(c fakeCall) (*Response, error) {
		if c.Path == "/projects/p1" && c.Tool == "" {
			return jsonResp(200, `{"$id":"p1","region":"syd"}`), nil
		}
		return jsonResp(200, `{}`), nil
	}}
	o := baseOptions(b)
	o.Endpoint = "https://cloud.appwrite.io/v1"
	cs := connect(t, newTestServer(t, o))
	res := call(t, cs, ToolCallTool, map[string]any{"tool_name": "users_list", "project_id": "p1"})
	if res.IsError {
		t.Fatal(resultText(res))
	}
	calls := b.Calls()
	if len(calls) != 2 || calls[1].Tool != "users_list" || calls[1].Target.Endpoint != "https://syd.cloud.appwrite.io/v1" || calls[1].Target.ProjectID != "p1" {
		t.Fatalf("calls = %+v", calls)
	}
	// Console tools never look a region up.
	call(t, cs, ToolCallTool, map[string]any{"tool_name": "account_get"})
	if last := b.Calls()[len(b.Calls())-1]; last.Tool != "account_get" || last.Target.Endpoint != "" {
		t.Fatalf("account call = %+v", last)
	}
}

// TestRegionCacheIsPerUser: a region learned with user A's token never
// routes user B's call. B, without access to A's project, gets B's own
// (failing) lookup and the configured endpoint, so the cache cannot tell B
// where A's project lives; and nothing is cached without a subject.
func TestRegionCacheIsPerUser(t *testing.T) {
	b := &fakeBackend{respond: func(c fakeCall) (*Response, error) {
		if c.Token == "token-a" && c.Path == "/projects/p1" {
			return jsonResp(200, `{"$id":"p1","region":"fra"}`), nil
		}
		return nil, &UpstreamError{Status: 404, Type: "project_not_found"}
	}}
	r := newRegionRouter("https://cloud.appwrite.io/v1", time.Minute, 10, time.Now, slog.New(slog.DiscardHandler))
	ctx := context.Background()

	if got := r.endpoint(ctx, b, "token-a", "user-a", "p1"); got != "https://fra.cloud.appwrite.io/v1" {
		t.Fatalf("user A endpoint = %q", got)
	}
	if got := r.endpoint(ctx, b, "token-b", "user-b", "p1"); got != "" {
		t.Fatalf("user B was routed by user A's cached region: %q", got)
	}
	r.remember("user-a", "p2", "syd") // e.g. from A's project list
	if got := r.endpoint(ctx, b, "token-b", "user-b", "p2"); got != "" {
		t.Fatalf("user B was routed by a region A's project list taught: %q", got)
	}
	calls := b.Calls()
	if len(calls) != 3 || calls[1].Token != "token-b" || calls[2].Token != "token-b" {
		t.Fatalf("user B's lookups = %+v, want one lookup each with B's own token", calls)
	}

	before := len(b.Calls())
	r.endpoint(ctx, b, "token-a", "", "p1")
	r.endpoint(ctx, b, "token-a", "", "p1")
	if n := len(b.Calls()) - before; n != 2 {
		t.Errorf("without a subject: %d lookups for two calls, want 2 (no caching)", n)
	}
}
