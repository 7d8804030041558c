package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/appwrite/appwrite-mcp/internal/httpserver"
	"github.com/appwrite/appwrite-mcp/internal/metrics"
)

// startMetrics serves m's Prometheus /metrics on addr (METRICS_ADDR), a
// listener of its own: never the public port. An empty addr starts nothing.
// The returned stop ends the listener and waits for it; it is never nil.
func startMetrics(ctx context.Context, addr string, m *metrics.Metrics, logger *slog.Logger) (stop func(), err error) {
	if addr == "" || m == nil {
		return func() {}, nil
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	logger = logger.With("component", "metrics")
	logger.Info("metrics listening", "addr", ln.Addr().String(), "path", metrics.Path)

	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv := metrics.NewServer(m.Handler(), logger)
		if err := httpserver.Serve(ctx, srv, ln, metrics.ShutdownTimeout); err != nil {
			logger.Error("metrics listener failed", "error", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
