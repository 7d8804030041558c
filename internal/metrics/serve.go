package metrics

import (
	"log/slog"
	"net/http"
	"time"
)

// Path is where Serve answers; every other path is 404.
const Path = "/metrics"

// ShutdownTimeout is how long a stopping metrics listener gives in-flight
// scrapes.
const ShutdownTimeout = 5 * time.Second

// Timeouts of the metrics listener. A scrape is small and quick; the bounds
// keep a slow or stuck client from holding a connection.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 16 << 10
)

// NewServer is the metrics listener's *http.Server: GET (and HEAD)
// /metrics answered by h, 404 on any other path, tight timeouts. Run it
// with httpserver.Serve and ShutdownTimeout, like the public port.
func NewServer(h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+Path, h)
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}
