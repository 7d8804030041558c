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
	}}
	want := []string{"databaseId: string (required)", "tableId: string (required)", "queries: array<string>", "total: boolean"}
	if got := tool.ParamLines(); !slices.Equal(got, want) {
		t.Errorf("ParamLines() = %q, want %q", got, want)
	}
}
