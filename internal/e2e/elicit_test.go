package e2e

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
	"github.com/appwrite/appwrite-mcp/internal/testutil"
	"github.com/appwrite/appwrite-mcp/internal/testutil/stack"
)

// Human confirmation of writes (MCP_WRITE_CONFIRMATION): a client that
// declares elicitation and speaks MCP 2026-07-28 gets an input-required
// result showing the person the change; only their accept, with the signed
// state of that very call, reaches Appwrite.

const (
	elicitKey  = "an-elicit-test-key-of-32-bytes-or-more"
	deleteTool = "tables_db_delete_row"
	deletePath = "/tablesdb/main/tables/books/rows/r2"
)

// deleteCall is appwrite_call_tool deleting row r2; extra is merged in.
func deleteCall(extra map[string]any) map[string]any {
	args := map[string]any{
		"tool_name": deleteTool, "project_id": "shop",
		"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"},
	}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

func startConfirmStack(t *testing.T, env map[string]string) *stack.Stack {
	t.Helper()
	all := map[string]string{"MCP_STATE_KEY": elicitKey}
	for k, v := range env {
		all[k] = v
	}
	s := stack.Start(t, stack.Options{Env: all})
	s.Fake.HandleREST("DELETE", deletePath, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return s
}

// sent counts the deletes that reached the fake Appwrite.
func sent(s *stack.Stack) int {
	n := 0
	for _, r := range s.Fake.Requests() {
		if r.Method == http.MethodDelete && r.Path == deletePath {
			n++
		}
	}
	return n
}

// person answers every elicitation with action and keeps what it was shown.
type person struct {
	action string
	mu     sync.Mutex
	shown  []string
}

func (p *person) answer(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shown = append(p.shown, req.Params.Message)
	return &mcp.ElicitResult{Action: p.action}, nil
}

func (p *person) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.shown...)
}

// connectAs connects a go-sdk client that declares elicitation (p != nil)
// at protocol version (latest when ""); manual leaves the retry to the test.
func connectAs(t *testing.T, s *stack.Stack, token string, p *person, version string, manual bool) *mcp.ClientSession {
	t.Helper()
	opts := &mcp.ClientOptions{MultiRoundTrip: &mcp.MultiRoundTripOptions{Disabled: manual}}
	if p != nil {
		opts.ElicitationHandler = p.answer
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "elicit-client", Version: "1"}, opts)
	cs, err := client.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: s.MCPURL, HTTPClient: stack.BearerClient(token)},
		&mcp.ClientSessionOptions{ProtocolVersion: version})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func TestElicitAnswers(t *testing.T) {
	s := startConfirmStack(t, nil)
	tok := s.Token(t)
	tests := []struct {
		action   string
		wantSent int
		wantText string
	}{
		{"decline", 0, "declined"},
		{"cancel", 0, "without allowing it"},
		{"accept", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			p := &person{action: tt.action}
			cs := connectAs(t, s, tok, p, "", false)
			before := sent(s)
			// The model's confirm_write: true does not replace the person.
			res := stack.Call(t, cs, "appwrite_call_tool", deleteCall(map[string]any{"confirm_write": true}))
			shown := p.asked()
			if len(shown) != 1 {
				t.Fatalf("the person was asked %d times, want 1", len(shown))
			}
			for _, want := range []string{"Tool: " + deleteTool, "Project: shop", `row_id: "r2"`, `table_id: "books"`, "cannot be undone"} {
				if !strings.Contains(shown[0], want) {
					t.Errorf("the question lacks %q:\n%s", want, shown[0])
				}
			}
			if got := sent(s) - before; got != tt.wantSent {
				t.Fatalf("%d deletes reached Appwrite, want %d (result: %s)", got, tt.wantSent, stack.Text(res))
			}
			if res.IsError != (tt.wantSent == 0) || !strings.Contains(stack.Text(res), tt.wantText) {
				t.Errorf("result (isError %v): %s", res.IsError, stack.Text(res))
			}
		})
	}
}

// firstRound makes the call and returns the state of its question.
func firstRound(t *testing.T, cs *mcp.ClientSession, args map[string]any) string {
	t.Helper()
	res := stack.Call(t, cs, "appwrite_call_tool", args)
	q, ok := res.InputRequests["confirm_write"].(*mcp.ElicitParams)
	if !ok || res.RequestState == "" || res.IsError {
		t.Fatalf("no question: %+v %s", res, stack.Text(res))
	}
	if !strings.Contains(q.Message, deleteTool) {
		t.Errorf("question: %s", q.Message)
	}
	return res.RequestState
}

