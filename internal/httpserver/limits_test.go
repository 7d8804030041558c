package httpserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/rpcmsg"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
)

// safetyWait bounds every wait of these tests so that a regression fails
// instead of hanging; it is never what a test measures.
const safetyWait = 10 * time.Second

// serveFixture serves f.h as the binary does (NewHTTPServer, Serve) on
// loopback and returns its address; it stops when the test ends.
func serveFixture(t *testing.T, f *fixture, maxConns int) string {
	t.Helper()
	ln := LimitListener(listenLoopback(t), maxConns)
	srv := NewHTTPServer(f.cfg, f.h, nil)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, ln, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// rawExchange writes request on a new connection and returns everything
// the server sends until it closes the connection.
func rawExchange(t *testing.T, addr, request string) (string, error) {
	t.Helper()
	var d net.Dialer
	conn, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	_ = conn.SetDeadline(time.Now().Add(safetyWait))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(conn)
	return string(out), err
}

func TestStalledBodyIsCut(t *testing.T) {
	const head = "POST /mcp HTTP/1.1\r\nHost: mcp.example.com\r\nContent-Type: application/json\r\n" +
		"Accept: application/json, text/event-stream\r\n"
	tests := []struct {
		name       string
		request    string
		wantStatus string
		wantReason string
	}{
		{
			"one byte of a declared body", head + "Authorization: Bearer " + goodToken + "\r\nContent-Length: 100\r\n\r\n{",
			"HTTP/1.1 408", "body_read_timeout",
		},
		{
			"chunked body that stops", head + "Authorization: Bearer " + goodToken + "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n",
			"HTTP/1.1 408", "body_read_timeout",
		},
		// Refused before its body is read: the server's discarding of the
		// rest is bounded by the same deadline.
		{
			"unauthenticated stalled body", head + "Content-Length: 100\r\n\r\n{",
			"HTTP/1.1 401", "no_token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, map[string]string{"HTTP_READ_TIMEOUT": "100ms"})
			addr := serveFixture(t, f, 0)
			out, err := rawExchange(t, addr, tt.request)
			if err != nil {
				t.Fatalf("the connection was not closed by the server: %v (got %q)", err, out)
			}
			if !strings.HasPrefix(out, tt.wantStatus) {
				t.Errorf("answer %q, want %s", out, tt.wantStatus)
			}
			if !strings.Contains(f.logs.String(), `"reject_reason":"`+tt.wantReason+`"`) {
				t.Errorf("log has no reason %s:\n%s", tt.wantReason, f.logs)
			}
		})
	}
}

// blockingMCPServer has a tool "wait" that signals entered and returns only
// when release is closed (or its context ends).
func blockingMCPServer(entered chan<- string, release <-chan struct{}) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "test", Version: "0"}, nil)
	mcp.AddTool(s, &mcp.Tool{Name: "wait", Description: "blocks"},
		func(ctx context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, struct{}, error) {
			entered <- req.Extra.TokenInfo.UserID
			select {
			case <-release:
			case <-ctx.Done():
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "released"}}}, struct{}{}, nil
		})
	return s
}

// newBlockingFixture is a fixture whose MCP server is blockingMCPServer,
// with users user-1, user-2 and user-3 (tokens tok-1 …) and a recording
// observer.
func newBlockingFixture(t *testing.T, env map[string]string, entered chan<- string, release <-chan struct{}) (*fixture, *countingObserver) {
	t.Helper()
	f := &fixture{v: newFakeVerifier(), logs: &testutil.LogBuffer{}, cfg: testConfig(t, env)}
	for _, u := range []string{"1", "2", "3"} {
		f.v.tokens["tok-"+u] = &mcpauth.TokenInfo{UserID: "user-" + u, Expiration: time.Now().Add(time.Hour)}
	}
	obs := &countingObserver{}
	logger := slog.New(slog.NewJSONHandler(f.logs, nil))
	h, err := New(Options{Config: f.cfg, Verifier: f.v, MCPServer: blockingMCPServer(entered, release), Logger: logger, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return f, obs
}

type countingObserver struct {
	mu    sync.Mutex
	kinds []string
}

func (*countingObserver) HTTPRequest(string, int, time.Duration) {}
func (*countingObserver) AuthRejected(string)                    {}

func (o *countingObserver) RateLimited(kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.kinds = append(o.kinds, kind)
}

func (o *countingObserver) got() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.kinds...)
}

