package httpserver

import (
	"encoding/json"
	"net/http"

	"github.com/appwrite/appwrite-mcp/internal/rpcmsg"
)

// rpcErrorBody is a JSON-RPC 2.0 error response.
type rpcErrorBody struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"` // null when the id could not be trusted
	Error   rpcError        `json:"error"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// writeRPCError answers 400 with a JSON-RPC Invalid Request error.
func writeRPCError(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusBadRequest, rpcErrorBody{
		JSONRPC: "2.0",
		Error:   rpcError{Code: rpcmsg.CodeInvalidRequest, Message: message},
	})
}
