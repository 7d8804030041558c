// Package tools builds the MCP surface of appwrite-mcp: one shared go-sdk
// *mcp.Server whose tools are either the three operator tools
// (appwrite_get_context, appwrite_search_tools, appwrite_call_tool) or, in the
// full surface, every catalog tool plus those three. It owns the write guard,
// argument normalisation, target (project/organization) handling, region
// routing, result shaping and bounding, and error mapping. It is stateless:
// nothing a call produces is kept for a later call.
package tools

import (
	"context"
	"fmt"
	"strconv"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// Target says where one upstream call goes.
type Target struct {
	ProjectID      string // X-Appwrite-Project + X-Appwrite-Mode: admin when set
	OrganizationID string // X-Appwrite-Organization when set
	Endpoint       string // override of the API base, e.g. a regional endpoint
}

// Response is a raw upstream answer.
type Response struct {
	Status      int
	ContentType string
	Location    string // Location header of a 3xx answer
	Body        []byte
	// Undecoded is set when a 2xx body could not be decoded by the SDK.
	Undecoded bool
}

// Conn is one per-request upstream connection bound to a token and a target.
type Conn interface {
	// Invoke runs a catalog tool with snake_case arguments. Errors are
	// *UpstreamError (Appwrite answered non-2xx), *ArgumentError (bad input,
	// nothing sent) or anything else (transport failure).
	Invoke(ctx context.Context, tool *catalog.Tool, args map[string]any) (*Response, error)
	// Call sends a generic request (console routes the SDK lacks).
	Call(ctx context.Context, method, path string, query map[string]any) (*Response, error)
	// Close releases the connection.
	Close()
}

// Backend opens per-request connections to Appwrite.
type Backend interface {
	Open(ctx context.Context, token string, t Target) Conn
}

// UpstreamError is a non-2xx answer from Appwrite.
type UpstreamError struct {
	Status  int
	Type    string
	Message string
	Body    []byte
}

func (e *UpstreamError) Error() string {
	s := "appwrite: HTTP " + strconv.Itoa(e.Status)
	if e.Type != "" {
		s += " " + e.Type
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// ArgumentError is bad tool input found before anything was sent upstream.
type ArgumentError struct {
	Param   string
	Problem string
}

func (e *ArgumentError) Error() string {
	if e.Param == "" {
		return e.Problem
	}
	return fmt.Sprintf("argument %q: %s", e.Param, e.Problem)
}
