package main

import (
	"log/slog"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// newMCPServer builds the one shared MCP server that serves every request:
// the tool catalog (minus EXCLUDED_SERVICES) behind the surface chosen by
// MCP_TOOL_SURFACE. An error is a configuration error (exit code 2).
func newMCPServer(cfg config.Config, version string, logger *slog.Logger) (*mcp.Server, error) {
	// Checked here first (a few ms) so an unknown service is reported as a
	// configuration error naming the variable.
	if _, err := catalog.New(cfg.ExcludedServices); err != nil {
		return nil, &config.Error{Var: "EXCLUDED_SERVICES", Reason: err.Error()}
	}
	return tools.FromConfig(cfg, version, logger.With("component", "tools"))
}
