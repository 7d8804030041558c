package catalog

import (
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Scope says where a tool acts.
type Scope string

// Tool scopes.
const (
	ScopeProject Scope = "project" // inside one project: needs a target project_id (X-Appwrite-Project + admin mode)
	ScopeConsole Scope = "console" // on the console (X-Appwrite-Project: console); a project or organization, if any, is in the path
	ScopeEither  Scope = "either"  // works with or without a target project
)

// ScopeFor decides where a tool acts, from its Appwrite service and tool
// name. This is THE rule (scope_test.go pins it, service by service):
//
//   - console: account (the signed-in console user), projects (create and
//     configure projects: keys, platforms, webhooks, SMTP, templates, auth
//     settings — the project is in the path), organizations (the
//     organization is in the path), domains, console and assistant. A target
//     project would make Appwrite look inside that project instead.
//   - either: teams (organizations at console level, the project's teams
//     inside one), avatars and locale (utilities), graphql (runs against
//     whatever project the headers select), activities (audit events of the
//     selected context).
//   - project: every other service (databases, tables_db, storage,
//     functions, sites, messaging, users, tokens, backups, health, and the
//     console SDK's project, proxy, migrations and vcs) manages resources
//     inside one project, so a target project_id is required.
//
// Unknown services (a future SDK) default to project, the safe choice: the
// tool then demands an explicit target. The tool name is part of the
// signature for method-level exceptions; none are needed today.
func ScopeFor(service, _ string) Scope {
	switch service {
	case "account", "projects", "organizations", "domains", "console", "assistant":
		return ScopeConsole
	case "teams", "avatars", "locale", "graphql", "activities":
		return ScopeEither
	}
	return ScopeProject
}

// Annotations returns the MCP tool annotations derived from the tool's
// HTTP verb: GET is read-only; DELETE is destructive; PUT and DELETE are
// idempotent; every tool reaches an external system (open world).
func (t *Tool) Annotations() *mcp.ToolAnnotations {
	openWorld := true
	a := &mcp.ToolAnnotations{
		Title:         t.Title(),
		ReadOnlyHint:  t.Class == Read,
		OpenWorldHint: &openWorld,
	}
	if t.Class != Read {
		destructive := t.Class == Destructive
		a.DestructiveHint = &destructive
		a.IdempotentHint = t.HTTPMethod == "PUT" || t.HTTPMethod == "DELETE"
	}
	return a
}

// Title is a human-readable name, e.g. "Tables DB: list rows".
func (t *Tool) Title() string {
	svc := strings.ReplaceAll(t.Service, "_", " ")
	svc = strings.ToUpper(svc[:1]) + svc[1:]
	svc = strings.Replace(svc, " db", " DB", 1)
	rest := strings.TrimPrefix(t.Name, t.Service+"_")
	return svc + ": " + strings.ReplaceAll(rest, "_", " ")
}
