// Package tools is the MCP adapter of appwrite-mcp: it registers the
// operator tools (appwrite_get_context, appwrite_search_tools,
// appwrite_call_tool) and, in the full surface, every catalog tool on one
// shared go-sdk *mcp.Server, and translates between MCP tool calls and the
// packages that do the work: strict argument decoding and spelling
// normalisation here; the write guard and target checks here; dispatch in
// catalog and appwrite; ranking in toolsearch; results in shape. Nothing a
// call produces is kept for a later call, except the spent confirmation
// states (internal/confirm), so that one accept authorises one call.
package tools

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

// Names of the operator tools.
const (
	ToolGetContext  = "appwrite_get_context"
	ToolSearchTools = "appwrite_search_tools"
	ToolCallTool    = "appwrite_call_tool"
)

// DefaultPageSize is the tools/list page size.
const DefaultPageSize = 100

// Outcomes of a tool call, for the Observer.
const (
	OutcomeOK            = "ok"             // the tool did its job
	OutcomeToolError     = "tool_error"     // bad input or an internal failure: nothing useful happened
	OutcomeRefused       = "refused"        // a guard refused it (write not confirmed, read-only, no project): nothing sent
	OutcomeUpstreamError = "upstream_error" // Appwrite answered with an error, or could not be reached
)

// Observer learns about every tool call (metrics). tool is the catalog
// tool behind appwrite_call_tool, else the operator tool's name.
type Observer interface {
	ToolCall(tool, outcome string, d time.Duration)
}

// Options configure NewServer. Catalog and Factory are required.
type Options struct {
	Catalog *catalog.Catalog
	Factory *appwrite.Factory
	// Router routes project calls to their region; nil: NewRouter(Factory).
	Router *appwrite.Router
	// OAuthProjectID is APPWRITE_PROJECT_ID, used for the
	// /oauth2/<project>/organizations and /projects fallbacks.
	OAuthProjectID string
	// Surface is config.SurfaceOperator (default) or config.SurfaceFull.
	Surface string
	// ReadOnly hides and refuses write and destructive tools.
	ReadOnly bool
	// MaxResultBytes bounds the text of one result (default 64 KiB).
	MaxResultBytes int
	// MaxBinaryBytes bounds an image or blob returned inline (default 4 MiB).
	MaxBinaryBytes int
	// PageSize is the tools/list page size (default 100).
	PageSize int
	Logger   *slog.Logger
	Version  string
	Observer Observer // nil: none
	// WriteConfirmation is config.ConfirmAuto (default), ConfirmElicit or
	// ConfirmFlag: how a write is confirmed (see confirmwrite.go).
	WriteConfirmation string
	// StateKey signs confirmation state (>= 32 bytes); empty: random.
	StateKey []byte
	// Ledger spends each accepted confirmation once; nil: in this process
	// (replicas share one through Redis).
	Ledger confirm.Ledger
	// Signer, when set, is used instead of one made from StateKey, so that
	// every server of one process (see Surfaces) shares one key and one
	// spent-state ledger.
	Signer *confirm.Signer
	// CallContext, when set, derives each tool call's context (the HTTP
	// layer links it to its request, so a client going away cancels the
	// call); the returned cancel runs when the call ends.
	CallContext func(context.Context) (context.Context, context.CancelFunc)
}

// service holds what every handler needs; it is read-only after NewServer.
type service struct {
	opts    Options
	log     *slog.Logger
	index   *toolsearch.Index
	visible []string // names callable in this mode, sorted
	shape   shape.Shaper
	regions *appwrite.Router
	signer  *confirm.Signer
}

// callInfo is what a handler reports about one call, for the observer.
type callInfo struct {
	tool    string // catalog tool, when one was resolved
	outcome string
}

// handler is a tool handler that also reports what happened.
type handler func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, callInfo)

