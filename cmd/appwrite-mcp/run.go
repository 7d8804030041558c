package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"

	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// Exit codes of run.
const (
	exitOK     = 0
	exitFailed = 1 // could not listen, or serving failed
	exitConfig = 2 // invalid configuration
)

// run is the whole program: load the configuration, build the verifier, the
// MCP server and the HTTP server, serve until ctx ends, drain, and return the
// exit code. Logs go to stderr; usage (-h) goes to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stdout)
	if errors.Is(err, config.ErrHelp) {
		return exitOK
	}
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp: invalid configuration: %v\n", err)
		return exitConfig
	}
	logger := newLogger(cfg, stderr)
	version := buildVersion()

	mcpServer, err := tools.FromConfig(cfg, version, logger.With("component", "tools"), tools.Deps{})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp: invalid configuration: %v\n", err)
		return exitConfig
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr())
	if err != nil {
		logger.Error("cannot listen", "addr", cfg.Addr(), "error", err)
		return exitFailed
	}
	defer func() { _ = ln.Close() }()
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		cfg.SetListenPort(tcp.Port)
	}
	if cfg.PublicURLDerived {
		logger.Info("MCP_PUBLIC_URL not set: derived from the listen port; set it to the URL clients type when the server is reached through any other name",
			"public_url", cfg.PublicURL)
	}

	// Starts loading discovery and keys in the background; never blocks.
	verifier := auth.NewVerifier(ctx, auth.Options{
		Endpoint:       cfg.AppwriteEndpoint,
		ProjectID:      cfg.AppwriteProjectID,
		Audiences:      cfg.Audiences(),
		MetadataTTL:    cfg.MetadataTTL,
		TokenCacheSize: cfg.TokenCacheSize,
		Logger:         logger.With("component", "auth"),
	})
	defer verifier.Close()
	handler, err := httpserver.New(httpserver.Options{
		Config:    cfg,
		Verifier:  verifier,
		MCPServer: mcpServer,
		Logger:    logger,
		Version:   version,
	})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp: %v\n", err)
		return exitConfig
	}

	logger.Info("listening",
		"addr", ln.Addr().String(),
		"mcp_url", cfg.Resource(),
		"issuer", cfg.Issuer(),
		"version", version)

	srv := httpserver.NewHTTPServer(cfg, handler, logger)
	err = httpserver.Serve(ctx, srv, ln, cfg.ShutdownTimeout)
	switch {
	case errors.Is(err, httpserver.ErrForcedShutdown):
		logger.Warn("stopped; in-flight requests were cut off at the shutdown timeout",
			"shutdown_timeout", cfg.ShutdownTimeout.String())
		return exitOK
	case err != nil:
		logger.Error("server failed", "error", err)
		return exitFailed
	}
	logger.Info("stopped; all in-flight requests finished")
	return exitOK
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// buildVersion is the module version the binary was built from, or "dev".
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
