package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// Tool surfaces (the values of MCP_TOOL_SURFACE).
const (
	SurfaceOperator = "operator"
	SurfaceFull     = "full"
)

// Names of the operator tools.
const (
	ToolGetContext  = "appwrite_get_context"
	ToolSearchTools = "appwrite_search_tools"
	ToolCallTool    = "appwrite_call_tool"
)

// Defaults for Options.
const (
	DefaultMaxResultBytes = 64 << 10
	DefaultMaxBinaryBytes = 4 << 20
	DefaultPageSize       = 100
	DefaultRegionTTL      = 5 * time.Minute
	defaultRegionCache    = 1024
)

// Options configure NewServer.
type Options struct {
	// Tools is the generated catalog (catalog.Catalog.Tools()), sorted by name.
	Tools []*catalog.Tool
	// Backend opens per-request Appwrite connections (NewAppwriteBackend).
	Backend Backend
	// AccessToken extracts the raw bearer token from the verified token
	// info; auth.AccessToken when nil.
	AccessToken func(*mcpauth.TokenInfo) string

	// Endpoint is APPWRITE_ENDPOINT; region routing applies only to the
	// global Cloud endpoint https://cloud.appwrite.io/v1.
	Endpoint string
	// OAuthProjectID is APPWRITE_PROJECT_ID, used for the
	// /oauth2/<project>/organizations and /projects fallbacks.
	OAuthProjectID string
	// Surface is SurfaceOperator (default) or SurfaceFull.
	Surface string
	// ReadOnly hides and refuses write and destructive tools.
	ReadOnly bool
	// MaxResultBytes bounds the text of one result (default 64 KiB).
	MaxResultBytes int
	// MaxBinaryBytes bounds an image or blob returned inline (default 4 MiB).
	MaxBinaryBytes int
	// PageSize is the tools/list page size (default 100).
	PageSize int
	// RegionTTL is how long a project's region is cached (default 5 min).
	RegionTTL time.Duration

	Logger  *slog.Logger
	Version string
	// Now is the clock (tests); time.Now when nil.
	Now func() time.Time
}

// service holds what every handler needs; it is read-only after NewServer
// except for the region cache, which has its own lock.
type service struct {
	opts    Options
	log     *slog.Logger
	index   *searchIndex
	byName  map[string]*catalog.Tool
	visible []string // names callable in this mode, sorted
	shape   shaper
	regions *regionRouter
}

// NewServer builds the one shared MCP server. Build it once at start: it
// does all schema work up front, so a request costs no per-tool work.
func NewServer(o Options) (*mcp.Server, error) {
	s, err := newService(o)
	if err != nil {
		return nil, err
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: "appwrite-mcp", Title: "Appwrite", Version: o.Version}, &mcp.ServerOptions{
		Instructions: s.instructions(),
		Logger:       s.log,
		PageSize:     s.opts.PageSize,
		// Stateless Streamable HTTP has no stream to send notifications on:
		// advertise tools without listChanged (go-sdk's default is true), and
		// no logging capability (a logging/setLevel could not outlive its
		// own request, and this server sends no log notifications).
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}},
	})
	for _, t := range s.operatorTools() {
		srv.AddTool(t.tool, s.wrap(t.tool.Name, t.handler))
	}
	if s.opts.Surface == SurfaceFull {
		for _, t := range s.opts.Tools {
			if s.opts.ReadOnly && t.Class != catalog.Read {
				continue
			}
			mt, err := s.directTool(t)
			if err != nil {
				return nil, err
			}
			srv.AddTool(mt, s.wrap(t.Name, s.directHandler(t)))
		}
	}
	return srv, nil
}

