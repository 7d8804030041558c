package main

// Method is one Appwrite API method as a source SDK describes it. Both
// loaders (the Go SDK through go/packages, the console SDK through the
// TypeScript compiler API) produce Methods; merge applies the precedence
// rule and the renderer writes the catalog from the result.
type Method struct {
	Source      string        `json:"source"`      // SourceGo or SourceConsole
	Service     string        `json:"service"`     // snake_case Appwrite service, e.g. "tables_db"
	Name        string        `json:"name"`        // snake_case method, e.g. "list_rows"
	SDKMethod   string        `json:"sdkMethod"`   // the SDK's own name, e.g. "ListRows" or "listRows"
	Verb        string        `json:"verb"`        // GET, POST, PUT, PATCH or DELETE
	Path        string        `json:"path"`        // template, e.g. "/users/{userId}"
	Description string        `json:"description"` // doc comment, plain text
	Deprecated  bool          `json:"deprecated"`
	ReplacedBy  string        `json:"replacedBy,omitempty"` // tool name ("<service>_<method>") of the replacement
	Upload      bool          `json:"upload"`               // multipart upload of one file parameter
	Binary      bool          `json:"binary"`               // the answer is raw bytes (images, downloads)
	Params      []MethodParam `json:"params"`
}

// MethodParam is one parameter of a Method.
type MethodParam struct {
	Name        string   `json:"name"`            // snake_case tool argument name, e.g. "user_id"
	Wire        string   `json:"wire"`            // the API's name, e.g. "userId"
	In          string   `json:"in"`              // InPath, InQuery or InBody
	Type        string   `json:"type"`            // string, integer, number, boolean, array, object or file
	Items       string   `json:"items,omitempty"` // element type of an array
	Enum        []string `json:"enum,omitempty"`  // allowed values, when the SDK names an enum
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// Method sources.
const (
	SourceGo      = "sdk-for-go"
	SourceConsole = "console"
)

// Parameter locations. GET parameters travel in the query string and every
// other verb's in the body (JSON, or multipart for uploads), as both SDKs
// send them; path parameters are spliced into the template.
const (
	InPath  = "path"
	InQuery = "query"
	InBody  = "body"
)
