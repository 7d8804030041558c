// Package httpserver is appwrite-mcp's HTTP surface: a chi router serving
// MCP Streamable HTTP (stateless) at POST /mcp behind an OAuth 2.1 bearer
// check, the RFC 9728 protected-resource metadata, a copy of the
// authorization server's discovery document for older clients, health and
// readiness probes, and the cross-cutting middleware (request ids, one log
// line per request, panic recovery, Origin validation, CORS, body size and
// read-time limits, JSON-RPC id checks, per-user rate and in-flight
// limits).
//
// The caller builds one shared *mcp.Server and a token verifier and passes
// both to New; Serve runs an *http.Server until its context ends and then
// drains in-flight requests.
package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	mcpauth "github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// Paths served by the router.
const (
	PathMCP                  = "/mcp"
	PathRoot                 = "/" // MCP too, for clients given the bare origin
	PathProtectedResource    = "/.well-known/oauth-protected-resource"
	PathProtectedResourceMCP = PathProtectedResource + PathMCP
	PathASMetadata           = "/.well-known/oauth-authorization-server"
	PathOIDCConfiguration    = "/.well-known/openid-configuration"
	PathHealth               = "/healthz"
	PathReady                = "/readyz"
)

// DefaultMetadataWait bounds how long a 401 challenge or a metadata document
// waits for the authorization server's discovery document.
const DefaultMetadataWait = 2 * time.Second

// TokenVerifier is what the server needs from the token verifier
// (*auth.Verifier implements it).
type TokenVerifier interface {
	// Verify checks a bearer token. Errors are *auth.TokenError.
	Verify(ctx context.Context, token string, r *http.Request) (*mcpauth.TokenInfo, error)
	// Ready is nil once discovery and signing keys have loaded.
	Ready() error
	// Metadata returns the authorization server's discovery document (cached).
	Metadata(ctx context.Context) (*auth.Metadata, error)
}

var _ TokenVerifier = (*auth.Verifier)(nil)

// Options configure New. Config, Verifier and MCPServer are required.
type Options struct {
	// Config is the validated process configuration.
	Config config.Config
	// Verifier verifies bearer tokens and supplies the authorization
	// server's metadata.
	Verifier TokenVerifier
	// MCPServer is the shared MCP server a request is served by unless it
	// narrows its surface.
	MCPServer *mcp.Server
	// Narrow builds (or finds) the server for a connection that narrows its
	// surface with X-Appwrite-MCP-Services / X-Appwrite-MCP-Read-Only; nil:
	// such a request is refused with 400.
	Narrow NarrowFunc
	// Logger receives one line per request. Default: discard.
	Logger *slog.Logger
	// Version is reported by /healthz. Default "dev".
	Version string
	// MetadataWait bounds waiting for discovery while answering. Default
	// DefaultMetadataWait.
	MetadataWait time.Duration
	// Redis, when set, adds the shared Redis's state to /readyz's body
	// (never its status: a Redis outage must not empty the load balancer).
	Redis interface{ Healthy() error }
	// Observer learns about requests refused by a limit; nil: none.
	Observer Observer
	// RateLimitCounter keeps the per-user rate-limit counts; nil: in this
	// process (a shared counter makes the limit hold across replicas).
	RateLimitCounter LimitCounter
}

