// Package rpcmsg inspects JSON-RPC 2.0 messages before the MCP SDK reads
// them: it refuses ids that cannot be echoed back exactly and messages that
// repeat a member, and counts the tools/call messages of a body (single or
// batch). It knows no HTTP and no MCP types.
package rpcmsg

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// JSON-RPC 2.0 error codes.
const (
	CodeInvalidRequest = -32600 // "Invalid Request"
	CodeMethodNotFound = -32601 // "Method not found"
)

// maxSafeInteger is 2^53-1, the largest integer every JSON implementation
// (JavaScript's numbers included) carries exactly.
const maxSafeInteger = 1<<53 - 1

// Info is what Inspect learns from a JSON-RPC body.
type Info struct {
	ToolCalls int // messages with method tools/call
	// Method and ID are the single message's method and id when the body is one
	// request (a message with an id and a method); empty otherwise.
	Method string
	ID     json.RawMessage
}

// Inspect inspects a JSON-RPC body (one message or a batch) before the
// MCP SDK sees it. It returns a non-empty reason when a message's id
// cannot be echoed back exactly — a fraction (1.5), an exponent (1e3), -0,
// an integer beyond ±(2^53-1), a boolean, object or array — or when a
// message repeats a member (two "id"s could be read differently by two
// parsers). A body that is not JSON objects is left to the SDK, which
// answers it with a parse or invalid-request error.
func Inspect(body []byte) (Info, string) {
	var info Info
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	elems := []json.RawMessage{trimmed}
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if json.Unmarshal(trimmed, &elems) != nil {
			return info, ""
		}
	}
	for _, e := range elems {
		members, ok := ObjectMembers(e)
		if !ok {
			continue
		}
		if members == nil {
			return info, "a JSON-RPC message repeats a member"
		}
		if id, has := members["id"]; has && !echoableID(id) {
			return info, "the JSON-RPC id must be a string or an integer between -(2^53-1) and 2^53-1"
		}
		var method string
		if json.Unmarshal(members["method"], &method) != nil {
			continue
		}
		if method == "tools/call" {
			info.ToolCalls++
		}
		if id, has := members["id"]; has && len(elems) == 1 && trimmed[0] == '{' {
			info.Method, info.ID = method, id
		}
	}
	return info, ""
}

// ObjectMembers returns the top-level members of a JSON object; ok is false
// when raw is not one, and members is nil (with ok) when a name repeats.
func ObjectMembers(raw []byte) (members map[string]json.RawMessage, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	members = map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if _, dup := members[name]; dup {
			return nil, true
		}
		members[name] = v
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false // trailing data: the SDK answers it
	}
	return members, true
}

// echoableID reports whether a JSON-RPC id survives a round trip through
// any JSON implementation unchanged: null, a string, or a safe integer
// written without fraction, exponent or sign on zero.
func echoableID(raw json.RawMessage) bool {
	s := string(raw)
	switch {
	case s == "null":
		return true
	case len(s) > 0 && s[0] == '"':
		return true // a valid string: the decoder checked it
	}
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" || len(digits) > 16 || (digits[0] == '0' && s != "0") {
		return false // empty, too long, a leading zero or -0
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return err == nil && n <= maxSafeInteger
}