const waitCallBody = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"wait","arguments":{}}}`

func TestLongToolCallOutlivesReadTimeout(t *testing.T) {
	entered, release := make(chan string, 1), make(chan struct{})
	f, _ := newBlockingFixture(t, map[string]string{"HTTP_READ_TIMEOUT": "50ms"}, entered, release)
	addr := serveFixture(t, f, 0)
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://"+addr+"/mcp", strings.NewReader(waitCallBody))
		req.Host = "mcp.example.com"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Authorization", "Bearer tok-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer func() { _ = resp.Body.Close() }()
		b, err := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	<-entered
	// Longer than HTTP_READ_TIMEOUT: the body was read, so the call goes on.
	time.Sleep(300 * time.Millisecond)
	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, "released") {
		t.Errorf("long call: %+v, want 200 with its result", r)
	}
}

func TestMaxConnections(t *testing.T) {
	f := newFixture(t, nil)
	addr := serveFixture(t, f, 1)
	var d net.Dialer
	first, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = first.Close() }()
	const probe = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	_ = first.SetDeadline(time.Now().Add(safetyWait))
	_, _ = io.WriteString(first, probe)
	if resp, err := http.ReadResponse(bufio.NewReader(first), nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first connection: %v %v", resp, err)
	}

	second, err := d.DialContext(context.Background(), "tcp", addr) // accepted by the kernel only
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = second.Close() }()
	_, _ = io.WriteString(second, probe)
	br := bufio.NewReader(second)
	_ = second.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := br.Peek(1); err == nil {
		t.Fatal("a second connection was served while HTTP_MAX_CONNECTIONS=1 was taken")
	}
	_ = first.Close() // frees the slot
	_ = second.SetReadDeadline(time.Now().Add(safetyWait))
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("second connection after the first closed: %v %v", resp, err)
	}
}

func TestJSONRPCIDs(t *testing.T) {
	call := func(id string) string {
		return `{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`
	}
	tests := []struct {
		name   string
		body   string
		reject bool
	}{
		{"small integer", call("1"), false},
		{"zero", call("0"), false},
		{"negative integer", call("-42"), false},
		{"largest safe integer", call("9007199254740991"), false},
		{"smallest safe integer", call("-9007199254740991"), false},
		{"string", call(`"abc-1"`), false},
		{"string that looks like a huge number", call(`"123456789012345678901234567890"`), false},
		{"2^53", call("9007199254740992"), true},
		{"-2^53", call("-9007199254740992"), true},
		{"huge integer", call("123456789012345678901234567890"), true},
		{"fraction", call("1.5"), true},
		{"integral fraction", call("1.0"), true},
		{"exponent", call("1e3"), true},
		{"negative zero", call("-0"), true},
		{"boolean", call("true"), true},
		{"object", call(`{"a":1}`), true},
		{"array", call("[1]"), true},
		{"repeated id", `{"jsonrpc":"2.0","id":1,"id":2,"method":"tools/list"}`, true},
		{"batch with one bad id", `[{"jsonrpc":"2.0","id":1,"method":"tools/list"},` + call("2.5") + `]`, true},
		{"not JSON is left to the SDK", `{"jsonrpc":`, false},
		{"leading zero (not JSON) is left to the SDK", call("01"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			r := mcpRequest(tt.body)
			r.Header.Set("Authorization", "Bearer "+goodToken)
			rec := f.do(r)
			var body rpcErrorBody
			rejected := rec.Code == http.StatusBadRequest &&
				json.Unmarshal(rec.Body.Bytes(), &body) == nil && body.Error.Code == rpcmsg.CodeInvalidRequest && body.JSONRPC == "2.0"
			if rejected != tt.reject {
				t.Fatalf("status %d body %s; want rejected=%v", rec.Code, rec.Body, tt.reject)
			}
			if tt.reject && (string(body.ID) != "null" || !strings.Contains(rec.Body.String(), `"id":null`)) {
				t.Errorf("a rejection must carry id null: %s", rec.Body)
			}
			if !tt.reject && !strings.Contains(tt.name, "left to the SDK") && rec.Code != http.StatusOK {
				t.Errorf("accepted id answered %d: %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestRateLimitPerUser(t *testing.T) {
	entered, release := make(chan string, 8), make(chan struct{})
	close(release) // calls return at once
	f, obs := newBlockingFixture(t, map[string]string{"MCP_RATE_LIMIT_PER_MINUTE": "2"}, entered, release)
	send := func(token string) *httptest.ResponseRecorder {
		r := mcpRequest(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`)
		r.Header.Set("Authorization", "Bearer "+token)
		return f.do(r)
	}
	for i := range 2 {
		if rec := send("tok-1"); rec.Code != http.StatusOK {
			t.Fatalf("request %d within the limit: %d %s", i+1, rec.Code, rec.Body)
		}
	}
	rec := send("tok-1")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("third request: %d %s, want 429", rec.Code, rec.Body)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	if b := decodeError(t, rec); b.Error != "rate_limited" {
		t.Errorf("429 body %s", rec.Body)
	}
	if rec := send("tok-2"); rec.Code != http.StatusOK {
		t.Errorf("another user was limited too: %d %s", rec.Code, rec.Body)
	}
	if got := obs.got(); len(got) != 1 || got[0] != LimitRate {
		t.Errorf("observer saw %v, want [%s]", got, LimitRate)
	}
	if !strings.Contains(f.logs.String(), `"reject_reason":"rate"`) {
		t.Errorf("no log line with the rate reason:\n%s", f.logs)
	}
}

