package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// closedLoopbackURL is an http URL on a loopback port nothing listens on, so
// the verifier's discovery fails fast and without leaving the machine.
func closedLoopbackURL(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr + "/v1"
}

// addrWriter collects log output and reports the "listening" address.
type addrWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	once   sync.Once
	listen chan string
}

func (w *addrWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for _, line := range strings.Split(string(p), "\n") {
		var m struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &m) == nil && m.Msg == "listening" {
			w.once.Do(func() { w.listen <- m.Addr })
		}
	}
	return len(p), nil
}

func (w *addrWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestRunWithoutAuthorizationServer(t *testing.T) {
	env := map[string]string{
		// Everything else is the default; only the network-facing parts are
		// pointed at loopback so the test stays hermetic.
		"APPWRITE_ENDPOINT": closedLoopbackURL(t),
		"HOST":              "127.0.0.1",
		"PORT":              "0",
	}
	logs := &addrWriter{listen: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, io.Discard, logs) }()

	var addr string
	select {
	case addr = <-logs.listen:
	case code := <-done:
		t.Fatalf("run exited with %d before listening; logs:\n%s", code, logs)
	}
	base := "http://" + addr
	check := func(path string, want int, wantBody string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want || !strings.Contains(string(body), wantBody) {
			t.Errorf("GET %s = %d %s, want %d containing %q", path, resp.StatusCode, body, want, wantBody)
		}
	}
	check("/healthz", http.StatusOK, `"status":"ok"`)
	check("/readyz", http.StatusServiceUnavailable, `"status":"unavailable"`)
	// MCP_PUBLIC_URL is unset: it follows the port actually listened on.
	_, port, _ := net.SplitHostPort(addr)
	check("/.well-known/oauth-protected-resource/mcp", http.StatusOK, `"resource":"http://localhost:`+port+`/mcp"`)

	cancel() // as SIGTERM does
	if code := <-done; code != exitOK {
		t.Errorf("exit code after shutdown = %d, want 0; logs:\n%s", code, logs)
	}
	if !strings.Contains(logs.String(), "stopped; all in-flight requests finished") {
		t.Errorf("no clean-stop log line:\n%s", logs)
	}
}

func TestRunInvalidConfiguration(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantVar string
	}{
		{"bad env", nil, map[string]string{"PORT": "eighty"}, "PORT"},
		{"bad flag value", []string{"-public-url=ftp://x"}, nil, "MCP_PUBLIC_URL"},
		{"unknown flag", []string{"-nope"}, nil, "flags"},
		{"unknown excluded service", nil, map[string]string{"EXCLUDED_SERVICES": "nosuchservice"}, "EXCLUDED_SERVICES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code != exitConfig {
				t.Errorf("exit code %d, want %d", code, exitConfig)
			}
			out := stderr.String()
			if strings.Count(out, "\n") != 1 || !strings.Contains(out, tt.wantVar+": ") {
				t.Errorf("stderr %q: want one line naming %s", out, tt.wantVar)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &stdout, &stderr); code != exitOK {
		t.Errorf("-h exit code %d", code)
	}
	if !strings.Contains(stdout.String(), "APPWRITE_ENDPOINT") {
		t.Errorf("usage missing: %q", stdout.String())
	}
}

func TestRunListenFailure(t *testing.T) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	env := map[string]string{"APPWRITE_ENDPOINT": closedLoopbackURL(t), "HOST": "127.0.0.1", "PORT": port}
	var stderr bytes.Buffer
	if code := run(context.Background(), nil, func(k string) string { return env[k] }, io.Discard, &stderr); code != exitFailed {
		t.Errorf("exit code %d on a taken port, want %d (%s)", code, exitFailed, stderr.String())
	}
}

