package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"

	"github.com/appwrite/appwrite-mcp/internal/app"
	"github.com/appwrite/appwrite-mcp/internal/buildinfo"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/httpserver"
)

// Exit codes of run.
const (
	exitOK     = 0
	exitFailed = 1 // could not listen, serving failed, or the drain ran out
	exitConfig = 2 // invalid configuration
)

// run is the whole program. `--version` (or -version) as the first argument
// prints the build line; `healthcheck` probes a running server (see
// healthcheck); anything else runs the server (see serve). It returns the
// exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version":
			_, _ = fmt.Fprintln(stdout, buildinfo.Get())
			return exitOK
		case "healthcheck":
			return healthcheck(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	return serve(ctx, args, getenv, stdout, stderr)
}

// serve loads the configuration, listens, assembles the server (app.New)
// and the metrics listener when METRICS_ADDR is set, serves until ctx ends,
// drains, and returns the exit code. Logs go to stderr; usage
// (-h) goes to stdout.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stdout)
	if errors.Is(err, config.ErrHelp) {
		return exitOK
	}
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp: invalid configuration: %v\n", err)
		return exitConfig
	}
	logger := newLogger(cfg, stderr)
	info := buildinfo.Get()
	ln, err := listenPublic(ctx, &cfg, logger)
	if err != nil {
		return exitFailed
	}
	defer func() { _ = ln.Close() }()
	server, err := app.New(ctx, cfg, logger, info, app.Options{})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "appwrite-mcp: invalid configuration: %v\n", err)
		return exitConfig
	}
	defer server.Close()
	// Assembling (the catalog, search's index and what it learned) leaves
	// garbage a serving process never needs again: hand it back once,
	// here, rather than carry it as resident memory.
	debug.FreeOSMemory()
	if cfg.PublicURLDerived {
		logger.Info("MCP_PUBLIC_URL not set: derived from the listen port; set it to the URL clients type when the server is reached through any other name",
			"public_url", cfg.PublicURL)
	}
	stopMetrics, err := startMetrics(ctx, cfg.MetricsAddr, server.Metrics, logger)
	if err != nil {
		logger.Error("cannot listen for metrics", "addr", cfg.MetricsAddr, "error", err)
		return exitFailed
	}
	defer stopMetrics()

	logger.Info("listening",
		"addr", ln.Addr().String(),
		"mcp_url", cfg.Resource(),
		"issuer", cfg.Issuer(),
		"version", info.Version,
		"commit", info.Commit)
	srv := httpserver.NewHTTPServer(cfg, server.Handler, logger)
	limited := httpserver.LimitListener(ln, cfg.MaxConnections)
	return exitCode(httpserver.Serve(ctx, srv, limited, cfg.ShutdownTimeout), cfg, logger)
}

// listenPublic listens on the public address (HOST:PORT) and records the
// port actually taken (PORT=0 picks one). A failure is logged.
func listenPublic(ctx context.Context, cfg *config.Config, logger *slog.Logger) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr())
	if err != nil {
		logger.Error("cannot listen", "addr", cfg.Addr(), "error", err)
		return nil, fmt.Errorf("listen: %w", err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		cfg.SetListenPort(tcp.Port)
	}
	return ln, nil
}

// exitCode logs how serving ended and returns the exit code for it.
func exitCode(err error, cfg config.Config, logger *slog.Logger) int {
	switch {
	case errors.Is(err, httpserver.ErrForcedShutdown):
		// An orchestrator must see that the drain did not finish: clients
		// lost answers, which a zero exit code would hide.
		logger.Error("stopped; in-flight requests were cut off at the shutdown timeout",
			"shutdown_timeout", cfg.ShutdownTimeout.String())
		return exitFailed
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
