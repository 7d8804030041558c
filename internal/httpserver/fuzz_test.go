package httpserver

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseAuthorization: parsing never panics, and a token it returns is a
// token68 taken verbatim from the single header value after a Bearer
// scheme, so nothing else of the header reaches the verifier.
func FuzzParseAuthorization(f *testing.F) {
	for _, seed := range []string{
		"Bearer abc.def.ghi", "bearer x", "BEARER  x==", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
		"Bearer a b", "Bearer a\tb", "Bearer =abc", "Bearer abc=def", "Bearer \x00", "Bearer é", "",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, value string, twice bool) {
		values := []string{value}
		if twice {
			values = append(values, value)
		}
		token, present, ok := parseAuthorization(values)
		if !present {
			t.Fatalf("a header was given but reported absent")
		}
		if twice && ok {
			t.Fatalf("two Authorization headers were accepted")
		}
		if !ok || token == "" {
			if token != "" {
				t.Fatalf("a refused header yielded token %q", token)
			}
			return
		}
		scheme, _, _ := strings.Cut(value, " ")
		if !strings.EqualFold(scheme, "Bearer") || !strings.HasSuffix(value, token) || !isToken68(token) {
			t.Fatalf("parseAuthorization(%q) = %q: not a token68 after a Bearer scheme", value, token)
		}
		if strings.ContainsAny(token, " \t\r\n\x00\"\\,;") {
			t.Fatalf("token %q holds a separator", token)
		}
	})
}

// FuzzCheckRPC: checking never panics, and a message it lets through has
// an id that any JSON implementation echoes unchanged: null, a string, or
// an integer whose decimal form is exactly what was sent and that a
// float64 (JavaScript's number) holds exactly.
func FuzzCheckRPC(f *testing.F) {
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
		info, reason := checkRPC(body)
		if reason != "" {
			return
		}
		if info.toolCalls < 0 {
			t.Fatalf("negative tool call count")
		}
		var one struct {
			ID *json.RawMessage `json:"id"`
		}
		if json.Unmarshal(body, &one) != nil || one.ID == nil {
			return
		}
		if members, ok := objectMembers(body); !ok || members == nil {
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
