package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// Target names, in the order of the first round.
const (
	targetProduct  = "product"
	targetBare     = "bare"
	targetUpstream = "upstream"
)

// cell accumulates one target at one concurrency level over all rounds.
type cell struct {
	calls, errors int
	lat           []time.Duration
	wall          time.Duration
	serverCPU     time.Duration // the child's CPU time in the windows
	selfCPU       time.Duration // this process's (load generator and fake)
	conns         int64         // connections the fake accepted in the windows
	firstErr      error
}

// results is everything one run measured.
type results struct {
	o        options
	cells    map[string]map[int]*cell
	idleRSS  map[string]int64
	peakRSS  map[string]int64           // after the highest level, largest over rounds
	ready    map[string][]time.Duration // start → /readyz 200, each start
	targets  []string
	started  time.Time
	finished time.Time
}

// env is the running fake, the children and one token per client.
type env struct {
	fake     *fakeappwrite.Server
	children map[string]*child
	tokens   []string
	hc       *http.Client // the load generator's keep-alive client
}

func bench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	e, err := setup(ctx, o)
	if err != nil {
		return err
	}
	defer e.close()
	r := &results{
		o: o, cells: map[string]map[int]*cell{}, idleRSS: map[string]int64{}, peakRSS: map[string]int64{},
		ready: map[string][]time.Duration{}, targets: []string{targetProduct, targetBare, targetUpstream}, started: time.Now(),
	}
	for name, c := range e.children {
		if r.idleRSS[name], err = rss(c.pid()); err != nil {
			return err
		}
		if r.ready[name], err = e.startTimes(ctx, name, o.startups); err != nil {
			return err
		}
	}
	targets := e.targets()
	for round := range o.rounds {
		for _, level := range o.levels {
			for i := range targets {
				t := targets[(i+round)%len(targets)]
				_, _ = fmt.Fprintf(stderr, "round %d, c=%d: %s\n", round+1, level, t.name)
				if err := r.measureOne(ctx, e, t, level); err != nil {
					return err
				}
			}
		}
	}
	r.finished = time.Now()
	report(stdout, r)
	if o.smoke {
		return r.smokeCheck()
	}
	return nil
}

// setup starts the fake (with the sandbox's seeded account), the product and
// bare children, and mints one token per client.
func setup(ctx context.Context, o options) (*env, error) {
	e := &env{fake: fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.SandboxSeed())), children: map[string]*child{}}
	e.fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)
	for _, mode := range []string{modeProduct, modeBare} {
		profile := ""
		if mode == modeProduct {
			profile = o.profile
		}
		c, err := startChild(ctx, mode, e.fake.Endpoint(), profile)
		if err != nil {
			e.close()
			return nil, err
		}
		e.children[mode] = c
	}
	maxLevel := 0
	for _, l := range o.levels {
		maxLevel = max(maxLevel, l)
	}
	aud := e.children[modeProduct].origin + "/mcp"
	for i := range maxLevel {
		tok := e.fake.MintToken(fakeappwrite.TokenSpec{Subject: fmt.Sprintf("bench-user-%d", i), Audience: []string{aud}})
		if tok == "" {
			e.close()
			return nil, errors.New("the fake minted no token")
		}
		e.tokens = append(e.tokens, tok)
	}
	e.hc = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 4 * maxLevel, MaxIdleConnsPerHost: maxLevel + 8, IdleConnTimeout: 90 * time.Second,
	}}
	return e, nil
}

// startTimes is the start-up time of the running child of mode and of n-1
// more children started and stopped one after another.
func (e *env) startTimes(ctx context.Context, mode string, n int) ([]time.Duration, error) {
	times := []time.Duration{e.children[mode].ready}
	for len(times) < n {
		c, err := startChild(ctx, mode, e.fake.Endpoint(), "")
		if err != nil {
			return nil, err
		}
		times = append(times, c.ready)
		c.stop()
	}
	slices.Sort(times)
	return times, nil
}

func (e *env) close() {
	for _, c := range e.children {
		c.stop()
	}
	e.fake.Close()
}

