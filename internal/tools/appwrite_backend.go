package tools

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/auth"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// FromConfig builds the shared MCP server from the process configuration:
// the catalog (minus EXCLUDED_SERVICES), one appwrite.Factory, and the
// surface, read-only flag and result bound of cfg. cmd/appwrite-mcp calls it
// once at start.
func FromConfig(cfg config.Config, version string, logger *slog.Logger) (*mcp.Server, error) {
	cat, err := catalog.New(cfg.ExcludedServices)
	if err != nil {
		// An unknown service name is a configuration error naming the variable.
		return nil, &config.Error{Var: "EXCLUDED_SERVICES", Reason: err.Error()}
	}
	factory := appwrite.NewFactory(factoryOptions(cfg, version))
	return NewServer(Options{
		Tools:          cat.Tools(),
		Backend:        NewAppwriteBackend(factory),
		AccessToken:    auth.AccessToken,
		Endpoint:       cfg.AppwriteEndpoint,
		OAuthProjectID: cfg.AppwriteProjectID,
		Surface:        cfg.ToolSurface,
		ReadOnly:       cfg.ReadOnly,
		MaxResultBytes: cfg.MaxResultBytes,
		Logger:         logger,
		Version:        version,
	})
}

// factoryOptions are the upstream client options for cfg. An upstream
// response is read whole before it is shaped (JSON is parsed into a tree to
// cut it at element boundaries, ~10-20x its size in memory), so it is bounded
// by what a result can use: an inline binary (DefaultMaxBinaryBytes) or a few
// times MaxResultBytes of JSON. A larger answer fails with a request to ask
// for less, instead of costing hundreds of MB per call.
func factoryOptions(cfg config.Config, version string) appwrite.Options {
	return appwrite.Options{
		Endpoint:         cfg.AppwriteEndpoint,
		DefaultProject:   cfg.AppwriteProjectID,
		UserAgent:        "appwrite-mcp/" + version,
		Timeout:          cfg.AppwriteTimeout,
		MaxUploadBytes:   cfg.MaxUploadBytes,
		MaxResponseBytes: max(int64(DefaultMaxBinaryBytes), 4*int64(cfg.MaxResultBytes)),
	}
}

// NewAppwriteBackend adapts an appwrite.Factory: one appwrite.Session per
// call, catalog dispatch, and the package's error types.
func NewAppwriteBackend(f *appwrite.Factory) Backend { return factoryBackend{f: f} }

type factoryBackend struct{ f *appwrite.Factory }

func (b factoryBackend) Open(ctx context.Context, token string, t Target) Conn {
	return sessionConn{s: b.f.NewSession(ctx, token, appwrite.Target{
		ProjectID:      t.ProjectID,
		OrganizationID: t.OrganizationID,
		Endpoint:       t.Endpoint,
	})}
}

type sessionConn struct{ s *appwrite.Session }

func (c sessionConn) Invoke(ctx context.Context, t *catalog.Tool, args map[string]any) (*Response, error) {
	res, err := t.Invoke(ctx, c.s, args)
	if err != nil {
		return nil, convertError(err)
	}
	return &Response{Status: res.Status, ContentType: res.ContentType, Location: res.Location, Body: res.Body, Undecoded: res.Undecoded}, nil
}

func (c sessionConn) Call(ctx context.Context, method, path string, query map[string]any) (*Response, error) {
	res, err := c.s.Call(ctx, method, path, query)
	if err != nil {
		return nil, convertError(err)
	}
	return &Response{Status: res.Status, ContentType: res.ContentType, Location: res.Location, Body: res.Body}, nil
}

func (c sessionConn) Close() { c.s.Close() }

// convertError maps the appwrite and catalog error types onto this
// package's, keeping the original in the chain.
func convertError(err error) error {
	var api *appwrite.APIError
	if errors.As(err, &api) {
		return &UpstreamError{Status: api.Status, Type: api.Type, Message: api.Message, Body: api.Body}
	}
	var arg *catalog.ArgError
	if errors.As(err, &arg) {
		return &ArgumentError{Param: arg.Param, Problem: arg.Problem}
	}
	var pp *appwrite.PathParamError
	if errors.As(err, &pp) {
		return &ArgumentError{Problem: pp.Error()}
	}
	if errors.Is(err, appwrite.ErrResponseTooLarge) {
		return fmt.Errorf("the Appwrite response was larger than this server accepts; ask for less (queries such as limit(25) or select([...])): %w", err)
	}
	return err
}
