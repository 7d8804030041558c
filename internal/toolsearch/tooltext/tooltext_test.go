package tooltext

import (
	"slices"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

func TestReadName(t *testing.T) {
	tests := []struct {
		tool, service string
		verb, object  string
		objectWords   []string
		plural        bool
		units         int // the service, then each word of the method
	}{
		{"users_update_email", "users", "update", "email", []string{"email"}, false, 3},
		{"users_list", "users", "list", "list", []string{"user", "user"}, false, 2},
		{"tables_db_delete_rows", "tables_db", "delete", "row", []string{"row"}, true, 3},
		{"tables_db_list_rows", "tables_db", "list", "row", []string{"row"}, false, 3},
	}
	for _, tt := range tests {
		n := ReadName(&catalog.Tool{Name: tt.tool, Service: tt.service})
		if n.Verb != tt.verb || n.Object != tt.object || !slices.Equal(n.ObjectWords, tt.objectWords) || n.PluralName != tt.plural || len(n.Units) != tt.units {
			t.Errorf("ReadName(%s) = %+v, want verb %s, object %s, object words %v, plural %v, %d units", tt.tool, n, tt.verb, tt.object, tt.objectWords, tt.plural, tt.units)
		}
	}
}

// TestTerms: a word weighs by the field it is in, and a word in several
// fields sums their weights.
func TestTerms(t *testing.T) {
	tool := &catalog.Tool{
		Name: "storage_get_bucket", Service: "storage", Path: "/storage/buckets/{bucketId}",
		Description: "Get a storage bucket by its unique ID.",
		Params:      []catalog.Param{{Name: "bucket_id"}},
	}
	tf := Terms(tool)
	tests := []struct {
		term string
		want float64
	}{
		{"get", weightName + weightDesc},
		{"unique", weightDesc},
		{"storage", weightService + weightDesc + weightPath},
	}
	for _, tt := range tests {
		if got := tf[tt.term]; got != tt.want {
			t.Errorf("Terms(%s)[%q] = %v, want %v", tool.Name, tt.term, got, tt.want)
		}
	}
}
