// Package app assembles the server from its parts — token verifier, tool
// server, HTTP stack, metrics — exactly as every program that runs it needs
// them: the appwrite-mcp binary, the local sandbox and the test stack all
// call New, so what is tested and tried is what ships.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// Server is one assembled server. Handler serves the public port; Metrics
// (nil when off) serves METRICS_ADDR.
type Server struct {
	Handler  http.Handler
	Verifier *auth.Verifier
	MCP      *mcp.Server
	Metrics  *metrics.Metrics
}

// Options adjust New; the zero value is production.
type Options struct {
	// Metrics records every series; nil: a registry is made when
	// cfg.MetricsAddr is set, else nothing is recorded.
	Metrics *metrics.Metrics
	// VerifierTuning adjusts the verifier's options (tests shorten retries).
	VerifierTuning func(*auth.Options)
}

// New builds the server for cfg. The verifier starts loading discovery and
// keys in the background (it never blocks); Close stops it. A bad tool or
// service name is a *config.Error.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, info buildinfo.Info, o Options) (*Server, error) {
	m := o.Metrics
	if m == nil && cfg.MetricsAddr != "" {
		m = metrics.New(info)
	}
	// Each package takes the metrics through the Observer interface it
	// defines; *metrics.Metrics is nil-safe, so "off" needs no special case.
	mcpServer, err := tools.FromConfig(cfg, info.Version, logger.With("component", "tools"), tools.Deps{
		Upstream: m, Tools: m,
		// go-sdk's stateless handler detaches tool calls from their HTTP
		// request; this links them back, so a client going away cancels
		// the upstream call.
		CallContext: httpserver.LinkRequest,
	})
	if err != nil {
		return nil, err
	}
	ao := auth.Options{
		Endpoint:       cfg.AppwriteEndpoint,
		ProjectID:      cfg.AppwriteProjectID,
		Audiences:      cfg.Audiences(),
		MetadataTTL:    cfg.MetadataTTL,
		TokenCacheSize: cfg.TokenCacheSize,
		Logger:         logger.With("component", "auth"),
		Observer:       m,
	}
	if o.VerifierTuning != nil {
		o.VerifierTuning(&ao)
	}
	verifier := auth.NewVerifier(ctx, ao)
	handler, err := httpserver.New(httpserver.Options{
		Config:    cfg,
		Verifier:  verifier,
		MCPServer: mcpServer,
		Logger:    logger,
		Version:   info.Version,
		Observer:  m,
	})
	if err != nil {
		verifier.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	return &Server{Handler: handler, Verifier: verifier, MCP: mcpServer, Metrics: m}, nil
}

// Close stops the verifier's background work.
func (s *Server) Close() { s.Verifier.Close() }
