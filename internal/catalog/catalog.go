// Package catalog is the table of Appwrite API tools and everything that
// describes one: name, description, JSON Schema, HTTP verb and path,
// parameter placement, read/write class, target context, the default deny
// list, the selection of tools a request may see, and the one generic
// dispatch that turns a tool call into an appwrite.Request.
//
// The table is generated (zz_generated*.go, by ./gen through go generate)
// from two sources: the Appwrite Go SDK and Appwrite's console SDK.
package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
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

// Location says where a parameter travels.
type Location string

// Parameter locations: GET parameters go in the query string, every other
// verb's in the (JSON or multipart) body, as both Appwrite SDKs send them.
const (
	InPath  Location = "path"
	InQuery Location = "query"
	InBody  Location = "body"
)

// Param is one tool parameter.
type Param struct {
	Name        string    // snake_case tool argument name, e.g. "user_id"
	Wire        string    // the API's name, e.g. "userId"
	In          Location  // path, query or body
	Type        ParamType // JSON type
	Items       ParamType // element type when Type is TypeArray
	Enum        []string  // allowed values (of the items, for arrays), when the SDK names an enum
	Required    bool
	Description string
}

// Tool is one Appwrite API method exposed as an MCP tool.
type Tool struct {
	Name        string // "<service>_<method>", e.g. "tables_db_list_rows"
	Service     string // Appwrite service name, e.g. "tables_db"
	SDKMethod   string // the source SDK's method name, e.g. "ListRows"
	Source      string // "sdk-for-go" or "console": which SDK described it
	Description string
	HTTPMethod  string // GET, POST, PUT, PATCH, DELETE
	Path        string // path template, e.g. "/users/{userId}"
	Class       Class
	Scope       Scope
	Deprecated  bool
	ReplacedBy  string // tool name of the replacement, when Deprecated
	Binary      bool   // the answer is raw bytes (images, file downloads)
	Upload      bool   // multipart upload with one TypeFile parameter
	Params      []Param
	// schema builds InputSchema once, on first use (nil: every call
	// builds it, for tools made outside New).
	schema func() (json.RawMessage, error)
}

// InputSchema returns the JSON Schema (draft 2020-12) of the tool's
// arguments. New builds it on first use, once (about 7 ms and half a
// megabyte for the whole catalog); a server lists tools with
// InputSchemaWith instead, so it never holds these. Every generated
// tool's schema builds (TestEverySchemaBuilds), so the error is for tools
// made by hand.
func (t *Tool) InputSchema() (json.RawMessage, error) {
	if t.schema == nil {
		return buildSchema(t, nil)
	}
	return t.schema()
}