func newService(o Options) (*service, error) {
	if o.Backend == nil {
		return nil, errors.New("tools: Options.Backend is required")
	}
	if o.AccessToken == nil {
		o.AccessToken = auth.AccessToken
	}
	switch o.Surface {
	case "":
		o.Surface = SurfaceOperator
	case SurfaceOperator, SurfaceFull:
	default:
		return nil, fmt.Errorf("tools: unknown surface %q (want %q or %q)", o.Surface, SurfaceOperator, SurfaceFull)
	}
	if o.MaxResultBytes <= 0 {
		o.MaxResultBytes = DefaultMaxResultBytes
	}
	if o.MaxResultBytes < 2*noteBudget {
		o.MaxResultBytes = 2 * noteBudget
	}
	if o.MaxBinaryBytes <= 0 {
		o.MaxBinaryBytes = DefaultMaxBinaryBytes
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.RegionTTL <= 0 {
		o.RegionTTL = DefaultRegionTTL
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OAuthProjectID == "" {
		o.OAuthProjectID = "console"
	}
	s := &service{
		opts:    o,
		log:     o.Logger,
		byName:  make(map[string]*catalog.Tool, len(o.Tools)),
		shape:   shaper{maxText: o.MaxResultBytes, maxBinary: o.MaxBinaryBytes},
		regions: newRegionRouter(o.Endpoint, o.RegionTTL, defaultRegionCache, o.Now, o.Logger),
	}
	searchable := make([]*catalog.Tool, 0, len(o.Tools))
	for _, t := range o.Tools {
		if t == nil {
			return nil, errors.New("tools: nil catalog tool")
		}
		if _, dup := s.byName[t.Name]; dup {
			return nil, fmt.Errorf("tools: duplicate catalog tool %q", t.Name)
		}
		if t.Name == ToolGetContext || t.Name == ToolSearchTools || t.Name == ToolCallTool {
			return nil, fmt.Errorf("tools: catalog tool %q collides with an operator tool", t.Name)
		}
		s.byName[t.Name] = t
		if !o.ReadOnly || t.Class == catalog.Read {
			s.visible = append(s.visible, t.Name)
		}
		searchable = append(searchable, t)
	}
	s.index = newSearchIndex(searchable)
	return s, nil
}

// wrap turns a panic inside a handler into an isError result and a log line
// with the stack (the MCP SDK does not recover handler panics).
func (s *service) wrap(name string, h mcp.ToolHandler) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		defer func() {
			if v := recover(); v != nil {
				// The panic value may quote the request (an upstream error
				// echoing the Authorization header): never log the token.
				// The stack holds argument words, not string contents.
				msg := fmt.Sprint(v)
				if tok := s.token(req); tok != "" {
					msg = strings.ReplaceAll(msg, tok, "[REDACTED]")
				}
				s.log.ErrorContext(ctx, "tool handler panic", "tool", name, "panic", msg, "stack", string(debug.Stack()))
				res, err = errorResult("Internal error in "+name+": the server hit a bug and logged it. "+
					"The request may not have completed; if it was a change, check its effect with a read tool before retrying.", nil), nil
			}
		}()
		res, err = h(ctx, req)
		redactToken(res, s.token(req))
		return res, err
	}
}

// redactToken removes the caller's bearer token from a result, in case an
// upstream answer (an error page echoing request headers, say) quoted it:
// the model must never see the token.
func redactToken(res *mcp.CallToolResult, token string) {
	if res == nil || token == "" {
		return
	}
	const mask = "[REDACTED]"
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok && strings.Contains(tc.Text, token) {
			tc.Text = strings.ReplaceAll(tc.Text, token, mask)
		}
	}
	if res.StructuredContent == nil {
		return
	}
	raw, ok := res.StructuredContent.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(res.StructuredContent); err != nil {
			return
		}
	}
	// A token is token68 (no characters JSON escapes), so it appears in the
	// encoding verbatim and replacing it keeps the JSON valid.
	if bytes.Contains(raw, []byte(token)) {
		res.StructuredContent = json.RawMessage(bytes.ReplaceAll(raw, []byte(token), []byte(mask)))
	}
}

