package fakeappwrite_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/file"
	"github.com/appwrite/sdk-for-go/query"

	"github.com/appwrite/appwrite-mcp/internal/fakeappwrite"
)

// TestStateAsTheGoSDKSeesIt drives the state with Appwrite's Go SDK: its
// models must decode what the state answers.
func TestStateAsTheGoSDKSeesIt(t *testing.T) {
	fake := fakeappwrite.New(fakeappwrite.WithState(fakeappwrite.SandboxSeed()))
	t.Cleanup(fake.Close)
	clt := appwrite.NewClient(appwrite.WithEndpoint(fake.Endpoint()), appwrite.WithProject("shop"))
	clt.AddHeader("Authorization", "Bearer "+fake.MintToken(fakeappwrite.TokenSpec{Audience: []string{testResource}}))

	users := appwrite.NewUsers(clt)
	if _, err := users.Create("hedy", users.WithCreateEmail("hedy@example.com"), users.WithCreateName("Hedy Lamarr")); err != nil {
		t.Fatal(err)
	}
	list, err := users.List(users.WithListQueries([]string{query.Equal("name", "Hedy Lamarr")}))
	if err != nil || list.Total != 1 || list.Users[0].Email != "hedy@example.com" || !list.Users[0].Status {
		t.Fatalf("list %+v, %v", list, err)
	}
	_, err = users.Get("ghost")
	var ae *client.AppwriteError
	if !errors.As(err, &ae) || ae.GetStatusCode() != 404 || !strings.Contains(ae.GetResponse(), "user_not_found") {
		t.Errorf("get ghost: %v", err)
	}

	tables := appwrite.NewTablesDB(clt)
	if _, err := tables.CreateRow("main", "orders", "order-2001", map[string]any{"customer": "hedy", "total": 12.5}); err != nil {
		t.Fatal(err)
	}
	rows, err := tables.ListRows("main", "orders", tables.WithListRowsQueries([]string{query.Equal("customer", "hedy")}))
	if err != nil || rows.Total != 1 || rows.Rows[0].Id != "order-2001" || rows.Rows[0].TableId != "orders" {
		t.Fatalf("rows %+v, %v", rows, err)
	}

	path := filepath.Join(t.TempDir(), "receipt.txt")
	if err := os.WriteFile(path, []byte("thank you"), 0o600); err != nil {
		t.Fatal(err)
	}
	storage := appwrite.NewStorage(clt)
	f, err := storage.CreateFile("product-images", "receipt", file.NewInputFile(path, "receipt.txt"))
	if err != nil || f.Name != "receipt.txt" || f.SizeOriginal != 9 || f.BucketId != "product-images" {
		t.Fatalf("file %+v, %v", f, err)
	}
	view, err := storage.GetFileView("product-images", "receipt")
	if err != nil || string(*view) != "thank you" {
		t.Errorf("view %v, %v", view, err)
	}
}
