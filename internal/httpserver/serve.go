package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

// NewHTTPServer wraps h in an *http.Server with the configured header-read
// and idle timeouts. There is no write timeout: a tool call may stream its
// answer (SSE) for as long as the upstream call takes, which
// APPWRITE_TIMEOUT bounds.
func NewHTTPServer(c config.Config, h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              c.Addr(),
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// ErrForcedShutdown reports that in-flight requests were still running when
// the shutdown timeout ran out and their connections were closed.
var ErrForcedShutdown = errors.New("httpserver: shutdown timeout reached; in-flight requests were cut off")

// Serve serves srv on ln until ctx ends, then stops accepting connections and
// waits up to shutdownTimeout for in-flight requests to finish. It returns
// nil after a clean drain, ErrForcedShutdown (wrapped) when the wait ran out,
// or the error that stopped serving early.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, shutdownTimeout time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("httpserver: serve: %w", err)
	case <-ctx.Done():
	}

	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("%w: %w", ErrForcedShutdown, err)
	}
	return nil
}