// New returns the router: POST /mcp, the metadata documents and the probes.
func New(o Options) (http.Handler, error) {
	switch {
	case o.Verifier == nil:
		return nil, errors.New("httpserver: Options.Verifier is nil")
	case o.MCPServer == nil:
		return nil, errors.New("httpserver: Options.MCPServer is nil")
	case o.Config.PublicURL == "":
		return nil, errors.New("httpserver: Options.Config.PublicURL is empty (use config.Load)")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.MetadataWait <= 0 {
		o.MetadataWait = DefaultMetadataWait
	}
	origins, err := newOriginPolicy(o.Config)
	if err != nil {
		return nil, err
	}
	s := &server{
		o: o, origins: origins,
		inflight: newInflight(o.Config.MaxInFlightPerUser, o.Config.MaxInFlight),
	}
	return s.router(s.mcpHandler()), nil
}

// mcpHandler is go-sdk's stateless Streamable HTTP handler behind the step
// that hands it the verified TokenInfo.
func (s *server) mcpHandler() http.Handler {
	o := s.o
	streamable := mcp.NewStreamableHTTPHandler(
		s.mcpServerFor,
		&mcp.StreamableHTTPOptions{
			Stateless: true,
			// go-sdk's localhost protection answers 403 to a loopback
			// connection carrying a non-loopback Host: exactly what a TLS
			// sidecar or local reverse proxy sends. The DNS-rebinding
			// defense here is the Origin check (a rebound page's Origin is
			// the attacker's name, never an allowed origin), and every
			// request must carry a valid bearer token bound to this
			// resource, which a rebinding page does not have.
			DisableLocalhostProtection: true,
			MaxRequestBodyBytes:        o.Config.MaxBodyBytes,
			Logger:                     o.Logger,
		},
	)
	// go-sdk keeps TokenInfo under an unexported context key that only its
	// RequireBearerToken middleware sets. requireBearer has verified the
	// token already and stored the result; this inner step hands that same
	// TokenInfo to go-sdk, so tool handlers see it as req.Extra.TokenInfo.
	withTokenInfo := mcpauth.RequireBearerToken(
		func(ctx context.Context, _ string, _ *http.Request) (*mcpauth.TokenInfo, error) {
			if ti := verifiedTokenInfo(ctx); ti != nil {
				return ti, nil
			}
			return nil, mcpauth.ErrInvalidToken
		},
		&mcpauth.RequireBearerTokenOptions{
			ResourceMetadataURL: s.resourceMetadataURL(),
			// The verifier's own skew, so this step never rejects what the
			// verifier accepted.
			ClockSkew: auth.MaxClockSkew,
		},
	)(streamable)
	return withTokenInfo
}

// router routes the public port: probes, metadata documents and /mcp with
// its middleware.
func (s *server) router(mcpHandler http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.logRequests, s.recoverPanics)
	r.NotFound(func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
	})

	r.Get(PathHealth, s.health)
	r.Get(PathReady, s.ready)

	r.Group(func(r chi.Router) {
		r.Use(openCORS)
		r.Get(PathProtectedResource, s.protectedResourceMetadata)
		r.Options(PathProtectedResource, noContent)
		r.Get(PathProtectedResourceMCP, s.protectedResourceMetadata)
		r.Options(PathProtectedResourceMCP, noContent)
		r.Get(PathASMetadata, s.authorizationServerMetadata)
		r.Options(PathASMetadata, noContent)
		r.Get(PathOIDCConfiguration, s.authorizationServerMetadata)
		r.Options(PathOIDCConfiguration, noContent)
	})

	r.Group(func(r chi.Router) {
		r.Use(s.checkOrigin, s.mcpCORS)
		// Cheapest refusals first; the body is read (and its ids checked)
		// only for a verified user within the rate limit. One chain serves
		// both paths, so they share one rate limit and one in-flight count.
		mcpRoute := r.With(s.rejectQueryToken, s.limitBody, s.requireBearer, s.newRateLimit(), s.selectServer, s.readBody, s.limitInflight)
		notAllowed := func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed",
				"this server is stateless: only POST is served here (no SSE stream, no sessions)")
		}
		for _, path := range []string{PathMCP, PathRoot} {
			r.Options(path, noContent)
			mcpRoute.Post(path, mcpHandler.ServeHTTP)
			for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPut, http.MethodPatch, http.MethodHead} {
				r.MethodFunc(m, path, notAllowed)
			}
		}
	})
	return r
}

type server struct {
	o        Options
	origins  originPolicy
	inflight *inflight
}

// resourceMetadataURL is where the RFC 9728 document for /mcp lives.
func (s *server) resourceMetadataURL() string {
	return s.o.Config.PublicURL + PathProtectedResourceMCP
}

// resourceFor is the resource an MCP path or metadata path names: the
// root spellings (/ and the root metadata document) name <MCP_PUBLIC_URL>/,
// everything else <MCP_PUBLIC_URL>/mcp. A token for either is accepted on
// both (config.Audiences).
func (s *server) resourceFor(path string) (resource, metadataURL string) {
	if path == PathRoot || path == PathProtectedResource {
		return s.o.Config.PublicURL + "/", s.o.Config.PublicURL + PathProtectedResource
	}
	return s.o.Config.Resource(), s.resourceMetadataURL()
}

func noContent(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
