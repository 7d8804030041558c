package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/redisstore"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/redistest"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// TestRegionSharedAcrossReplicas: a project region looked up by one
// replica is used by the others without another lookup. Region routing
// applies only to the endpoint https://cloud.appwrite.io/v1, which a
// loopback fake cannot be, so this runs two routers in-process on that
// endpoint, each with its own Redis client (two replicas), and counts the
// lookups; no request leaves the process.
func TestRegionSharedAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	var lookups atomic.Int64
	lookup := func(context.Context, string, string) (string, error) {
		lookups.Add(1)
		return "fra", nil
	}
	router := func() *appwrite.Router {
		st, err := redisstore.New(context.Background(), srv.URL(), redisstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		f := appwrite.NewFactory(appwrite.Options{Endpoint: "https://cloud.appwrite.io/v1"})
		return appwrite.NewRouter(f, appwrite.RouterOptions{Cache: st.RegionCache(), Lookup: lookup})
	}
	replicas := []*appwrite.Router{router(), router(), router()}
	ctx := context.Background()
	for i, r := range replicas {
		if got, want := r.Endpoint(ctx, "token", "user-1", "shop"), "https://fra.cloud.appwrite.io/v1"; got != want {
			t.Errorf("replica %d: Endpoint = %q, want %q", i, got, want)
		}
	}
	if n := lookups.Load(); n != 1 {
		t.Errorf("%d region lookups for one project over three replicas, want 1", n)
	}
	replicas[2].Endpoint(ctx, "token", "user-2", "shop")
	if n := lookups.Load(); n != 2 {
		t.Errorf("another user's call made %d lookups in all, want 2 (the cache is per user)", n)
	}
}

// replica is one appwrite-mcp process.
type replica struct {
	url  string
	cmd  *exec.Cmd
	logs *testutil.LogBuffer
	done chan struct{}
}

// TestReplicas runs three appwrite-mcp processes sharing one Redis behind
// a round-robin proxy, under load from several MCP clients: killing Redis
// loses no request and /readyz says so; SIGTERM on one replica fails no
// request (it drains; the proxy sends reads elsewhere).
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts processes")
	}
	redisSrv := redistest.Start(t)
	bin := buildBinary(t)
	fake := fakeappwrite.New()
	t.Cleanup(fake.Close)
	fake.ServeConsole(fakeappwrite.DefaultConsole(), fakeappwrite.DefaultProject)

	front := httptest.NewUnstartedServer(nil)
	origin := "http://" + front.Listener.Addr().String()
	metricsURL := "http://127.0.0.1:" + freePort(t) + "/metrics" // replica 0's
	var reps []*replica
	for i := range 3 {
		env := map[string]string{
			"APPWRITE_ENDPOINT": fake.Endpoint(), "MCP_PUBLIC_URL": origin, "HOST": "127.0.0.1",
			"REDIS_URL": redisSrv.URL(), "LOG_LEVEL": "info",
			// Counted in Redis (and in-process while it is down), never reached.
			"MCP_RATE_LIMIT_PER_MINUTE": "1000000",
		}
		if i == 0 {
			env["METRICS_ADDR"] = strings.TrimSuffix(strings.TrimPrefix(metricsURL, "http://"), "/metrics")
		}
		reps = append(reps, startReplica(t, bin, env))
	}
	proxy := &roundRobin{backends: []string{reps[0].url, reps[1].url, reps[2].url}}
	front.Config.Handler = proxy
	front.Start()
	t.Cleanup(front.Close)
	for _, r := range reps {
		waitReady(t, r.url, `"redis":"up"`)
	}

	token := fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{origin + "/mcp"}, Scopes: []string{"account"}})
	t.Cleanup(func() {
		for i, r := range reps {
			if strings.Contains(r.logs.String(), token) {
				t.Errorf("replica %d logged the bearer token", i)
			}
		}
	})
	load := startLoad(t, origin+"/mcp", token, 3)

	load.wait(t, 20) // some requests on every replica before the outage
	redisSrv.Stop()
	for _, r := range reps {
		waitReady(t, r.url, `"redis":"down"`) // still 200: only the detail changes
	}
	waitFor(t, "appwrite_mcp_redis_up 0", func() bool { return metricLine(metricsURL, "appwrite_mcp_redis_up 0") })
	load.wait(t, 20)
	redisSrv.Restart()
	for _, r := range reps {
		waitReady(t, r.url, `"redis":"up"`)
	}
	waitFor(t, "appwrite_mcp_redis_up 1", func() bool { return metricLine(metricsURL, "appwrite_mcp_redis_up 1") })

	// SIGTERM while replica 1 is answering: Appwrite is slow now, so calls
	// are in flight on it when the signal comes; it must finish them.
	fake.SetLatency(300 * time.Millisecond)
	waitFor(t, "a call in flight on replica 1", func() bool { return proxy.inFlight[1].Load() > 0 })
	if err := reps[1].cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-reps[1].done:
	case <-time.After(30 * time.Second):
		t.Fatal("replica 1 did not exit after SIGTERM")
	}
	if code := reps[1].cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("replica 1 exit code after SIGTERM = %d, want 0", code)
	}
	fake.SetLatency(0)
	load.wait(t, 20) // served by the two left
	ok, failed := load.stop()
	t.Logf("%d calls through the proxy, %d failed, %d retried by the proxy", ok+failed, failed, proxy.retries.Load())
	if failed != 0 {
		t.Errorf("%d of %d calls failed; want none: %v", failed, ok+failed, load.firstErr())
	}
	for i, r := range reps {
		if n := strings.Count(r.logs.String(), "redis down"); n != 1 {
			t.Errorf("replica %d logged 'redis down' %d times, want once", i, n)
		}
	}
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "appwrite-mcp")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/appwrite-mcp")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func startReplica(t *testing.T, bin string, env map[string]string) *replica {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "PORT=" + port}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	r := &replica{url: "http://127.0.0.1:" + port, cmd: cmd, logs: &testutil.LogBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = io.Discard, r.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.done
	})
	return r
}

