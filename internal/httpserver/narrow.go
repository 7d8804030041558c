package httpserver

import (
	"context"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Request headers a connection narrows its tool surface with.
const (
	// HeaderServices lists services whose tools the connection sees directly
	// (comma-separated Appwrite service names, e.g. "tables_db,storage");
	// search and appwrite_call_tool then reach only those services.
	HeaderServices = "X-Appwrite-MCP-Services"
	// HeaderReadOnly "true" makes the connection read-only even when the
	// server is not; "false" changes nothing.
	HeaderReadOnly = "X-Appwrite-MCP-Read-Only"
)

// Bounds of a services header.
const (
	maxNarrowServices = 32
	maxServiceName    = 40
)

// NarrowFunc returns the MCP server for a connection that narrows its
// surface; an error names what is wrong with the request (HTTP 400).
type NarrowFunc func(services []string, readOnly bool) (*mcp.Server, error)

type serverKey struct{}

// selectServer picks the MCP server for the request's narrowing headers
// and hands it to go-sdk through the request context. A malformed or
// repeated header, an unknown service, or a narrowing the server cannot
// make is refused with 400 before anything else happens.
func (s *server) selectServer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		services, readOnly, problem := parseNarrowing(r.Header)
		if problem != "" {
			writeError(w, http.StatusBadRequest, "invalid_request", problem)
			return
		}
		if len(services) == 0 && !readOnly {
			next.ServeHTTP(w, r)
			return
		}
		if s.o.Narrow == nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "this server does not narrow its tools per connection")
			return
		}
		srv, err := s.o.Narrow(services, readOnly)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", err.Error())
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), serverKey{}, srv)))
	})
}

// mcpServerFor is go-sdk's server callback: the narrowed server chosen by
// selectServer, else the default one.
func (s *server) mcpServerFor(r *http.Request) *mcp.Server {
	if srv, ok := r.Context().Value(serverKey{}).(*mcp.Server); ok {
		return srv
	}
	return s.o.MCPServer
}

// parseNarrowing reads the narrowing headers. Each may appear once; the
// services header names at least one service when present.
func parseNarrowing(h http.Header) (services []string, readOnly bool, problem string) {
	ro := h.Values(HeaderReadOnly)
	svc := h.Values(HeaderServices)
	switch {
	case len(ro) > 1:
		return nil, false, HeaderReadOnly + " is repeated; send it once"
	case len(svc) > 1:
		return nil, false, HeaderServices + " is repeated; send it once, comma-separated"
	}
	if len(ro) == 1 {
		switch strings.ToLower(strings.TrimSpace(ro[0])) {
		case "true":
			readOnly = true
		case "false":
		default:
			return nil, false, HeaderReadOnly + " must be true or false"
		}
	}
	if len(svc) == 0 {
		return nil, readOnly, ""
	}
	for _, name := range strings.Split(svc[0], ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		if len(name) > maxServiceName {
			return nil, false, HeaderServices + " names a service longer than any Appwrite service"
		}
		services = append(services, name)
	}
	switch {
	case len(services) == 0:
		return nil, false, HeaderServices + " names no service"
	case len(services) > maxNarrowServices:
		return nil, false, HeaderServices + " names too many services"
	}
	return services, readOnly, ""
}
