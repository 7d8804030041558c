package tools

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

func TestFromConfig(t *testing.T) {
	all, err := catalog.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env  map[string]string
		want int
	}{
		{map[string]string{}, 3},
		{map[string]string{"MCP_TOOL_SURFACE": "full"}, len(all.Tools()) + 3},
	}
	for _, tt := range tests {
		cfg, err := config.Load(nil, func(k string) string { return tt.env[k] }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := FromConfig(cfg, "test", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		st, ct := mcp.NewInMemoryTransports()
		ctx := context.Background()
		ss, err := srv.Connect(ctx, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "c", Version: "1"}, nil).Connect(ctx, ct, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, err := range cs.Tools(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != tt.want {
			t.Errorf("%v: %d tools, want %d", tt.env, n, tt.want)
		}
		_ = cs.Close()
		_ = ss.Wait()
	}
	cfg, _ := config.Load(nil, func(string) string { return "" }, io.Discard)
	cfg.ExcludedServices = []string{"nosuch"}
	if _, err := FromConfig(cfg, "test", nil); err == nil {
		t.Error("unknown excluded service accepted")
	}
}