// NewServer builds the one shared MCP server. Build it once at start: it
// does all schema work up front, so a request costs no per-tool work.
func NewServer(o Options) (*mcp.Server, error) {
	s, err := newService(o)
	if err != nil {
		return nil, err
	}
	capabilities := &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}}
	srv := mcp.NewServer(&mcp.Implementation{Name: "appwrite-mcp", Title: "Appwrite", Version: o.Version}, &mcp.ServerOptions{
		Instructions: s.instructions(),
		// go-sdk logs every stateless request's session at info; the HTTP
		// layer already writes one line per request, so only its warnings
		// and errors are kept.
		Logger:   slog.New(warnAndAbove{s.log.Handler()}),
		PageSize: s.opts.PageSize,
		// Stateless Streamable HTTP has no stream to send notifications on:
		// advertise tools without listChanged (go-sdk's default is true), and
		// no logging capability (a logging/setLevel could not outlive its
		// own request, and this server sends no log notifications).
		Capabilities: capabilities,
		SetCacheable: privateUncached,
	})
	srv.AddReceivingMiddleware(declaredOnly(capabilities))
	for _, t := range s.operatorTools() {
		srv.AddTool(t.tool, s.wrap(t.tool.Name, t.handler))
	}
	if s.opts.Surface == config.SurfaceFull {
		for _, t := range s.opts.Catalog.Tools() {
			if !s.offers(t) {
				continue
			}
			mt, err := directTool(t, s.opts.WriteConfirmation)
			if err != nil {
				return nil, err
			}
			srv.AddTool(mt, s.wrap(t.Name, s.directHandler(t)))
		}
	}
	return srv, nil
}

// declaredOnly refuses, as method not found, every request whose method
// belongs to a capability caps does not declare: go-sdk answers
// prompts/*, resources/*, logging/setLevel and completion/complete on any
// server, and a client must be able to trust the declared capabilities.
// Methods outside every capability (ping, server/discover, notifications)
// pass through.
func declaredOnly(caps *mcp.ServerCapabilities) mcp.Middleware {
	declared := map[string]bool{
		"tools/list": caps.Tools != nil, "tools/call": caps.Tools != nil,
		"prompts/list": caps.Prompts != nil, "prompts/get": caps.Prompts != nil,
		"resources/list": caps.Resources != nil, "resources/templates/list": caps.Resources != nil,
		"resources/read":        caps.Resources != nil,
		"resources/subscribe":   caps.Resources != nil && caps.Resources.Subscribe,
		"resources/unsubscribe": caps.Resources != nil && caps.Resources.Subscribe,
		"logging/setLevel":      caps.Logging != nil, //nolint:staticcheck // deprecated at 2026-07-28, still a capability at 2025-11-25
		"completion/complete":   caps.Completions != nil,
	}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if ok, gated := declared[method]; gated && !ok {
				return nil, &jsonrpc.Error{Code: jsonrpc.CodeMethodNotFound, Message: "method not found: this server does not declare " + method}
			}
			return next(ctx, method, req)
		}
	}
}

// privateUncached marks every cacheable result (server/discover, the list
// methods) private with a TTL of 0: what a listing holds depends on the
// deployment's configuration and, per connection, on the narrowing headers
// a client sends, so no shared cache may keep one and a client re-asks.
func privateUncached(_ context.Context, _ mcp.Request, c *mcp.Cacheable) {
	c.TTLMs, c.CacheScope = 0, "private"
}

