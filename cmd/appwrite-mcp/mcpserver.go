package main

import (
	"log/slog"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/tools"
)

// newMCPServer builds the one shared MCP server that serves every request:
// the tool catalog (minus EXCLUDED_SERVICES) behind the surface chosen by
// MCP_TOOL_SURFACE. An error is a configuration error (exit code 2); an
// unknown service comes back as a *config.Error naming EXCLUDED_SERVICES.
func newMCPServer(cfg config.Config, version string, logger *slog.Logger) (*mcp.Server, error) {
	return tools.FromConfig(cfg, version, logger.With("component", "tools"))
}