// startRun runs the binary's run in the background and returns its base URL,
// a stop function that returns the exit code, and the logs.
func startRun(t *testing.T, env map[string]string) (string, func() int, *addrWriter) {
	t.Helper()
	logs := &addrWriter{listen: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, io.Discard, logs) }()
	select {
	case addr := <-logs.listen:
		return "http://" + addr, func() int { cancel(); return <-done }, logs
	case code := <-done:
		cancel()
		t.Fatalf("run exited with %d before listening; logs:\n%s", code, logs)
		return "", nil, nil
	}
}

func TestRunServesToolsWithFakeAppwrite(t *testing.T) {
	fake := fakeappwrite.New()
	defer fake.Close()
	const publicURL = "https://mcp.example.test" // behind a (pretend) TLS proxy
	base, stop, logs := startRun(t, map[string]string{
		"APPWRITE_ENDPOINT": fake.Endpoint(),
		"MCP_PUBLIC_URL":    publicURL,
		"HOST":              "127.0.0.1",
		"PORT":              "0",
	})
	waitReady(t, base, logs)

	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{publicURL + "/mcp"}, Subject: "user-cmd"})
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/mcp", strings.NewReader(body))
	req.Host = "mcp.example.test" // what the proxy forwards
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(out), `"tools":[{`) {
		t.Errorf("tools/list: %d %s", resp.StatusCode, out)
	}

	if code := stop(); code != exitOK {
		t.Errorf("exit code %d", code)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token appears in the logs")
	}
	if !strings.Contains(logs.String(), `"subject":"user-cmd"`) {
		t.Errorf("no request log line with the subject:\n%s", logs)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"clean drain", nil, exitOK},
		{"drain ran out", fmt.Errorf("%w: %w", httpserver.ErrForcedShutdown, context.DeadlineExceeded), exitFailed},
		{"serving failed", errors.New("accept: too many open files"), exitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger := slog.New(slog.DiscardHandler)
			if got := exitCode(tt.err, config.Config{}, logger); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// TestRunDrainRunsOut stops the server while a tool call waits on a slow
// upstream longer than SHUTDOWN_TIMEOUT: the process must exit 1.
func TestRunDrainRunsOut(t *testing.T) {
	fake := fakeappwrite.New()
	defer fake.Close()
	const publicURL = "https://mcp.example.test"
	base, stop, logs := startRun(t, map[string]string{
		"APPWRITE_ENDPOINT": fake.Endpoint(),
		"MCP_PUBLIC_URL":    publicURL,
		"HOST":              "127.0.0.1",
		"PORT":              "0",
		"SHUTDOWN_TIMEOUT":  "100ms",
	})
	waitReady(t, base, logs)
	fake.SetLatency(20 * time.Second)
	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{publicURL + "/mcp"}})
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"appwrite_get_context","arguments":{}}}`
	answered := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/mcp", strings.NewReader(body))
		req.Host = "mcp.example.test"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			_ = resp.Body.Close()
		}
		answered <- err
	}()
	for fake.InFlight() == 0 {
		select {
		case err := <-answered:
			t.Fatalf("the call ended before reaching the fake: %v\n%s", err, logs)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if code := stop(); code != exitFailed {
		t.Errorf("exit code after a drain that ran out = %d, want %d; logs:\n%s", code, exitFailed, logs)
	}
	if !strings.Contains(logs.String(), "in-flight requests were cut off") {
		t.Errorf("no forced-stop log line:\n%s", logs)
	}
	if err := <-answered; err == nil {
		t.Errorf("the cut-off client got a complete answer")
	}
	// Cutting the connection cancels the tool call's upstream request.
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fake.WaitCancelled(wctx, 1); err != nil {
		t.Errorf("the cut-off call's upstream request kept running: %v", err)
	}
}

// waitReady waits (bounded) until /readyz answers 200.
func waitReady(t *testing.T, base string, logs *addrWriter) {
	t.Helper()
	for range 500 {
		if status, _ := testutil.Get(t, base+"/readyz"); status == http.StatusOK {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never ready; logs:\n%s", logs)
}
