package fakeappwrite

// defaultScopes returns a realistic Appwrite-like scope list (Cloud's real one
// is longer, ~120 entries, and changes over time).
func defaultScopes() []string {
	return []string{
		"openid", "email", "profile",
		"account",
		"users.read", "users.write",
		"sessions.write",
		"teams.read", "teams.write",
		"databases.read", "databases.write",
		"collections.read", "collections.write",
		"tables.read", "tables.write",
		"attributes.read", "attributes.write",
		"columns.read", "columns.write",
		"indexes.read", "indexes.write",
		"documents.read", "documents.write",
		"rows.read", "rows.write",
		"files.read", "files.write",
		"buckets.read", "buckets.write",
		"functions.read", "functions.write",
		"sites.read", "sites.write",
		"execution.read", "execution.write",
		"log.read", "log.write",
		"locale.read", "avatars.read", "health.read",
		"providers.read", "providers.write",
		"messages.read", "messages.write",
		"topics.read", "topics.write",
		"subscribers.read", "subscribers.write",
		"targets.read", "targets.write",
		"rules.read", "rules.write",
		"migrations.read", "migrations.write",
		"vcs.read", "vcs.write",
		"tokens.read", "tokens.write",
		"projects.read", "projects.write",
		"organizations.read", "organizations.write",
	}
}
