package tools

import (
	"errors"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"golang.org/x/sync/singleflight"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
)

// HeaderServices is the name a narrowing by services is reported under.
const HeaderServices = "X-Appwrite-MCP-Services"

// maxNarrowedServers bounds how many narrowed servers are kept built: a
// client chooses its headers, so the number of distinct narrowings is the
// client's to pick; the least recently used is dropped and built again on
// demand. One narrowed to every service holds about 2 MiB and takes about
// 80 ms of CPU to build (go-sdk resolves each tool's schema), so the bound
// keeps the worst case near 64 MiB; the per-user rate limit bounds how fast
// a client can force rebuilds.
const maxNarrowedServers = 32

// Surfaces holds the MCP servers of one process: the default one, and one
// per narrowing a connection asks for. A narrowing never widens what the
// configuration allows: it can only pick services the server's catalog
// holds and add read-only.
type Surfaces struct {
	o      Options
	def    *mcp.Server
	built  *lru.Cache[string, *mcp.Server]
	builds singleflight.Group
}

// NewSurfaces builds the default server; narrowed ones are built on first
// use and kept.
func NewSurfaces(o Options) (*Surfaces, error) {
	if o.Signer == nil {
		probe := o
		signer, err := newSigner(&probe)
		if err != nil {
			return nil, err
		}
		o.Signer = signer
	}
	def, err := NewServer(o)
	if err != nil {
		return nil, err
	}
	built, err := lru.New[string, *mcp.Server](maxNarrowedServers)
	if err != nil {
		return nil, err
	}
	return &Surfaces{o: o, def: def, built: built}, nil
}

// Default is the server for a connection that narrows nothing.
func (s *Surfaces) Default() *mcp.Server { return s.def }

// Narrowed returns the server for a connection that lists services
// (X-Appwrite-MCP-Services) and/or asks for read-only
// (X-Appwrite-MCP-Read-Only). Named services' tools are listed directly,
// next to the operator tools, and search and appwrite_call_tool reach only
// them. A service the catalog does not hold (unknown, or excluded by the
// configuration) is an error naming it and the services that exist.
func (s *Surfaces) Narrowed(services []string, readOnly bool) (*mcp.Server, error) {
	readOnly = readOnly || s.o.ReadOnly
	if len(services) == 0 && readOnly == s.o.ReadOnly {
		return s.def, nil
	}
	var names []string
	if len(services) > 0 {
		var err error
		if names, err = s.o.Catalog.ResolveServices(HeaderServices, services); err != nil {
			var oe *catalog.OptionError
			if errors.As(err, &oe) {
				return nil, errors.New(oe.Var + ": " + oe.Reason)
			}
			return nil, err
		}
	}
	// Keyed by the resolved names: "tablesdb" and "tables_db" share a server.
	key := strings.Join(names, ",")
	if readOnly {
		key += "|ro"
	}
	if srv, ok := s.built.Get(key); ok {
		return srv, nil
	}
	v, err, _ := s.builds.Do(key, func() (any, error) {
		o := s.o
		o.ReadOnly = readOnly
		if len(names) > 0 {
			o.Catalog, o.Surface = s.o.Catalog.Only(names), config.SurfaceFull
		}
		srv, err := NewServer(o)
		if err != nil {
			return nil, err
		}
		s.built.Add(key, srv)
		return srv, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*mcp.Server), nil
}
