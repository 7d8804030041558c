package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// productJSONResponse mirrors the product's go-sdk response mode
// (internal/httpserver/server.go, StreamableHTTPOptions.JSONResponse: SSE,
// see docs/benchmarks.md), so the bare baseline answers in the same framing
// and the ratio measures the product's own work only.
const productJSONResponse = false

// caller makes one call of a target; a non-nil error is a failed call.
type caller interface {
	call(ctx context.Context) error
	close()
}

// target is one thing under load.
type target struct {
	name string
	pid  int // the child serving it; 0: none (the fake itself, in-process)
	// dial returns a caller for one client (worker).
	dial func(ctx context.Context, worker int) (caller, error)
}

// window is what one measured window observed.
type window struct {
	calls, errors int
	lat           []time.Duration
	firstErr      error
}

// mcpCaller is one go-sdk MCP client on a keep-alive connection.
type mcpCaller struct {
	cs     *mcp.ClientSession
	tool   string
	args   map[string]any
	expect func(*mcp.CallToolResult) error
}

func (m *mcpCaller) call(ctx context.Context) error {
	res, err := m.cs.CallTool(ctx, &mcp.CallToolParams{Name: m.tool, Arguments: m.args})
	if err != nil {
		return fmt.Errorf("%s: %w", m.tool, err)
	}
	return m.expect(res)
}

func (m *mcpCaller) close() { _ = m.cs.Close() }

// dialMCP connects a go-sdk client to endpoint, sending token as bearer.
func dialMCP(ctx context.Context, hc *http.Client, endpoint string) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "appwrite-mcp-bench", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint: endpoint, HTTPClient: hc, DisableStandaloneSSE: true, MaxRetries: -1,
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", endpoint, err)
	}
	return cs, nil
}

// httpCaller is the upstream baseline: a plain HTTP GET.
type httpCaller struct {
	hc       *http.Client
	upstream string
	token    string
}

func (h *httpCaller) call(ctx context.Context) error {
	_, err := upstreamGet(ctx, h.hc, h.upstream, benchProject, "Bearer "+h.token)
	return err
}

func (h *httpCaller) close() {}

// measure runs workers callers in parallel: warmup unmeasured, then the
// window of length d. Callers are dialed before the warmup and closed after.
func measure(ctx context.Context, t target, workers int, warmup, d time.Duration, during func(start bool)) (window, error) {
	callers := make([]caller, workers)
	for i := range callers {
		c, err := t.dial(ctx, i)
		if err != nil {
			closeAll(callers)
			return window{}, err
		}
		callers[i] = c
	}
	defer closeAll(callers)
	runFor(ctx, t.name, callers, warmup)
	during(true)
	w := runFor(ctx, t.name, callers, d)
	during(false)
	return w, ctx.Err()
}

func closeAll(cs []caller) {
	for _, c := range cs {
		if c != nil {
			c.close()
		}
	}
}

// runFor keeps every caller busy for d and merges what they saw.
func runFor(ctx context.Context, name string, callers []caller, d time.Duration) window {
	if d <= 0 {
		return window{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	deadline := time.Now().Add(d)
	results := make([]window, len(callers))
	var wg sync.WaitGroup
	for i, c := range callers {
		wg.Go(func() {
			pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("target", name)))
			w := &results[i]
			w.lat = make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) {
				start := time.Now()
				err := c.call(ctx)
				w.lat = append(w.lat, time.Since(start))
				w.calls++
				if err != nil && !errors.Is(err, context.Canceled) {
					w.errors++
					if w.firstErr == nil {
						w.firstErr = err
					}
				}
			}
		})
	}
	wg.Wait()
	var all window
	for _, w := range results {
		all.calls += w.calls
		all.errors += w.errors
		all.lat = append(all.lat, w.lat...)
		if all.firstErr == nil {
			all.firstErr = w.firstErr
		}
	}
	return all
}
