package httpserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	fullstack "github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// safetyWait bounds every wait so that a regression fails instead of
// hanging; it is never what a test measures.
const safetyWait = 10 * time.Second

// waitUntil polls cond (bounded by safetyWait).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(safetyWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var usersList = map[string]any{"tool_name": "users_list", "project_id": "shop"}

// TestClientGoneCancelsUpstream: a client that disconnects while its tool
// call waits on Appwrite cancels the upstream request (go-sdk's stateless
// handler alone would keep it running until APPWRITE_TIMEOUT), and the
// request's log line says the client went away.
func TestClientGoneCancelsUpstream(t *testing.T) {
	s := fullstack.Start(t, fullstack.Options{})
	tok := s.Token(t, "account", "users.read")
	s.Fake.SetRouteLatency(http.MethodGet, "/users", 30*time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"appwrite_call_tool","arguments":{"tool_name":"users_list","project_id":"shop"}}}`
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.MCPURL, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	answered := make(chan error, 1)
	go func() {
		resp, err := fullstack.BearerClient(tok).Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		answered <- err
	}()
	waitUntil(t, "the upstream call", func() bool { return s.Fake.InFlight() > 0 })

	gone := time.Now()
	cancel() // the client goes away
	wctx, wcancel := context.WithTimeout(context.Background(), safetyWait)
	defer wcancel()
	if err := s.Fake.WaitCancelled(wctx, 1); err != nil {
		t.Fatalf("the upstream request was not cancelled: %v", err)
	}
	t.Logf("upstream request cancelled %v after the client went away", time.Since(gone))
	if err := <-answered; err == nil {
		t.Errorf("the cancelled client got an answer")
	}
	waitUntil(t, "the request log line", func() bool { return strings.Contains(s.Logs.String(), `"client_gone":true`) })
	if !strings.Contains(s.Logs.String(), `"status":499`) {
		t.Errorf("the log line of a request whose client went away has no status 499:\n%s", s.Logs)
	}
	waitUntil(t, "no upstream request in flight", func() bool { return s.Fake.InFlight() == 0 })
}

// TestUpstreamFaults: an Appwrite 5xx, an answer slower than
// APPWRITE_TIMEOUT and a reset connection each become an isError result,
// and the server stays healthy: the next call succeeds.
func TestUpstreamFaults(t *testing.T) {
	s := fullstack.Start(t, fullstack.Options{Env: map[string]string{"APPWRITE_TIMEOUT": "300ms"}})
	cs := s.Connect(t, s.Token(t, "account", "users.read"))
	tests := []struct {
		name    string
		inject  func(f *fakeappwrite.Server)
		wantErr bool
	}{
		{"5xx", func(f *fakeappwrite.Server) { f.FailNext(http.MethodGet, "/users", http.StatusInternalServerError) }, true},
		{"503", func(f *fakeappwrite.Server) { f.FailNext(http.MethodGet, "/users", http.StatusServiceUnavailable) }, true},
		{"slower than APPWRITE_TIMEOUT", func(f *fakeappwrite.Server) {
			f.SetRouteLatency(http.MethodGet, "/users", 20*time.Second)
		}, true},
		// net/http retries an idempotent request once when a reused
		// connection breaks before any answer: one reset is invisible.
		{"one reset of a reused connection", func(f *fakeappwrite.Server) { f.ResetNext(http.MethodGet, "/users") }, false},
		{"connection reset, retry reset too", func(f *fakeappwrite.Server) {
			f.AddFault(fakeappwrite.Fault{Method: http.MethodGet, Path: "/users", Reset: true, Times: 2})
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.inject(s.Fake)
			res := fullstack.Call(t, cs, "appwrite_call_tool", usersList)
			if res.IsError != tt.wantErr {
				t.Errorf("isError = %v, want %v: %s", res.IsError, tt.wantErr, fullstack.Text(res))
			}
			s.Fake.ClearFaults()
			s.Fake.SetRouteLatency(http.MethodGet, "/users", 0)

			if status, body := testutil.Get(t, s.URL+"/healthz"); status != http.StatusOK {
				t.Errorf("/healthz after the fault: %d %s", status, body)
			}
			if res := fullstack.Call(t, cs, "appwrite_call_tool", usersList); res.IsError {
				t.Errorf("the call after the fault failed: %s", fullstack.Text(res))
			}
			waitUntil(t, "no upstream request in flight", func() bool { return s.Fake.InFlight() == 0 })
		})
	}
	if strings.Contains(s.Logs.String(), `"level":"ERROR","msg":"tool handler panic"`) {
		t.Errorf("a fault made a handler panic:\n%s", s.Logs)
	}
}

// TestRateLimitedIsCounted: the limit kinds httpserver reports are the
// metrics package's label values, and a 429 reaches
// appwrite_mcp_rate_limited_total through the server as internal/app
// assembles it.
func TestRateLimitedIsCounted(t *testing.T) {
	for got, want := range map[string]string{
		httpserver.LimitRate: metrics.KindRate, httpserver.LimitInflightUser: metrics.KindInflightUser,
		httpserver.LimitInflightTotal: metrics.KindInflightTotal,
	} {
		if got != want {
			t.Errorf("limit kind %q, metrics label %q", got, want)
		}
	}
	m := metrics.New(buildinfo.Info{Version: "test"})
	s := fullstack.Start(t, fullstack.Options{Metrics: m, Env: map[string]string{"MCP_RATE_LIMIT_PER_MINUTE": "1"}})
	client := fullstack.BearerClient(s.Token(t, "account"))
	codes := []int{}
	for range 2 {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, s.MCPURL,
			strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != http.StatusOK || codes[1] != http.StatusTooManyRequests {
		t.Fatalf("status codes %v, want [200 429]", codes)
	}
	ms := httptest.NewServer(m.Handler())
	defer ms.Close()
	if _, body := testutil.Get(t, ms.URL); !strings.Contains(body, `appwrite_mcp_rate_limited_total{kind="rate"} 1`) {
		t.Errorf("no rate_limited_total sample in:\n%s", body)
	}
}
