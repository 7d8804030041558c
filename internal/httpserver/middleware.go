package httpserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// HeaderRequestID carries the request id in both directions.
const HeaderRequestID = "X-Request-Id"

// maxRequestIDLen bounds an incoming request id that is reused.
const maxRequestIDLen = 64

type ctxKey int

const (
	keyRequestLog ctxKey = iota
	keyTokenInfo
)

// requestLog collects what later middleware learns about a request for the
// single log line written when it finishes. Only the request's own goroutine
// chain writes it, before the log line is emitted, except clientGone.
type requestLog struct {
	id        string
	subject   string // token subject, once verified
	reason    string // rejection reason, when the request was turned away
	toolCalls int    // tools/call messages in the body (readBody)
	// ctx is the request's context: it ends when the client goes away.
	ctx context.Context //nolint:containedctx // LinkRequest follows it from the tool call's detached context
	// clientGone is set (from LinkRequest's callback) when a tool call was
	// still running as the request ended.
	clientGone atomic.Bool
}

func requestLogFrom(ctx context.Context) *requestLog {
	if rl, ok := ctx.Value(keyRequestLog).(*requestLog); ok {
		return rl
	}
	return &requestLog{} // detached: writes go nowhere
}

// requestID reuses a well-formed incoming X-Request-Id (from a trusted proxy)
// or makes a new one, and echoes it in the response.
func (s *server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		rl := &requestLog{id: id, ctx: r.Context()}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyRequestLog, rl)))
	})
}

func validRequestID(s string) bool {
	if s == "" || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !isAlnum(b) && b != '-' && b != '_' && b != '.' {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// statusClientGone is logged (nginx's convention) for a request whose
// client went away before its answer was complete.
const statusClientGone = 499

// logRequests writes one line per request: method, route pattern, status,
// duration, request id, and the token subject or the rejection reason; a
// request whose client went away before the answer is logged with status
// 499 and client_gone. It never logs the URL query, the Authorization
// header or a token.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)

		rl := requestLogFrom(r.Context())
		status := ww.Status()
		gone := rl.clientGone.Load() || (status == 0 && r.Context().Err() != nil)
		switch {
		case gone:
			status = statusClientGone
		case status == 0:
			status = http.StatusOK
		}
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("request_id", rl.id),
			slog.Int("bytes", ww.BytesWritten()),
		}
		if rl.subject != "" {
			attrs = append(attrs, slog.String("subject", rl.subject))
		}
		if rl.reason != "" {
			attrs = append(attrs, slog.String("reject_reason", rl.reason))
		}
		if gone {
			attrs = append(attrs, slog.Bool("client_gone", true))
		}
		level := slog.LevelInfo
		switch {
		case status == http.StatusServiceUnavailable:
			level = slog.LevelWarn // not ready yet: expected at start and during AS outages
		case status >= http.StatusInternalServerError:
			level = slog.LevelError
		}
		s.o.Logger.LogAttrs(r.Context(), level, "request", attrs...)
		if s.o.Observer != nil {
			s.o.Observer.HTTPRequest(route, status, time.Since(start))
		}
	})
}

// recoverPanics turns a handler panic into a 500 and a log line with the
// stack, except http.ErrAbortHandler, which aborts the response on purpose.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p)
			}
			s.o.Logger.ErrorContext(r.Context(), "handler panic",
				"request_id", requestLogFrom(r.Context()).id,
				"panic", redactPanic(p, r), "stack", string(debug.Stack()))
			writeError(w, http.StatusInternalServerError, "server_error", "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}

// redactPanic renders a panic value for the log with the request's
// Authorization credentials masked: a panic message may quote them. The
// stack holds argument words, never string contents.
func redactPanic(p any, r *http.Request) string {
	msg := fmt.Sprint(p)
	for _, h := range r.Header.Values("Authorization") {
		_, cred, _ := strings.Cut(h, " ")
		for _, secret := range []string{h, strings.TrimSpace(cred)} {
			if len(secret) >= 8 { // never mask so little that the message becomes noise
				msg = strings.ReplaceAll(msg, secret, "[REDACTED]")
			}
		}
	}
	return msg
}

// errorBody is the small JSON body of every error answer.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, errorBody{Error: code, Description: description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"server_error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
