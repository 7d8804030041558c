package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

// NewHTTPServer wraps h in an *http.Server with the configured header-read,
// whole-request-read (HTTP_READ_TIMEOUT: headers and body; a client whose
// body stalls is answered 408 and disconnected) and idle timeouts. The
// read deadline ends once the body has been read (net/http clears it to
// watch for the client going away), so a long tool call is not cut by it.
// There is no write timeout: a tool call may stream its answer (SSE) for
// as long as the upstream call takes, which APPWRITE_TIMEOUT bounds.
func NewHTTPServer(c config.Config, h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              c.Addr(),
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// LimitListener caps ln at maxConns connections open at once
// (HTTP_MAX_CONNECTIONS); further clients wait in the listen backlog until
// one closes. maxConns <= 0 leaves ln unlimited.
func LimitListener(ln net.Listener, maxConns int) net.Listener {
	if maxConns <= 0 {
		return ln
	}
	return netutil.LimitListener(ln, maxConns)
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
