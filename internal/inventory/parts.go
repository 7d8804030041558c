package inventory

// spec is one part of a project's inventory: the catalog list tool that
// reads it, the key its answer lists items under, and the tool that shows
// what is inside one item.
type spec struct {
	name     string         // key in the inventory, e.g. "databases"
	tool     string         // catalog list tool, e.g. "tables_db_list"
	listKey  string         // list key of the answer, e.g. "databases"
	args     map[string]any // fixed arguments of tool (path values)
	console  bool           // a console tool taking project_id as an argument
	nextTool string         // tool for one item; "" when there is none to suggest
	nextArgs map[string]any
	nextID   string // argument of nextTool that takes the item's $id
}

// parts is every part read for a project. API keys suggest no tool for
// one key: reading a key shows its secret.
func parts() []spec {
	return []spec{
		{name: "databases", tool: "tables_db_list", listKey: "databases", nextTool: "tables_db_list_tables", nextID: "database_id"},
		{name: "buckets", tool: "storage_list_buckets", listKey: "buckets", nextTool: "storage_list_files", nextID: "bucket_id"},
		{name: "functions", tool: "functions_list", listKey: "functions", nextTool: "functions_list_deployments", nextID: "function_id"},
		{name: "sites", tool: "sites_list", listKey: "sites", nextTool: "sites_list_deployments", nextID: "site_id"},
		{name: "users", tool: "users_list", listKey: "users", nextTool: "users_get", nextID: "user_id"},
		{name: "teams", tool: "teams_list", listKey: "teams", nextTool: "teams_list_memberships", nextID: "team_id"},
		{name: "topics", tool: "messaging_list_topics", listKey: "topics", nextTool: "messaging_list_subscribers", nextID: "topic_id"},
		{name: "providers", tool: "messaging_list_providers", listKey: "providers", nextTool: "messaging_get_provider", nextID: "provider_id"},
		{name: "platforms", tool: "projects_list_platforms", listKey: "platforms", console: true, nextTool: "projects_get_platform", nextID: "platform_id"},
		{name: "api_keys", tool: "projects_list_keys", listKey: "keys", console: true},
	}
}

// tablesSpec is the tables part of database db.
func tablesSpec(db string) spec {
	return spec{
		name: "tables", tool: "tables_db_list_tables", listKey: "tables", args: map[string]any{"database_id": db},
		nextTool: "tables_db_list_rows", nextArgs: map[string]any{"database_id": db}, nextID: "table_id",
	}
}

// call is the appwrite_call_tool arguments of the part's list tool.
func (sp spec) call(projectID string) *Call {
	return newCall(sp.tool, sp.console, projectID, sp.args)
}

// next is the appwrite_call_tool arguments showing what is inside one
// item: its $id goes in the argument IDArgument names.
func (sp spec) next(projectID string) *Call {
	c := newCall(sp.nextTool, sp.console, projectID, sp.nextArgs)
	c.IDArgument = sp.nextID
	return c
}

// newCall builds a call of tool: a project tool gets project_id as the
// target, a console tool as its own argument.
func newCall(tool string, console bool, projectID string, fixed map[string]any) *Call {
	c := &Call{ToolName: tool, ProjectID: projectID}
	args := map[string]any{}
	for k, v := range fixed {
		args[k] = v
	}
	if console {
		c.ProjectID = ""
		args["project_id"] = projectID
	}
	if len(args) > 0 {
		c.Arguments = args
	}
	return c
}
