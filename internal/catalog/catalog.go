// Package catalog holds the table of Appwrite API tools generated from the
// Appwrite Go SDK (zz_generated.go, produced by ./gen via go generate) and the
// types that describe one tool: name, description, JSON Schema, HTTP verb and
// path, read/write classification, target context, and typed dispatch.
package catalog

import "encoding/json"

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
	Params      []Param
	InputSchema json.RawMessage // JSON Schema (draft 2020-12) of the arguments
}
