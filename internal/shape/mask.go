package shape

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mask replaces a token wherever it appears in a result.
const mask = "[REDACTED]"

// MaskToken removes the caller's bearer token from a result, in case an
// upstream answer (an error page echoing request headers, say) quoted it:
// the model must never see the token.
func MaskToken(res *mcp.CallToolResult, token string) {
	if res == nil || token == "" {
		return
	}
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok && strings.Contains(tc.Text, token) {
			tc.Text = strings.ReplaceAll(tc.Text, token, mask)
		}
	}
	if res.StructuredContent == nil {
		return
	}
	raw, ok := res.StructuredContent.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(res.StructuredContent); err != nil {
			return
		}
	}
	// A token is token68 (no characters JSON escapes), so it appears in the
	// encoding verbatim and replacing it keeps the JSON valid.
	if bytes.Contains(raw, []byte(token)) {
		res.StructuredContent = json.RawMessage(bytes.ReplaceAll(raw, []byte(token), []byte(mask)))
	}
}

// MaskString removes token from s (panic messages, log text).
func MaskString(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, mask)
}
