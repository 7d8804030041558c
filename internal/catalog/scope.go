package catalog

import (
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ScopeFor decides where a tool acts, from its Appwrite service and SDK
// method. This is THE rule (scope_test.go pins it):
//
//   - account acts on the signed-in user's own account. The bearer token
//     belongs to a console user, so it is console-level: a target project
//     would make Appwrite look for a user of that project instead.
//   - teams are organizations at console level and the project's teams
//     inside a project: either.
//   - avatars and locale are utilities answering the same in any project;
//     graphql runs against whatever project the headers select; activities
//     lists audit events of the selected context: either.
//   - every other service (databases, tables_db, storage, functions, sites,
//     messaging, users, tokens, backups, health) manages resources inside one
//     project: project, so a target project_id is required.
//
// Unknown services (a future SDK) default to project, the safe choice: the
// tool then demands an explicit target. The SDK method is part of the
// signature for method-level exceptions; SDK v1.0.0 needs none.
func ScopeFor(service, _ string) Scope {
	switch service {
	case "account":
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
