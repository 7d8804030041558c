package tools

import (
	"context"
	"errors"
	"log/slog"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
	"github.com/appwrite/appwrite-mcp/internal/shape"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch"
)

// Deps are the shared parts FromConfig wires in; every field is optional.
type Deps struct {
	Upstream    appwrite.Observer    // upstream request metrics
	Tools       Observer             // tool call metrics
	RegionCache appwrite.RegionCache // nil: in-process
	Ledger      confirm.Ledger       // spent confirmations; nil: in-process
	// CallContext derives each tool call's context (Options.CallContext).
	CallContext func(context.Context) (context.Context, context.CancelFunc)
}

// FromConfig builds the shared MCP servers (the default one and, on
// demand, per-connection narrowings) from the process configuration:
// the catalog (EXCLUDED_SERVICES, EXCLUDED_TOOLS, INCLUDED_TOOLS), one
// appwrite.Factory and Router, and the surface, read-only flag and result
// bound of cfg, and how writes are confirmed (MCP_WRITE_CONFIRMATION,
// MCP_STATE_KEY). cmd/appwrite-mcp calls it once at start. A bad tool or
// service name is a *config.Error naming the variable.
func FromConfig(cfg config.Config, version string, logger *slog.Logger, deps Deps) (*Surfaces, error) {
	toolsearch.Preload() // while the catalog is built
	cat, err := catalog.New(catalog.Options{
		ExcludedServices: cfg.ExcludedServices,
		ExcludedTools:    cfg.ExcludedTools,
		IncludedTools:    cfg.IncludedTools,
	})
	if err != nil {
		var oe *catalog.OptionError
		if errors.As(err, &oe) {
			return nil, &config.Error{Var: oe.Var, Reason: oe.Reason}
		}
		return nil, err
	}
	factory := appwrite.NewFactory(FactoryOptions(cfg, version, deps.Upstream))
	return NewSurfaces(Options{
		Catalog:           cat,
		Factory:           factory,
		Router:            appwrite.NewRouter(factory, appwrite.RouterOptions{Cache: deps.RegionCache, Logger: logger}),
		OAuthProjectID:    cfg.AppwriteProjectID,
		Surface:           cfg.ToolSurface,
		ReadOnly:          cfg.ReadOnly,
		MaxResultBytes:    cfg.MaxResultBytes,
		Logger:            logger,
		Version:           version,
		Observer:          deps.Tools,
		CallContext:       deps.CallContext,
		WriteConfirmation: cfg.WriteConfirmation,
		StateKey:          cfg.StateKey,
		Ledger:            deps.Ledger,
	})
}

// FactoryOptions are the upstream client options for cfg. An upstream
// answer is read whole before it is shaped (JSON is parsed into a tree to
// cut it at element boundaries, several times its size in memory), so it
// is bounded by what a result can use: an inline binary or a few times
// MaxResultBytes of JSON. A larger answer fails with a request to ask for
// less, instead of costing hundreds of MB per call.
func FactoryOptions(cfg config.Config, version string, obs appwrite.Observer) appwrite.Options {
	return appwrite.Options{
		Endpoint:         cfg.AppwriteEndpoint,
		DefaultProject:   cfg.AppwriteProjectID,
		UserAgent:        "appwrite-mcp/" + version,
		Timeout:          cfg.AppwriteTimeout,
		MaxUploadBytes:   cfg.MaxUploadBytes,
		MaxResponseBytes: max(int64(shape.DefaultMaxBinary), 4*int64(cfg.MaxResultBytes)),
		MaxConnsPerHost:  cfg.UpstreamMaxConnsPerHost,
		Observer:         obs,
	}
}