// targets are product, bare and upstream; each client (worker) has its own
// token (its own user), as N people would.
func (e *env) targets() []target {
	expect := func(res *mcp.CallToolResult) error {
		var text strings.Builder
		for _, c := range res.Content {
			if tc, ok := c.(*mcp.TextContent); ok {
				text.WriteString(tc.Text)
			}
		}
		if res.IsError || !strings.Contains(text.String(), `"grace"`) {
			return fmt.Errorf("unexpected result (isError %v): %.300s", res.IsError, text.String())
		}
		return nil
	}
	mcpTarget := func(name, tool string, args map[string]any) target {
		c := e.children[name]
		return target{name: name, pid: c.pid(), dial: func(ctx context.Context, worker int) (caller, error) {
			hc := &http.Client{Timeout: e.hc.Timeout, Transport: testutil.HeaderTransport{Base: e.hc.Transport, Header: testutil.BearerHeader(e.tokens[worker])}}
			cs, err := dialMCP(ctx, hc, c.origin+"/mcp")
			if err != nil {
				return nil, err
			}
			return &mcpCaller{cs: cs, tool: tool, args: args, expect: expect}, nil
		}}
	}
	return []target{
		mcpTarget(targetProduct, "appwrite_call_tool", map[string]any{"tool_name": "users_list", "project_id": benchProject}),
		mcpTarget(targetBare, "users_list", map[string]any{"project_id": benchProject}),
		{name: targetUpstream, dial: func(_ context.Context, worker int) (caller, error) {
			return &httpCaller{hc: e.hc, upstream: e.fake.Endpoint(), token: e.tokens[worker]}, nil
		}},
	}
}

// measureOne runs target t at level workers and adds the window to its cell.
func (r *results) measureOne(ctx context.Context, e *env, t target, workers int) error {
	if r.cells[t.name] == nil {
		r.cells[t.name] = map[int]*cell{}
	}
	c := r.cells[t.name][workers]
	if c == nil {
		c = &cell{}
		r.cells[t.name][workers] = c
	}
	var (
		start            time.Time
		cpu0, self0      time.Duration
		conns0           int64
		errStart, errEnd error
	)
	w, err := measure(ctx, t, workers, r.o.warmup, r.o.duration, func(begin bool) {
		var cpu time.Duration
		if t.pid != 0 {
			var perr error
			if cpu, perr = cpuTime(t.pid); begin {
				errStart = perr
			} else {
				errEnd = perr
			}
		}
		if begin {
			start, cpu0, self0, conns0 = time.Now(), cpu, selfCPU(), e.fake.Connections()
			return
		}
		c.wall += time.Since(start)
		c.serverCPU += cpu - cpu0
		c.selfCPU += selfCPU() - self0
		c.conns += e.fake.Connections() - conns0
	})
	if err = errors.Join(err, errStart, errEnd); err != nil {
		return fmt.Errorf("%s at c=%d: %w", t.name, workers, err)
	}
	c.calls += w.calls
	c.errors += w.errors
	c.lat = append(c.lat, w.lat...)
	if c.firstErr == nil {
		c.firstErr = w.firstErr
	}
	return r.afterLevel(t, workers)
}

// afterLevel records the child's RSS after the highest level.
func (r *results) afterLevel(t target, workers int) error {
	if t.pid == 0 || workers != maxOf(r.o.levels) {
		return nil
	}
	n, err := rss(t.pid)
	if err != nil {
		return err
	}
	r.peakRSS[t.name] = max(r.peakRSS[t.name], n)
	return nil
}

func maxOf(a []int) int {
	m := 0
	for _, v := range a {
		m = max(m, v)
	}
	return m
}

// smokeCheck fails when any call failed or a target made no call.
func (r *results) smokeCheck() error {
	var errs []error
	for _, name := range r.targets {
		for _, level := range r.o.levels {
			c := r.cells[name][level]
			switch {
			case c == nil || c.calls == 0:
				errs = append(errs, fmt.Errorf("smoke: %s at c=%d made no call", name, level))
			case c.errors > 0:
				errs = append(errs, fmt.Errorf("smoke: %s at c=%d: %d of %d calls failed, first: %w", name, level, c.errors, c.calls, c.firstErr))
			}
		}
	}
	return errors.Join(errs...)
}