// InputSchemaWith is InputSchema with extra properties, built anew each
// call and encoded once: for a caller that lists the tool with arguments
// of its own, and keeps what it gets.
func (t *Tool) InputSchemaWith(extra []Extra) (json.RawMessage, error) {
	return buildSchema(t, extra)
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

// Options choose which tools a Catalog holds.
type Options struct {
	// ExcludedServices removes whole services (EXCLUDED_SERVICES). The SDK
	// spelling ("tablesdb") is accepted for "tables_db".
	ExcludedServices []string
	// ExcludedTools removes single tools (EXCLUDED_TOOLS).
	ExcludedTools []string
	// IncludedTools turns tools of the default deny list back on
	// (INCLUDED_TOOLS); naming a tool that is not denied is an error.
	IncludedTools []string
}

// Catalog is the set of tools after exclusions. It is immutable.
type Catalog struct {
	tools  []*Tool
	byName map[string]*Tool
}

// OptionError is a bad Options value; Var names the variable.
type OptionError struct {
	Var    string // EXCLUDED_SERVICES, EXCLUDED_TOOLS or INCLUDED_TOOLS
	Reason string
}

func (e *OptionError) Error() string { return "catalog: " + e.Var + ": " + e.Reason }

// Services returns every Appwrite service name of the generated table, sorted.
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

// New returns the catalog for o. Unknown names are an *OptionError listing
// what is valid.
func New(o Options) (*Catalog, error) {
	all := generatedTools()
	skip, err := skipped(all, o)
	if err != nil {
		return nil, err
	}
	c := &Catalog{byName: make(map[string]*Tool, len(all))}
	for _, t := range all {
		if skip[t.Name] {
			continue
		}
		t.Class = classFor(t.HTTPMethod)
		t.Scope = ScopeFor(t.Service, t.Name)
		t.schema = sync.OnceValues(func() (json.RawMessage, error) { return buildSchema(t, nil) })
		c.tools = append(c.tools, t)
		c.byName[t.Name] = t
	}
	sort.Slice(c.tools, func(i, j int) bool { return c.tools[i].Name < c.tools[j].Name })
	return c, nil
}

// skipped returns the names of the tools o leaves out.
func skipped(all []*Tool, o Options) (map[string]bool, error) {
	services, names := map[string]bool{}, map[string]bool{}
	for _, t := range all {
		services[t.Service] = true
		names[t.Name] = true
	}
	exServices, err := knownNames("EXCLUDED_SERVICES", o.ExcludedServices, services, serviceAlias)
	if err != nil {
		return nil, err
	}
	exTools, err := knownNames("EXCLUDED_TOOLS", o.ExcludedTools, names, nil)
	if err != nil {
		return nil, err
	}
	denied := DeniedByDefault()
	included, err := knownNames("INCLUDED_TOOLS", o.IncludedTools, denied, nil)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, t := range all {
		if exServices[t.Service] || exTools[t.Name] || (denied[t.Name] && !included[t.Name]) {
			skip[t.Name] = true
		}
	}
	return skip, nil
}

// knownNames checks every name against known (after alias, when given).
func knownNames(variable string, names []string, known map[string]bool, alias func(string, map[string]bool) string) (map[string]bool, error) {
	out := map[string]bool{}
	var unknown []string
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if !known[n] && alias != nil {
			n = alias(n, known)
		}
		if !known[n] {
			unknown = append(unknown, n)
			continue
		}
		out[n] = true
	}
	if len(unknown) > 0 {
		return nil, &OptionError{Var: variable, Reason: fmt.Sprintf("unknown name(s) %s; valid: %s",
			strings.Join(unknown, ", "), strings.Join(sortedKeys(known, 60), ", "))}
	}
	return out, nil
}

// sortedKeys lists at most limit keys, sorted, with a count of the rest.
func sortedKeys(m map[string]bool, limit int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) > limit {
		rest := len(out) - limit
		out = append(out[:limit], fmt.Sprintf("… and %d more", rest))
	}
	return out
}

// serviceAlias maps an SDK package spelling to the Appwrite service name
// ("tablesdb" → "tables_db").
func serviceAlias(name string, known map[string]bool) string {
	for s := range known {
		if strings.ReplaceAll(s, "_", "") == name {
			return s
		}
	}
	return name
}

// ResolveServices resolves service names (Appwrite service names, or their SDK
// spellings such as "tablesdb") to the names c uses, sorted and without
// repeats. A name c does not hold — unknown, or left out by the server's
// own options — is an *OptionError for variable (the header or setting
// that named it), listing the services c holds.
func (c *Catalog) ResolveServices(variable string, names []string) ([]string, error) {
	held := map[string]bool{}
	for _, t := range c.tools {
		held[t.Service] = true
	}
	want, err := knownNames(variable, names, held, serviceAlias)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(want))
	for s := range want {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}

// Only returns the part of c that belongs to services, names as
// ResolveServices returns them.
func (c *Catalog) Only(services []string) *Catalog {
	sub := &Catalog{byName: map[string]*Tool{}}
	for _, t := range c.tools {
		if slices.Contains(services, t.Service) {
			sub.tools = append(sub.tools, t)
			sub.byName[t.Name] = t
		}
	}
	return sub
}

// Tools returns the tools sorted by name. The slice is a copy; the tools
// are shared and must not be modified.
func (c *Catalog) Tools() []*Tool { return append([]*Tool(nil), c.tools...) }

// Lookup finds a tool by name.
func (c *Catalog) Lookup(name string) (*Tool, bool) {
	t, ok := c.byName[name]
	return t, ok
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
