package strictjson_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/strictjson"
)

func TestDecode(t *testing.T) {
	deep := strings.Repeat("[", strictjson.MaxDepth+2) + strings.Repeat("]", strictjson.MaxDepth+2)
	tests := []struct {
		name    string
		in      string
		want    any
		dupKey  string // a *DuplicateKeyError naming this key
		dupPath string
		errHas  string // another error containing this
	}{
		{name: "object", in: `{"a":1,"b":[true,null,"x"]}`, want: map[string]any{"a": 1.0, "b": []any{true, nil, "x"}}},
		{name: "scalar", in: ` "s" `, want: "s"},
		{name: "repeated key", in: `{"confirm_write":false,"confirm_write":true}`, dupKey: "confirm_write"},
		{name: "repeated nested key", in: `{"arguments":{"data":{"x":1,"x":2}}}`, dupKey: "x", dupPath: "arguments.data"},
		{name: "repeated key in an array element", in: `{"a":[{"k":1},{"k":1,"k":2}]}`, dupKey: "k", dupPath: "a[1]"},
		{name: "same key in sibling objects is fine", in: `{"a":{"k":1},"b":{"k":2}}`, want: map[string]any{"a": map[string]any{"k": 1.0}, "b": map[string]any{"k": 2.0}}},
		{name: "trailing data", in: `{"a":1} {"a":2}`, errHas: "after the JSON value"},
		{name: "unterminated", in: `{"a":1`, errHas: "not valid JSON"},
		{name: "too deep", in: deep, errHas: "nested deeper"},
		{name: "not JSON", in: `{a:1}`, errHas: "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := strictjson.Decode([]byte(tt.in), "")
			var dup *strictjson.DuplicateKeyError
			switch {
			case tt.dupKey != "":
				if !errors.As(err, &dup) || dup.Key != tt.dupKey || dup.Path != tt.dupPath {
					t.Fatalf("err = %v, want a repeated %q at %q", err, tt.dupKey, tt.dupPath)
				}
			case tt.errHas != "":
				if err == nil || !strings.Contains(err.Error(), tt.errHas) || errors.As(err, &dup) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errHas)
				}
			default:
				if err != nil || !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("Decode = %#v, %v; want %#v", got, err, tt.want)
				}
			}
		})
	}
}