func (s *service) instructions() string {
	var b strings.Builder
	b.WriteString("This server gives access to the Appwrite Cloud API of the signed-in user. Work in this order:\n")
	b.WriteString("1. " + ToolGetContext + ": the account, its organizations and projects (ids, names, regions); choose the project_id.\n")
	b.WriteString("2. " + ToolSearchTools + ": find the tool for the task (query in plain words; service_hints and argument_hints sharpen it).\n")
	b.WriteString("3. " + ToolCallTool + ": call it with tool_name, arguments, and project_id for project tools (organization_id where needed).\n")
	if s.opts.ReadOnly {
		b.WriteString("This server is read-only: write and destructive tools are hidden and refused.\n")
	} else {
		b.WriteString("Write rule: a write or destructive tool runs only with confirm_write: true (the JSON boolean), " +
			"and only after the user confirmed that exact change; without it nothing is sent. Deletions cannot be undone.\n")
	}
	if s.opts.Surface == SurfaceFull {
		b.WriteString("Every catalog tool is also listed directly; it accepts project_id, organization_id and confirm_write next to its own arguments.\n")
	}
	b.WriteString("Large results are cut; narrow them with Appwrite queries (limit, select, cursorAfter).")
	return b.String()
}

// tokenInfo returns the verified token of the request, or nil.
func tokenInfo(req *mcp.CallToolRequest) *mcpauth.TokenInfo {
	if req == nil || req.Extra == nil {
		return nil
	}
	return req.Extra.TokenInfo
}

// token returns the raw bearer token of the request, or "".
func (s *service) token(req *mcp.CallToolRequest) string {
	if ti := tokenInfo(req); ti != nil {
		return s.opts.AccessToken(ti)
	}
	return ""
}

// subject returns the verified token's subject (the Appwrite user id), or "".
func subject(req *mcp.CallToolRequest) string {
	if ti := tokenInfo(req); ti != nil {
		return ti.UserID
	}
	return ""
}

const errNoToken = "No access token reached this tool call; the server must be reached through its authenticated /mcp endpoint. Reconnect and sign in again."

// rawArgs decodes a tool call's arguments into normalised top-level keys.
// aliases maps extra spellings to canonical names; allowed lists the
// canonical names. Unknown keys are an error naming the allowed ones.
func rawArgs(raw json.RawMessage, allowed []string, aliases map[string]string) (map[string]json.RawMessage, error) {
	in := map[string]json.RawMessage{}
	if t := strings.TrimSpace(string(raw)); t != "" && t != "null" {
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, errors.New("the arguments must be a JSON object")
		}
	}
	out := make(map[string]json.RawMessage, len(in))
	isAllowed := func(k string) bool {
		for _, a := range allowed {
			if a == k {
				return true
			}
		}
		return false
	}
	for k, v := range in {
		name := snakeKey(k)
		if a, ok := aliases[name]; ok {
			name = a
		}
		if !isAllowed(name) {
			msg := fmt.Sprintf("unknown argument %q; allowed: %s", truncateForMessage(k, 80), strings.Join(allowed, ", "))
			if near := closest(k, allowed, 1); len(near) == 1 {
				msg += fmt.Sprintf(" (did you mean %q?)", near[0])
			}
			return nil, errors.New(msg)
		}
		if prev, dup := out[name]; dup && string(prev) != string(v) {
			return nil, fmt.Errorf("argument %q given twice with different values", name)
		}
		out[name] = v
	}
	return out, nil
}

// stringArg reads an optional string argument.
func stringArg(m map[string]json.RawMessage, key string) (string, error) {
	v, ok := m[key]
	if !ok || string(v) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("%s must be a string", key)
	}
	return strings.TrimSpace(s), nil
}

// validID checks an Appwrite ID used in a header or path: letters, digits,
// '.', '_', '-', at most 36 characters, not starting with a special character.
func validID(id string) bool {
	if id == "" || len(id) > 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !alnum && (i == 0 || (c != '.' && c != '_' && c != '-')) {
			return false
		}
	}
	return true
}
