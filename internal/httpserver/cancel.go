package httpserver

import (
	"context"
	"errors"
)

// ErrClientGone is the cancellation cause of a tool call whose HTTP
// request ended before the call did: the client disconnected (or the
// server was forced to close the connection at the end of a drain).
var ErrClientGone = errors.New("httpserver: the client went away before the answer")

// LinkRequest returns a context derived from ctx that is also cancelled,
// with cause ErrClientGone, when the HTTP request that carried the call
// ends. go-sdk's stateless handler runs tool handlers on a context that
// keeps the request's values but not its cancellation; the tool layer
// calls LinkRequest on the context it is given (wired by internal/app) so
// that a client going away stops the upstream call. Outside a request
// served by this package it returns ctx itself. The returned cancel must
// be called when the call ends.
func LinkRequest(ctx context.Context) (context.Context, context.CancelFunc) {
	rl, ok := ctx.Value(keyRequestLog).(*requestLog)
	if !ok || rl.ctx == nil {
		return ctx, func() {}
	}
	linked, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(rl.ctx, func() {
		rl.clientGone.Store(true)
		cancel(ErrClientGone)
	})
	return linked, func() {
		stop()
		cancel(context.Canceled)
	}
}
