package shape

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// usersListBody is an Appwrite users list of n users, about 310 bytes each
// (500 users: about 155 KB), as GET /users answers it.
func usersListBody(tb testing.TB, n int) []byte {
	tb.Helper()
	users := make([]map[string]any, n)
	for i := range users {
		users[i] = map[string]any{
			"$id": fmt.Sprintf("user-%06d", i), "$createdAt": "2025-03-03T09:12:44.000+00:00", "$updatedAt": "2025-03-10T14:05:09.000+00:00",
			"name": fmt.Sprintf("User Number %d", i), "email": fmt.Sprintf("user%d@example.com", i), "phone": "",
			"status": true, "labels": []any{"beta"}, "prefs": map[string]any{}, "emailVerification": i%2 == 0,
			"phoneVerification": false, "mfa": false, "targets": []any{},
		}
	}
	body, err := json.Marshal(map[string]any{"total": n, "users": users})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkShapeUsersList500 is the result path of a large list: a ~155 KB
// answer of 500 users shaped down to the default result limit, then the
// token masked, as every tool call does. ns/op is the CPU one call costs.
func BenchmarkShapeUsersList500(b *testing.B) {
	body := usersListBody(b, 500)
	b.Logf("body: %d bytes", len(body))
	sh := New(DefaultMaxText, DefaultMaxBinary)
	resp := &appwrite.Response{Status: 200, ContentType: "application/json", Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		res := sh.Response("users_list", resp)
		MaskToken(res, "eyJhbGciOiJSUzI1NiJ9.not-a-real-token.signature")
		if tc, ok := res.Content[0].(*mcp.TextContent); !ok || !strings.HasPrefix(tc.Text, "Result truncated") {
			b.Fatal("not truncated")
		}
	}
}
