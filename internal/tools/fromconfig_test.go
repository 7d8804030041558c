package tools

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
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

// TestFactoryOptionsBoundResponses: upstream responses are bounded by what a
// result can carry, not by the appwrite package's generous 16 MiB default.
func TestFactoryOptionsBoundResponses(t *testing.T) {
	tests := []struct {
		maxResult string
		want      int64
	}{
		{"", DefaultMaxBinaryBytes},     // 64 KiB results: the inline binary bound
		{"4194304", 4 * 4194304},        // big results: four times the result bound
		{"1024", DefaultMaxBinaryBytes}, // tiny results still allow an inline image
	}
	for _, tt := range tests {
		cfg, err := config.Load(nil, func(k string) string {
			if k == "MCP_MAX_RESULT_BYTES" {
				return tt.maxResult
			}
			return ""
		}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		o := factoryOptions(cfg, "v1")
		if o.MaxResponseBytes != tt.want {
			t.Errorf("MCP_MAX_RESULT_BYTES=%q: MaxResponseBytes = %d, want %d", tt.maxResult, o.MaxResponseBytes, tt.want)
		}
		if o.UserAgent != "appwrite-mcp/v1" || o.Endpoint != cfg.AppwriteEndpoint || o.MaxUploadBytes != cfg.MaxUploadBytes {
			t.Errorf("options = %+v", o)
		}
	}
}

func TestFromConfigUnknownServiceIsConfigError(t *testing.T) {
	cfg, err := config.Load(nil, func(k string) string {
		if k == "EXCLUDED_SERVICES" {
			return "users,nosuchservice"
		}
		return ""
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromConfig(cfg, "test", slog.New(slog.DiscardHandler))
	var cerr *config.Error
	if !errors.As(err, &cerr) || cerr.Var != "EXCLUDED_SERVICES" || !strings.Contains(cerr.Reason, "nosuchservice") {
		t.Fatalf("err = %v, want a *config.Error for EXCLUDED_SERVICES naming nosuchservice", err)
	}
}
