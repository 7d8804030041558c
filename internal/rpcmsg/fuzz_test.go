package rpcmsg_test

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/rpcmsg"
)

// FuzzInspect: checking never panics, and a message it lets through has
// an id that any JSON implementation echoes unchanged: null, a string, or
// an integer whose decimal form is exactly what was sent and that a
// float64 (JavaScript's number) holds exactly.
func FuzzInspect(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call"}`,
		`{"jsonrpc":"2.0","id":"a","method":"tools/list"}`,
		`{"id":1.5}`, `{"id":1e3}`, `{"id":-0}`, `{"id":9007199254740992}`, `{"id":-9007199254740991}`,
		`{"id":123456789012345678901234567890}`, `{"id":1,"id":2}`, `[{"id":1},{"id":2.5}]`, `[]`, `[1,2]`,
		`{"id":null}`, `{"id":true}`, `{"id":{}}`, `{"method":"tools/call"}`, `{"id":1} {"id":2}`, `not json`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		info, reason := rpcmsg.Inspect(body)
		if reason != "" {
			return
		}
		if info.ToolCalls < 0 {
			t.Fatalf("negative tool call count")
		}
		var one struct {
			ID *json.RawMessage `json:"id"`
		}
		if json.Unmarshal(body, &one) != nil || one.ID == nil {
			return
		}
		if members, ok := rpcmsg.ObjectMembers(body); !ok || members == nil {
			return
		}
		raw := string(*one.ID)
		if raw == "null" || strings.HasPrefix(raw, `"`) {
			return
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || strconv.FormatInt(n, 10) != raw {
			t.Fatalf("id %s passed but is not an integer in canonical form", raw)
		}
		if float64(n) > math.Pow(2, 53)-1 || float64(n) < -(math.Pow(2, 53)-1) || int64(float64(n)) != n {
			t.Fatalf("id %s passed but a float64 does not hold it exactly", raw)
		}
	})
}