// retry answers a question with action and state.
func retry(t *testing.T, cs *mcp.ClientSession, args map[string]any, action, state string) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{
		Name: "appwrite_call_tool", Arguments: args, RequestState: state,
		InputResponses: mcp.InputResponseMap{"confirm_write": &mcp.ElicitResult{Action: action}},
	})
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	return res
}

// forged signs a state for the delete with the server's key at time at.
func forged(t *testing.T, at time.Time) string {
	t.Helper()
	sg, err := confirm.NewSigner([]byte(elicitKey), confirm.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	a, err := confirm.ActionFor(fakeappwrite.DefaultSubject, deleteTool, map[string]any{"database_id": "main", "table_id": "books", "row_id": "r2"}, "shop", "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := sg.Sign(a)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestElicitState: only an accepted, untampered, unexpired state of this
// very call and caller, used once, reaches Appwrite.
func TestElicitState(t *testing.T) {
	s := startConfirmStack(t, nil)
	p := &person{action: "accept"}
	cs := connectAs(t, s, s.Token(t), p, "", true)
	other := connectAs(t, s, s.TokenFor(t, fakeappwrite.TokenSpec{Subject: "another-user"}), p, "", true)
	call := deleteCall(nil)
	state := firstRound(t, cs, call)
	altered := state[:len(state)-2] + map[bool]string{true: "AA", false: "BA"}[strings.HasSuffix(state, "AA")]
	otherRow := deleteCall(map[string]any{"arguments": map[string]any{"database_id": "main", "table_id": "books", "row_id": "r3"}})
	otherProject := deleteCall(map[string]any{"project_id": "blog"})

	refusals := []struct {
		name  string
		cs    *mcp.ClientSession
		args  map[string]any
		state string
		want  string
	}{
		{"altered state", cs, call, altered, "does not match"},
		{"another call", cs, otherRow, state, "does not match"},
		{"another target", cs, otherProject, state, "does not match"},
		{"another user", other, call, state, "does not match"},
		{"expired", cs, call, forged(t, time.Now().Add(-confirm.DefaultTTL-time.Minute)), "expired"},
		{"issued in the future", cs, call, forged(t, time.Now().Add(time.Hour)), "does not match"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			res := retry(t, tt.cs, tt.args, "accept", tt.state)
			if !res.IsError || !strings.Contains(stack.Text(res), tt.want) || !strings.Contains(stack.Text(res), "Nothing was sent") {
				t.Errorf("result (isError %v): %s", res.IsError, stack.Text(res))
			}
			if n := sent(s); n != 0 {
				t.Fatalf("%d deletes reached Appwrite", n)
			}
		})
	}
	t.Run("accept without state asks again", func(t *testing.T) {
		res := retry(t, cs, call, "accept", "")
		if res.RequestState == "" || len(res.InputRequests) != 1 || sent(s) != 0 {
			t.Fatalf("an answer without state: %+v, %d sent", res, sent(s))
		}
	})
	t.Run("accepted once", func(t *testing.T) {
		if res := retry(t, cs, call, "accept", state); res.IsError || sent(s) != 1 {
			t.Fatalf("accepted state: %d sent, %s", sent(s), stack.Text(res))
		}
	})
	t.Run("replayed", func(t *testing.T) {
		res := retry(t, cs, call, "accept", state)
		if !res.IsError || !strings.Contains(stack.Text(res), "already used") || sent(s) != 1 {
			t.Fatalf("replayed state: %d sent, %s", sent(s), stack.Text(res))
		}
	})
	t.Run("a state signed like the server's is accepted", func(t *testing.T) {
		// The forged states above differ from a good one by their time only.
		if res := retry(t, cs, call, "accept", forged(t, time.Now())); res.IsError || sent(s) != 2 {
			t.Fatalf("fresh state signed with the key: %d sent, %s", sent(s), stack.Text(res))
		}
	})
	if len(p.asked()) != 0 {
		t.Errorf("manual rounds reached the handler: %v", p.asked())
	}
}

// TestWriteConfirmationModes: who is asked, per MCP_WRITE_CONFIRMATION and
// client.
func TestWriteConfirmationModes(t *testing.T) {
	tests := []struct {
		name, mode, version string
		elicits             bool // the client declares elicitation
		confirmWrite        bool
		wantAsked, wantSent int
		wantText            string
	}{
		{"auto, no elicitation, no flag", "auto", "", false, false, 0, 0, "confirm_write: true"},
		{"auto, no elicitation, flag", "auto", "", false, true, 0, 1, ""},
		{"auto, elicitation at 2025-11-25: flag rule", "auto", "2025-11-25", true, false, 0, 0, "confirm_write: true"},
		{"auto, elicitation at 2025-11-25, flag", "auto", "2025-11-25", true, true, 0, 1, ""},
		{"elicit, no elicitation", "elicit", "", false, true, 0, 0, "cannot ask them"},
		{"elicit, elicitation at 2025-11-25", "elicit", "2025-11-25", true, true, 0, 0, "cannot ask them"},
		{"elicit, elicitation", "elicit", "", true, false, 1, 1, ""},
		{"flag, elicitation, no flag", "flag", "", true, false, 0, 0, "confirm_write: true"},
		{"flag, elicitation, flag", "flag", "", true, true, 0, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startConfirmStack(t, map[string]string{"MCP_WRITE_CONFIRMATION": tt.mode})
			var p *person
			if tt.elicits {
				p = &person{action: "accept"}
			}
			cs := connectAs(t, s, s.Token(t), p, tt.version, false)
			extra := map[string]any{}
			if tt.confirmWrite {
				extra["confirm_write"] = true
			}
			res := stack.Call(t, cs, "appwrite_call_tool", deleteCall(extra))
			asked := 0
			if p != nil {
				asked = len(p.asked())
			}
			if asked != tt.wantAsked || sent(s) != tt.wantSent {
				t.Fatalf("asked %d, sent %d; want %d, %d: %s", asked, sent(s), tt.wantAsked, tt.wantSent, stack.Text(res))
			}
			if res.IsError != (tt.wantSent == 0) || !strings.Contains(stack.Text(res), tt.wantText) {
				t.Errorf("result (isError %v): %s", res.IsError, stack.Text(res))
			}
		})
	}
}

// TestElicitFullSurface: a write listed directly asks the person too, and
// a read never does.
func TestElicitFullSurface(t *testing.T) {
	s := startConfirmStack(t, map[string]string{"MCP_WRITE_CONFIRMATION": "elicit", "MCP_TOOL_SURFACE": "full"})
	s.Fake.HandleREST("GET", "/tablesdb/main/tables/books/rows", testutil.JSONHandler(200, `{"total":0,"rows":[]}`))
	p := &person{action: "accept"}
	cs := connectAs(t, s, s.Token(t), p, "", false)
	res := stack.Call(t, cs, "tables_db_list_rows", map[string]any{"project_id": "shop", "database_id": "main", "table_id": "books"})
	if res.IsError || len(p.asked()) != 0 {
		t.Fatalf("read: asked %d: %s", len(p.asked()), stack.Text(res))
	}
	res = stack.Call(t, cs, deleteTool, map[string]any{"project_id": "shop", "database_id": "main", "table_id": "books", "row_id": "r2"})
	if res.IsError || len(p.asked()) != 1 || sent(s) != 1 {
		t.Fatalf("direct delete: asked %d, sent %d: %s", len(p.asked()), sent(s), stack.Text(res))
	}
}

// BenchmarkConfirmedWrite measures one write through the go-sdk client,
// end to end over loopback: with the confirm_write flag (one round), and
// asking the person (two rounds: the question, then the retry with the
// accept and the signed state).
//
//	go test -run '^$' -bench BenchmarkConfirmedWrite ./internal/e2e
func BenchmarkConfirmedWrite(b *testing.B) {
	s := stack.Start(b, stack.Options{Env: map[string]string{"MCP_STATE_KEY": elicitKey}})
	s.Fake.HandleREST("DELETE", deletePath, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	tok := s.Token(b)
	for _, bc := range []struct {
		name string
		p    *person
		args map[string]any
	}{
		{"flag", nil, deleteCall(map[string]any{"confirm_write": true})},
		{"elicit", &person{action: "accept"}, deleteCall(nil)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			opts := &mcp.ClientOptions{}
			if bc.p != nil {
				opts.ElicitationHandler = func(context.Context, *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
					return &mcp.ElicitResult{Action: "accept"}, nil
				}
			}
			cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench", Version: "1"}, opts).Connect(context.Background(),
				&mcp.StreamableClientTransport{Endpoint: s.MCPURL, HTTPClient: stack.BearerClient(tok)}, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = cs.Close() })
			for b.Loop() {
				res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "appwrite_call_tool", Arguments: bc.args})
				if err != nil || res.IsError {
					b.Fatalf("%v %s", err, stack.Text(res))
				}
			}
		})
	}
}
