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

	"github.com/go-chi/httprate"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
	"github.com/appwrite/appwrite-mcp/internal/redisstore"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// Server is one assembled server. Handler serves the public port; Metrics
// (nil when off) serves METRICS_ADDR.
type Server struct {
	Handler  http.Handler
	Verifier *auth.Verifier
	MCP      *mcp.Server
	Metrics  *metrics.Metrics
	// Redis is the state shared by all replicas (REDIS_URL); nil when
	// unset. Its Use is the once-only store a write confirmation takes.
	Redis *redisstore.Store
	// LimitCounter is the /mcp rate limiter's shared counter
	// (httprate.WithLimitCounter); nil: in-process.
	LimitCounter httprate.LimitCounter
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
	shared, err := newShared(ctx, cfg, logger, m)
	if err != nil {
		return nil, err
	}
	// Each package takes the metrics through the Observer interface it
	// defines; *metrics.Metrics is nil-safe, so "off" needs no special case.
	surfaces, err := tools.FromConfig(cfg, info.Version, logger.With("component", "tools"), tools.Deps{
		Upstream: m, Tools: m, RegionCache: shared.regions, Ledger: shared.ledger,
		// go-sdk's stateless handler detaches tool calls from their HTTP
		// request; this links them back, so a client going away cancels
		// the upstream call.
		CallContext: httpserver.LinkRequest,
	})
	if err != nil {
		shared.close()
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
		Config:           cfg,
		Verifier:         verifier,
		MCPServer:        surfaces.Default(),
		Narrow:           surfaces.Narrowed,
		Logger:           logger,
		Version:          info.Version,
		Redis:            shared.health,
		Observer:         m,
		RateLimitCounter: shared.counter,
	})
	if err != nil {
		verifier.Close()
		shared.close()
		return nil, fmt.Errorf("app: %w", err)
	}
	return &Server{
		Handler: handler, Verifier: verifier, MCP: surfaces.Default(), Metrics: m,
		Redis: shared.store, LimitCounter: shared.counter,
	}, nil
}

// Close stops the verifier's and the Redis store's background work.
func (s *Server) Close() {
	s.Verifier.Close()
	if s.Redis != nil {
		s.Redis.Close()
	}
}

// shared is what REDIS_URL provides, each part nil (in-process) without it.
// The parts are interfaces set only when the store exists, never a nil
// *Store in an interface.
type shared struct {
	store   *redisstore.Store
	regions appwrite.RegionCache
	counter httprate.LimitCounter
	ledger  confirm.Ledger
	health  interface{ Healthy() error }
}

func newShared(ctx context.Context, cfg config.Config, logger *slog.Logger, m *metrics.Metrics) (shared, error) {
	if cfg.RedisURL == "" {
		return shared{}, nil
	}
	l := logger.With("component", "redis")
	redisstore.SetLibraryLogger(l)
	st, err := redisstore.New(ctx, cfg.RedisURL, redisstore.Options{Logger: l, Observer: m})
	if err != nil {
		return shared{}, &config.Error{Var: "REDIS_URL", Reason: err.Error()}
	}
	return shared{store: st, regions: st.RegionCache(), counter: st.LimitCounter("mcp"), ledger: st, health: st}, nil
}

func (s shared) close() {
	if s.store != nil {
		s.store.Close()
	}
}