func newService(o Options) (*service, error) {
	switch {
	case o.Catalog == nil:
		return nil, errors.New("tools: Options.Catalog is required")
	case o.Factory == nil:
		return nil, errors.New("tools: Options.Factory is required")
	}
	switch o.Surface {
	case "":
		o.Surface = config.SurfaceOperator
	case config.SurfaceOperator, config.SurfaceFull:
	default:
		return nil, fmt.Errorf("tools: unknown surface %q (want %q or %q)", o.Surface, config.SurfaceOperator, config.SurfaceFull)
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.OAuthProjectID == "" {
		o.OAuthProjectID = "console"
	}
	if o.Router == nil {
		o.Router = appwrite.NewRouter(o.Factory, appwrite.RouterOptions{Logger: o.Logger})
	}
	signer, err := newSigner(&o)
	if err != nil {
		return nil, err
	}
	s := &service{
		opts:    o,
		log:     o.Logger,
		shape:   shape.New(o.MaxResultBytes, o.MaxBinaryBytes),
		regions: o.Router,
		signer:  signer,
	}
	tools := o.Catalog.Tools()
	for _, t := range tools {
		if t.Name == ToolGetContext || t.Name == ToolSearchTools || t.Name == ToolCallTool {
			return nil, fmt.Errorf("tools: catalog tool %q collides with an operator tool", t.Name)
		}
		if s.offers(t) {
			s.visible = append(s.visible, t.Name)
		}
	}
	s.index = toolsearch.NewIndex(tools)
	return s, nil
}

// offers is the one rule for which catalog tools this server lists and
// lets be called: every tool its catalog holds (the configuration's
// exclusions and a connection's X-Appwrite-MCP-Services already applied,
// see Surfaces), only read tools when it is read-only (MCP_READ_ONLY or the
// connection's X-Appwrite-MCP-Read-Only). Search applies the same rule
// through toolsearch.Request.ReadOnly.
func (s *service) offers(t *catalog.Tool) bool { return !s.opts.ReadOnly || t.Class == catalog.Read }

// wrap adapts a handler to go-sdk: the caller's token is masked out of the
// result, a panic becomes an isError result and a log line with the stack
// (the MCP SDK does not recover handler panics), and the observer learns
// the outcome.
func (s *service) wrap(name string, h handler) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		if s.opts.CallContext != nil {
			var cancel context.CancelFunc
			ctx, cancel = s.opts.CallContext(ctx)
			defer cancel()
		}
		start := time.Now()
		info := callInfo{tool: name, outcome: OutcomeToolError}
		defer func() {
			if v := recover(); v != nil {
				// The panic value may quote the request (an upstream error
				// echoing the Authorization header): never log the token.
				// The stack holds argument words, not string contents.
				msg := shape.MaskString(fmt.Sprint(v), token(req))
				s.log.ErrorContext(ctx, "tool handler panic", "tool", name, "panic", msg, "stack", string(debug.Stack()))
				res, err = shape.Error("Internal error in "+name+": the server hit a bug and logged it. "+
					"The request may not have completed; if it was a change, check its effect with a read tool before retrying.", nil), nil
			}
			if s.opts.Observer != nil {
				s.opts.Observer.ToolCall(info.tool, info.outcome, time.Since(start))
			}
		}()
		var got callInfo
		res, got = h(ctx, req)
		if got.tool != "" {
			info.tool = got.tool
		}
		info.outcome = got.outcome
		shape.MaskToken(res, token(req))
		return res, nil
	}
}

func (s *service) instructions() string {
	b := "This server gives access to the Appwrite Cloud API of the signed-in user. Work in this order:\n" +
		"1. " + ToolGetContext + ": the account, its organizations and projects (ids, names, regions); choose the project_id.\n" +
		"2. " + ToolSearchTools + ": find the tool for the task (query in plain words; service_hints and argument_hints sharpen it).\n" +
		"3. " + ToolCallTool + ": call it with tool_name, arguments, and project_id for project tools (organization_id where needed).\n"
	if s.opts.ReadOnly {
		b += "This server is read-only: write and destructive tools are hidden and refused.\n"
	} else {
		b += confirm.Rule(s.opts.WriteConfirmation)
	}
	if s.opts.Surface == config.SurfaceFull {
		b += "Every catalog tool is also listed directly; it accepts project_id, organization_id and confirm_write next to its own arguments.\n"
	}
	return b + "Large results are cut; narrow them with Appwrite queries (limit, select, cursorAfter)."
}

// tokenInfo returns the verified token of the request, or nil.
func tokenInfo(req *mcp.CallToolRequest) *mcpauth.TokenInfo {
	if req == nil || req.Extra == nil {
		return nil
	}
	return req.Extra.TokenInfo
}

// token returns the raw bearer token of the request, or "".
func token(req *mcp.CallToolRequest) string { return auth.AccessToken(tokenInfo(req)) }

// subject returns the verified token's subject (the Appwrite user id), or "".
func subject(req *mcp.CallToolRequest) string {
	if ti := tokenInfo(req); ti != nil {
		return ti.UserID
	}
	return ""
}

const errNoToken = "No access token reached this tool call; the server must be reached through its authenticated /mcp endpoint. Reconnect and sign in again."

// refused is an isError result for a call a guard stopped.
func refused(text string, details map[string]any) (*mcp.CallToolResult, callInfo) {
	return shape.Error(text, details), callInfo{outcome: OutcomeRefused}
}

// toolError is an isError result for bad input.
func toolError(text string) (*mcp.CallToolResult, callInfo) {
	return shape.Error(text, nil), callInfo{outcome: OutcomeToolError}
}

// warnAndAbove passes on only records at warn level or above.
type warnAndAbove struct{ slog.Handler }

func (h warnAndAbove) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnAndAbove) WithAttrs(a []slog.Attr) slog.Handler {
	return warnAndAbove{h.Handler.WithAttrs(a)}
}

func (h warnAndAbove) WithGroup(name string) slog.Handler {
	return warnAndAbove{h.Handler.WithGroup(name)}
}