func TestRateLimitOff(t *testing.T) {
	f := newFixture(t, map[string]string{"MCP_RATE_LIMIT_PER_MINUTE": "0"})
	for i := range 5 {
		r := mcpRequest(toolsCallBody)
		r.Header.Set("Authorization", "Bearer "+goodToken)
		if rec := f.do(r); rec.Code != http.StatusOK {
			t.Fatalf("request %d with the limit off: %d %s", i+1, rec.Code, rec.Body)
		}
	}
}

// failingCounter is a LimitCounter whose store is down.
type failingCounter struct{}

var errStoreDown = errors.New("store down")

func (failingCounter) Config(int, time.Duration)                          {}
func (failingCounter) Increment(string, time.Time) error                  { return errStoreDown }
func (failingCounter) IncrementBy(string, time.Time, int) error           { return errStoreDown }
func (failingCounter) Get(string, time.Time, time.Time) (int, int, error) { return 0, 0, errStoreDown }

func TestRateLimitCounterDown(t *testing.T) {
	f := &fixture{v: newFakeVerifier(), logs: &testutil.LogBuffer{}, cfg: testConfig(t, nil)}
	h, err := New(Options{
		Config: f.cfg, Verifier: f.v, MCPServer: newTestMCPServer(),
		Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), RateLimitCounter: failingCounter{},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	r := mcpRequest(toolsCallBody)
	r.Header.Set("Authorization", "Bearer "+goodToken)
	rec := f.do(r)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("counter down: %d %s, want 503 with Retry-After", rec.Code, rec.Body)
	}
}

func TestInflightCaps(t *testing.T) {
	entered, release := make(chan string, 4), make(chan struct{})
	f, obs := newBlockingFixture(t, map[string]string{"MCP_MAX_INFLIGHT_PER_USER": "1", "MCP_MAX_INFLIGHT": "2"}, entered, release)
	send := func(token, body string) *httptest.ResponseRecorder {
		r := mcpRequest(body)
		r.Header.Set("Authorization", "Bearer "+token)
		return f.do(r)
	}
	var wg sync.WaitGroup
	codes := make(chan int, 2)
	for _, tok := range []string{"tok-1", "tok-2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- send(tok, waitCallBody).Code
		}()
		<-entered // running: holds its slot
	}

	rec := send("tok-1", waitCallBody)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || decodeError(t, rec).Error != "too_many_inflight" {
		t.Errorf("second call of one user: %d %s, want 429 too_many_inflight with Retry-After", rec.Code, rec.Body)
	}
	rec = send("tok-3", waitCallBody)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || decodeError(t, rec).Error != "server_busy" {
		t.Errorf("call over the process cap: %d %s, want 503 server_busy with Retry-After", rec.Code, rec.Body)
	}
	if rec := send("tok-1", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`); rec.Code != http.StatusOK {
		t.Errorf("tools/list is not a tool call and must pass: %d %s", rec.Code, rec.Body)
	}
	close(release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a running call ended with %d", c)
		}
	}
	if got := obs.got(); strings.Join(got, ",") != LimitInflightUser+","+LimitInflightTotal {
		t.Errorf("observer saw %v", got)
	}
	if f.h.(interface {
		ServeHTTP(http.ResponseWriter, *http.Request)
	}) == nil {
		t.Fatal("unreachable")
	}
	// Slots were given back: the same user can call again.
	if rec := send("tok-1", waitCallBody); rec.Code != http.StatusOK {
		t.Errorf("after release: %d %s", rec.Code, rec.Body)
	}
}

func TestInflightReleasesEverything(t *testing.T) {
	l := newInflight(2, 3)
	var releases []func()
	for _, u := range []string{"a", "a", "b"} {
		rel, refused := l.acquire(u)
		if refused != "" {
			t.Fatalf("acquire %s refused: %s", u, refused)
		}
		releases = append(releases, rel)
	}
	if _, refused := l.acquire("a"); refused != LimitInflightUser {
		t.Errorf("third slot of a: %q, want %s", refused, LimitInflightUser)
	}
	if _, refused := l.acquire("c"); refused != LimitInflightTotal {
		t.Errorf("fourth slot: %q, want %s", refused, LimitInflightTotal)
	}
	for _, rel := range releases {
		rel()
		rel() // twice is harmless
	}
	if l.total != 0 || len(l.perUser) != 0 {
		t.Errorf("after release: total %d, per user %v", l.total, l.perUser)
	}
}
