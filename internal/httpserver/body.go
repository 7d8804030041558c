package httpserver

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"

	"github.com/appwrite/appwrite-mcp/internal/rpcmsg"
)

// headerProtocolVersion carries the MCP protocol version of every request
// after initialize; protocolMRTR is the first version whose wire go-sdk
// answers unknown methods on itself (with -32601 and 404).
const (
	headerProtocolVersion = "Mcp-Protocol-Version"
	protocolMRTR          = "2026-07-28"
)

// serverMethod reports the requests go-sdk's server side knows (its
// serverMethodInfos). A request for any other method is refused with
// JSON-RPC -32601 here; a known one that this server does not declare is
// refused by the tools package's declaredOnly middleware.
func serverMethod(method string) bool {
	switch method {
	case "initialize", "ping", "server/discover", "tools/list", "tools/call",
		"prompts/list", "prompts/get", "resources/list", "resources/templates/list", "resources/read",
		"resources/subscribe", "resources/unsubscribe", "subscriptions/listen",
		"logging/setLevel", "completion/complete":
		return true
	}
	return false
}

// isTimeout reports whether err is a read deadline running out.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// readBody reads the whole /mcp body (bounded by limitBody and the
// server's ReadTimeout) before anything else looks at it: a body not
// complete within HTTP_READ_TIMEOUT is answered 408 and its connection
// closed. It
// then refuses JSON-RPC ids that cannot be echoed exactly (rpcmsg.Inspect) and
// notes whether the body carries a tools/call for the in-flight limits.
// The next handler reads the same bytes from memory.
func (s *server) readBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rl := requestLogFrom(r.Context())
		body, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				rl.reason = "body_too_large"
				writeError(w, http.StatusRequestEntityTooLarge, "request_too_large",
					"request body exceeds "+strconv.FormatInt(mbe.Limit, 10)+" bytes")
			case isTimeout(err):
				rl.reason = "body_read_timeout"
				w.Header().Set("Connection", "close")
				writeError(w, http.StatusRequestTimeout, "request_timeout",
					"the request body did not arrive within "+s.o.Config.ReadTimeout.String())
			default:
				rl.reason = "body_read_failed"
				w.Header().Set("Connection", "close")
				writeError(w, http.StatusBadRequest, "invalid_request", "the request body could not be read")
			}
			return
		}
		info, rpcErr := rpcmsg.Inspect(body)
		if rpcErr != "" {
			rl.reason = "invalid_jsonrpc_id"
			writeRPCError(w, rpcErr)
			return
		}
		rl.toolCalls = info.ToolCalls
		if info.ID != nil && !serverMethod(info.Method) && r.Header.Get(headerProtocolVersion) < protocolMRTR {
			// go-sdk answers an unknown method with a plain-text 400 before
			// 2026-07-28 (with -32601 from then on): answer it as JSON-RPC.
			rl.reason = "unknown_method"
			writeJSON(w, http.StatusOK, rpcErrorBody{
				JSONRPC: "2.0", ID: info.ID,
				Error: rpcError{Code: rpcmsg.CodeMethodNotFound, Message: "method not found"},
			})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}
