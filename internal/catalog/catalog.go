// Package catalog holds the table of Appwrite API tools generated from the
// Appwrite Go SDK (zz_generated.go, produced by ./gen via go generate) and the
// types that describe one tool: name, description, JSON Schema, HTTP verb and
// path, read/write classification, target context, and typed dispatch.
package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/appwrite/sdk-for-go/client"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

//go:generate go run ./gen

// Class says what a tool does to data.
type Class string

// Tool classes, from the HTTP verb.
const (
	Read        Class = "read"        // GET
	Write       Class = "write"       // POST, PUT, PATCH
	Destructive Class = "destructive" // DELETE
)

// Scope says where a tool acts.
type Scope string

// Tool scopes.
const (
	ScopeProject Scope = "project" // inside one project: needs a target project_id
	ScopeConsole Scope = "console" // on the signed-in account / console level
	ScopeEither  Scope = "either"  // works with or without a target project
)

// ParamType is the JSON type of a tool parameter.
type ParamType string

// Parameter types.
const (
	TypeString  ParamType = "string"
	TypeInteger ParamType = "integer"
	TypeNumber  ParamType = "number"
	TypeBoolean ParamType = "boolean"
	TypeArray   ParamType = "array"
	TypeObject  ParamType = "object"
	TypeFile    ParamType = "file" // an upload: base64 content + name, or an https URL
)

// Param is one tool parameter.
type Param struct {
	Name        string    // snake_case tool argument name, e.g. "user_id"
	Wire        string    // the SDK's wire name, e.g. "userId"
	Type        ParamType // JSON type
	Items       ParamType // element type when Type is TypeArray
	Required    bool      // a positional SDK argument
	InPath      bool      // spliced into the URL path: validated before any request
	UploadID    bool      // ID of a file being uploaded: an Appwrite ID or "unique()" (the SDK also puts it in a path)
	Description string
}

// Tool is one Appwrite API method exposed as an MCP tool.
type Tool struct {
	Name        string // "<service>_<method>", e.g. "tables_db_list_rows"
	Service     string // Appwrite service name, e.g. "tables_db"
	SDKMethod   string // Go SDK method, e.g. "ListRows"
	Description string
	HTTPMethod  string // GET, POST, PUT, PATCH, DELETE
	Path        string // path template, e.g. "/users/{userId}"
	Class       Class
	Scope       Scope
	Deprecated  bool
	ReplacedBy  string // tool name of the replacement, when Deprecated
	Binary      bool   // the SDK returns raw bytes (images, file downloads): see Result.ContentType
	Upload      bool   // multipart upload with a TypeFile parameter
	Params      []Param
	InputSchema json.RawMessage // JSON Schema (draft 2020-12) of the arguments

	call callFunc // generated typed dispatch
}

// callFunc converts a tool's arguments and calls its SDK method with clt.
type callFunc func(ctx context.Context, s *appwrite.Session, clt client.Client, a *args) error

// Catalog is the set of tools after exclusions. It is immutable.
type Catalog struct {
	tools  []*Tool
	byName map[string]*Tool
}

// Services returns every Appwrite service name known to the generated
// table, sorted (e.g. "account", ..., "tables_db", ...).
func Services() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range generatedTools() {
		if !seen[t.Service] {
			seen[t.Service] = true
			out = append(out, t.Service)
		}
	}
	sort.Strings(out)
	return out
}

// New returns the catalog without the excluded services (Appwrite service
// names; the SDK's spelling, e.g. "tablesdb", is accepted too). An unknown
// name is an error listing the valid ones.
func New(excluded []string) (*Catalog, error) {
	services := Services()
	known := map[string]bool{}
	for _, s := range services {
		known[s] = true
	}
	skip := map[string]bool{}
	var unknown []string
	for _, e := range excluded {
		name := strings.ToLower(strings.TrimSpace(e))
		if name == "" {
			continue
		}
		if !known[name] {
			if alt := sdkServiceAlias(name); known[alt] {
				name = alt
			} else {
				unknown = append(unknown, e)
				continue
			}
		}
		skip[name] = true
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("catalog: unknown service(s) %s; valid services: %s",
			strings.Join(unknown, ", "), strings.Join(services, ", "))
	}
	c := &Catalog{byName: map[string]*Tool{}}
	for _, t := range generatedTools() {
		if skip[t.Service] {
			continue
		}
		t.Class = classFor(t.HTTPMethod)
		t.Scope = ScopeFor(t.Service, t.SDKMethod)
		schema, err := buildSchema(t)
		if err != nil {
			return nil, fmt.Errorf("catalog: %s: %w", t.Name, err)
		}
		t.InputSchema = schema
		c.tools = append(c.tools, t)
		c.byName[t.Name] = t
	}
	sort.Slice(c.tools, func(i, j int) bool { return c.tools[i].Name < c.tools[j].Name })
	return c, nil
}

// sdkServiceAlias maps an SDK package spelling to the Appwrite service name
// ("tablesdb" → "tables_db").
func sdkServiceAlias(name string) string {
	for _, s := range Services() {
		if strings.ReplaceAll(s, "_", "") == name {
			return s
		}
	}
	return ""
}

// Tools returns the tools sorted by name. The slice is a copy; the tools
// are shared and must not be modified.
func (c *Catalog) Tools() []*Tool { return append([]*Tool(nil), c.tools...) }

// Lookup finds a tool by name.
func (c *Catalog) Lookup(name string) (*Tool, bool) {
	t, ok := c.byName[name]
	return t, ok
}

// Param returns the parameter named name (snake_case), if any.
func (t *Tool) Param(name string) (Param, bool) {
	for _, p := range t.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

func classFor(verb string) Class {
	switch verb {
	case "GET", "HEAD":
		return Read
	case "DELETE":
		return Destructive
	default:
		return Write
	}
}
