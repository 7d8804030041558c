package catalog

import (
	"slices"
	"testing"
)

func TestParamLines(t *testing.T) {
	tool := &Tool{Params: []Param{
		{Name: "queries", Type: TypeArray, Items: TypeString},
		{Name: "databaseId", Type: TypeString, Required: true},
		{Name: "total", Type: TypeBoolean},
		{Name: "tableId", Type: TypeString, Required: true},
		{Name: "file", Type: TypeFile, Required: true},
		{Name: "ids", Type: TypeArray},
	}}
	want := []string{
		"databaseId: string (required)", "tableId: string (required)",
		`file: object {"content_base64","filename"} or {"url"} (required)`,
		"queries: array of string", "total: boolean", "ids: array",
	}
	if got := tool.ParamLines(); !slices.Equal(got, want) {
		t.Errorf("ParamLines() = %q, want %q", got, want)
	}
}
