package tools

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/strictjson"
)

// FuzzNormalizeArguments: any bytes as a call's arguments either decode
// strictly and normalise onto the tool's own parameter names, or fail with
// an error; never a panic, and never a repeated key let through. Run:
// go test -fuzz FuzzNormalizeArguments ./internal/tools
func FuzzNormalizeArguments(f *testing.F) {
	for _, seed := range []string{
		``, `null`, `{}`, `[]`, `"{}"`, `" "`, `"{\"userId\":\"u\"}"`, `"\"nested\""`,
		`{"user_id":"u"}`, `{"userId":"u","user_id":"u"}`, `{"userId":"u","user_id":"v"}`, `{"user_id":"u","user_id":"u"}`,
		`{"id":"x"}`, `{"$id":"x"}`, `{"UserID":"x"}`, `{"":1}`, `{"__":1}`, `{"a":{"b":[1,2,{"c":null}]}}`,
		`{"queries":["{\"method\":\"limit\",\"values\":[1]}"]}`, `{"database_id":"d","databaseId":"d","table_id":"t"}`,
		`{"\u0000":1}`, `{"é":"ü"}`, `"{"`, `{`, `123`, `true`, `"\ud800"`, `{"a":{"b":1,"b":1}}`,
	} {
		f.Add([]byte(seed))
	}
	cat, err := catalog.New(catalog.Options{})
	if err != nil {
		f.Fatal(err)
	}
	var tools []*catalog.Tool
	for _, name := range []string{"account_get", "users_get", "users_create", "tables_db_list_rows", "tables_db_create_row", "storage_get_file_preview"} {
		tool, _ := cat.Lookup(name)
		tools = append(tools, tool)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := objectArg(string(raw), "arguments")
		if err != nil {
			return
		}
		for _, tool := range tools {
			in := make(map[string]any, len(m))
			for k, v := range m {
				in[k] = v
			}
			out, err := normalizeArguments(tool, in)
			if err != nil {
				continue
			}
			if len(out) != len(m) {
				t.Fatalf("%s: %d keys became %d: two spellings were merged", tool.Name, len(m), len(out))
			}
			for k := range out {
				if _, ok := tool.Param(k); !ok {
					t.Fatalf("%s: normalised key %q is not a parameter", tool.Name, k)
				}
			}
		}
	})
}

// FuzzCallToolArguments: whatever a client sends as appwrite_call_tool's
// arguments, the handler answers (no panic) and, without a token, never
// gets as far as Appwrite; a repeated key is always refused.
func FuzzCallToolArguments(f *testing.F) {
	for _, seed := range []string{
		`{"tool_name":"users_get","project_id":"p","arguments":{"user_id":"u"}}`,
		`{"tool_name":"users_create","project_id":"p","confirm_write":false,"confirm_write":true}`,
		`{"tool_name":"users_create","confirmWrite":true,"confirm_write":false}`,
		`{"name":"usersGet","args":"{\"id\":\"u\"}"}`, `{}`, `null`, `[]`, `{"tool_name":5}`,
	} {
		f.Add([]byte(seed))
	}
	s, err := newService(Options{Catalog: testCatalog(f), Factory: appwrite.NewFactory(appwrite.Options{Endpoint: "http://127.0.0.1:1/v1"}), Surface: config.SurfaceOperator})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // go-sdk refuses invalid JSON before any handler runs
		}
		req := &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolCallTool, Arguments: raw}}
		res, info := s.handleCall(context.Background(), req)
		if res == nil || !res.IsError || info.outcome == OutcomeOK || info.outcome == OutcomeUpstreamError {
			t.Fatalf("%s: result %+v, outcome %s", raw, res, info.outcome)
		}
		var dup *strictjson.DuplicateKeyError
		if _, err := decodeCall(raw); errors.As(err, &dup) && info.outcome != OutcomeToolError {
			t.Fatalf("%s: repeated key not refused as bad input: %s", raw, resultText(res))
		}
	})
}
