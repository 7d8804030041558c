package tools

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/shape"
)

func loadConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("config %v: %v", env, err)
	}
	return cfg
}

// countTools lists srv's tools over an in-memory transport.
func countTools(t *testing.T, srv *mcp.Server) int {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
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
	_ = cs.Close()
	_ = ss.Wait()
	return n
}

func TestFromConfig(t *testing.T) {
	all := len(testCatalog(t).Tools())
	tests := []struct {
		env  map[string]string
		want int
	}{
		{map[string]string{}, 3},
		{map[string]string{"MCP_TOOL_SURFACE": "full"}, all + 3},
		{map[string]string{"MCP_TOOL_SURFACE": "full", "EXCLUDED_TOOLS": "users_get,users_list"}, all + 1},
	}
	for _, tt := range tests {
		srv, err := FromConfig(loadConfig(t, tt.env), "test", slog.New(slog.DiscardHandler), Deps{})
		if err != nil {
			t.Fatal(err)
		}
		if n := countTools(t, srv.Default()); n != tt.want {
			t.Errorf("%v: %d tools, want %d", tt.env, n, tt.want)
		}
	}
}

// TestFactoryOptionsBoundResponses: upstream responses are bounded by what a
// result can carry, not by the appwrite package's generous 16 MiB default.
func TestFactoryOptionsBoundResponses(t *testing.T) {
	tests := []struct {
		maxResult string
		want      int64
	}{
		{"", shape.DefaultMaxBinary},     // 64 KiB results: the inline binary bound
		{"4194304", 4 * 4194304},         // big results: four times the result bound
		{"1024", shape.DefaultMaxBinary}, // tiny results still allow an inline image
	}
	for _, tt := range tests {
		cfg := loadConfig(t, map[string]string{"MCP_MAX_RESULT_BYTES": tt.maxResult})
		o := FactoryOptions(cfg, "v1", nil)
		if o.MaxResponseBytes != tt.want {
			t.Errorf("MCP_MAX_RESULT_BYTES=%q: MaxResponseBytes = %d, want %d", tt.maxResult, o.MaxResponseBytes, tt.want)
		}
		if o.UserAgent != "appwrite-mcp/v1" || o.Endpoint != cfg.AppwriteEndpoint || o.MaxUploadBytes != cfg.MaxUploadBytes ||
			o.DefaultProject != cfg.AppwriteProjectID || o.Timeout != cfg.AppwriteTimeout {
			t.Errorf("options = %+v", o)
		}
	}
}

func TestFromConfigBadNamesAreConfigErrors(t *testing.T) {
	tests := []struct{ variable, value, named string }{
		{"EXCLUDED_SERVICES", "users,nosuchservice", "nosuchservice"},
		{"EXCLUDED_TOOLS", "users_get,nosuch_tool", "nosuch_tool"},
		{"INCLUDED_TOOLS", "users_get", "users_get"}, // not on the deny list
	}
	for _, tt := range tests {
		_, err := FromConfig(loadConfig(t, map[string]string{tt.variable: tt.value}), "test", slog.New(slog.DiscardHandler), Deps{})
		var cerr *config.Error
		if !errors.As(err, &cerr) || cerr.Var != tt.variable || !strings.Contains(cerr.Reason, tt.named) {
			t.Errorf("%s=%s: err = %v, want a *config.Error for %s naming %s", tt.variable, tt.value, err, tt.variable, tt.named)
		}
	}
}

// TestNarrowedSpellingsShareAServer: a narrowing is keyed by the services
// it resolves to, so spellings of one set share one built server, and a
// name the catalog does not hold is refused before anything is built.
func TestNarrowedSpellingsShareAServer(t *testing.T) {
	s, err := FromConfig(loadConfig(t, map[string]string{"EXCLUDED_SERVICES": "avatars"}), "test", slog.New(slog.DiscardHandler), Deps{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Narrowed([]string{"tables_db", "storage"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, spelling := range [][]string{
		{"tablesdb", "storage"},
		{" Storage ", "TablesDB", "tables_db"},
	} {
		got, err := s.Narrowed(spelling, false)
		if err != nil {
			t.Fatalf("%q: %v", spelling, err)
		}
		if got != first {
			t.Errorf("%q built a second server for the same services", spelling)
		}
	}
	if ro, err := s.Narrowed([]string{"tablesdb", "storage"}, true); err != nil || ro == first {
		t.Errorf("read-only narrowing shares the writable server (err %v)", err)
	}
	for _, bad := range []string{"avatars", "nope"} {
		if _, err := s.Narrowed([]string{"storage", bad}, false); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), HeaderServices) {
			t.Errorf("%s: error %v, want one naming it and the header", bad, err)
		}
	}
	if s.built.Len() != 2 {
		t.Errorf("%d narrowed servers built, want 2", s.built.Len())
	}
}