// waitReady polls url's /readyz until it answers 200 with want in the
// body (bounded; it measures nothing).
func waitReady(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/readyz") //nolint:noctx // a bounded poll of a loopback probe
		if err == nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			_ = resp.Body.Close()
			last = strconv.Itoa(resp.StatusCode) + " " + string(b)
			if resp.StatusCode == http.StatusOK && strings.Contains(last, want) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s/readyz never answered 200 with %s; last: %s", url, want, last)
}

// metricLine reports whether the Prometheus page at url has the line.
func metricLine(url, line string) bool {
	resp, err := http.Get(url) //nolint:noctx // a bounded poll of a loopback listener
	if err != nil {
		return false
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return slices.Contains(strings.Split(string(b), "\n"), line)
}

// roundRobin is the load balancer of the test: each request goes to the
// next backend. A request that could not be sent (dial error) goes to the
// next one whatever it is; one that failed after it was sent is retried
// only when it is an idempotent read.
type roundRobin struct {
	backends []string
	next     atomic.Uint64
	retries  atomic.Int64
	inFlight [3]atomic.Int64 // per backend
}

func (p *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for range 2 * len(p.backends) {
		i := p.next.Add(1) % uint64(len(p.backends))
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, p.backends[i]+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header = r.Header.Clone()
		p.inFlight[i].Add(1)
		err := p.forward(w, req)
		p.inFlight[i].Add(-1)
		if err != nil {
			var op *net.OpError
			if (errors.As(err, &op) && op.Op == "dial") || idempotentRead(r.Method, body) {
				p.retries.Add(1)
				continue
			}
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		return
	}
	http.Error(w, "no backend answered", http.StatusBadGateway)
}

// forward sends req and copies the answer to w.
func (*roundRobin) forward(w http.ResponseWriter, req *http.Request) error {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
	return nil
}

// idempotentRead: GET/HEAD, or an MCP message that reads: the handshake,
// a listing, or a call of a read-only operator tool.
func idempotentRead(method string, body []byte) bool {
	if method == http.MethodGet || method == http.MethodHead {
		return true
	}
	var msg struct {
		Method string `json:"method"`
		Params struct {
			Name string `json:"name"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &msg) != nil {
		return false
	}
	switch msg.Method {
	case "initialize", "notifications/initialized", "ping", "tools/list":
		return true
	case "tools/call":
		return msg.Params.Name == "appwrite_get_context" || msg.Params.Name == "appwrite_search_tools"
	}
	return false
}

// load runs MCP clients calling appwrite_get_context in a loop until stop.
type load struct {
	ok, failed atomic.Int64
	cancel     context.CancelFunc
	wg         sync.WaitGroup
	mu         sync.Mutex
	err        error
}

func startLoad(t *testing.T, endpoint, token string, clients int) *load {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &load{cancel: cancel}
	t.Cleanup(func() { l.stop() })
	for range clients {
		client := mcp.NewClient(&mcp.Implementation{Name: "replicas-load", Version: "1"}, nil)
		cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: stack.BearerClient(token)}, nil)
		if err != nil {
			t.Fatalf("connect through the proxy: %v", err)
		}
		l.wg.Add(1)
		go l.run(ctx, cs)
	}
	return l
}

func (l *load) run(ctx context.Context, cs *mcp.ClientSession) {
	defer l.wg.Done()
	defer func() { _ = cs.Close() }()
	for ctx.Err() == nil {
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "appwrite_get_context", Arguments: map[string]any{}})
		if ctx.Err() != nil {
			return
		}
		if err == nil && res.IsError {
			err = errors.New("tool error: " + stack.Text(res))
		}
		if err != nil {
			l.failed.Add(1)
			l.mu.Lock()
			if l.err == nil {
				l.err = err
			}
			l.mu.Unlock()
			continue
		}
		l.ok.Add(1)
	}
}

// waitFor polls cond for at most 15s (it bounds a wait, it measures
// nothing).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// wait blocks until n more calls have succeeded (bounded).
func (l *load) wait(t *testing.T, n int64) {
	t.Helper()
	target := l.ok.Load() + n
	deadline := time.Now().Add(15 * time.Second)
	for l.ok.Load() < target {
		if time.Now().After(deadline) {
			t.Fatalf("load stalled at %d ok, %d failed: %v", l.ok.Load(), l.failed.Load(), l.firstErr())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (l *load) stop() (ok, failed int64) {
	l.cancel()
	l.wg.Wait()
	return l.ok.Load(), l.failed.Load()
}

func (l *load) firstErr() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
