package fakeappwrite

import (
	"net/http"
	"net/url"
	"strings"
)

// This file maps Appwrite REST paths onto the state's collections. Appwrite
// paths alternate collection and document segments (/tablesdb/{db}/tables/
// {t}/rows/{r}); the exceptions are a few namespaces (/storage/buckets,
// /messaging/topics), the /account singleton, sub-type segments that pick a
// variant of a create or update (/messaging/providers/sendgrid,
// /tablesdb/{db}/tables/{t}/columns/string/{key}, /users/argon2) and a few
// fixed sub-collections (/users/identities, /tablesdb/transactions).

// step is one collection of a path and, unless the path ends there, the
// document in it.
type step struct {
	name  string // as requested, namespace dropped: "buckets", "collections"
	canon string // as stored: "storage/buckets", "tables"
	id    string // the document; "" when the path ends at the collection
}

// resourcePath is a parsed REST path.
type resourcePath struct {
	steps   []step
	subtype string // a sub-type segment of the last collection, e.g. "sendgrid"
	legacy  bool   // requested through /databases (collections, documents, attributes)
}

// last is the path's final step.
func (p resourcePath) last() step { return p.steps[len(p.steps)-1] }

// isDoc reports whether the path names a document rather than a collection.
func (p resourcePath) isDoc() bool { return p.last().id != "" }

// parent is the path of the document that holds the last collection, or
// false at the root.
func (p resourcePath) parent() (resourcePath, bool) {
	if len(p.steps) < 2 {
		return resourcePath{}, false
	}
	return resourcePath{steps: p.steps[:len(p.steps)-1], legacy: p.legacy}, true
}

// collKey is the store key of the last collection: the canonical path of
// its parent document, then its canonical name. The /account singleton lives
// in the root collection "" under id "account".
func (p resourcePath) collKey() string {
	var b strings.Builder
	for i, s := range p.steps {
		last := i == len(p.steps)-1
		if s.canon == accountName {
			if !last {
				b.WriteString("/" + accountName)
			}
			continue
		}
		b.WriteString("/" + s.canon)
		if !last {
			b.WriteString("/" + s.id)
		}
	}
	return b.String()
}

// docKey is the store key of the document the path names.
func (p resourcePath) docKey() string { return p.collKey() + "/" + p.last().id }

const accountName = "account"

// stateRoot reports whether the stateful store answers paths under root;
// others (health, locale, avatars, graphql …) keep the recorder's `{}`.
func stateRoot(root string) bool {
	switch root {
	case accountName, "users", "tablesdb", "databases", "storage", "functions", "sites",
		"teams", "messaging", "projects", "organizations":
		return true
	}
	return false
}

// consoleRoot reports whether paths under root live in the console store
// whatever X-Appwrite-Project says.
func consoleRoot(root string) bool {
	switch root {
	case accountName, "organizations", "organization", "projects":
		return true
	}
	return false
}

// parsePath splits an escaped REST path (without /v1) into steps. It
// reports false for paths the state does not model.
func parsePath(method, escaped string) (resourcePath, bool) {
	segs, ok := splitSegments(escaped)
	if !ok || len(segs) == 0 || !stateRoot(segs[0]) {
		return resourcePath{}, false
	}
	var p resourcePath
	i := 1
	switch root := segs[0]; root {
	case accountName:
		p.steps = []step{{name: accountName, canon: accountName, id: accountName}}
	case "storage", "messaging":
		if len(segs) < 2 {
			return resourcePath{}, false
		}
		p.steps = []step{{name: segs[1], canon: root + "/" + segs[1]}}
		i = 2
	case "databases":
		p.legacy = true
		p.steps = []step{{name: root, canon: "tablesdb"}}
	default:
		p.steps = []step{{name: root, canon: root}}
	}
	for ; i < len(segs); i++ {
		seg := segs[i]
		cur := &p.steps[len(p.steps)-1]
		if cur.id != "" { // a document: seg is one of its collections
			p.steps = append(p.steps, step{name: seg, canon: canonChild(cur.canon, seg)})
			continue
		}
		remaining := len(segs) - 1 - i
		switch {
		case len(p.steps) == 1 && fixedSubCollection(cur.canon, seg):
			cur.name, cur.canon = seg, cur.canon+"/"+seg
		case consumesSubtype(method, cur.canon, seg, remaining):
			p.subtype = seg
		default:
			cur.id = seg
		}
	}
	return p, true
}

// splitSegments unescapes each segment of an escaped path, so that an
// encoded "/" stays inside its segment. One trailing slash is ignored; an
// empty segment elsewhere is refused.
func splitSegments(escaped string) ([]string, bool) {
	escaped = strings.TrimSuffix(strings.TrimPrefix(escaped, "/"), "/")
	if escaped == "" {
		return nil, false
	}
	raw := strings.Split(escaped, "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil || s == "" {
			return nil, false
		}
		segs[i] = s
	}
	return segs, true
}

// canonChild is the stored name of collection seg under a document of
// collection parent: the legacy Databases API shares TablesDB's storage.
func canonChild(parent, seg string) string {
	switch {
	case parent == "tablesdb" && seg == "collections":
		return "tables"
	case parent == "tables" && seg == "documents":
		return "rows"
	case parent == "tables" && seg == "attributes":
		return "columns"
	}
	return seg
}

// fixedSubCollection reports whether seg, right after a root collection, is
// a collection of its own rather than a document id.
func fixedSubCollection(canon, seg string) bool {
	switch canon {
	case "users":
		return seg == "identities"
	case "tablesdb":
		return seg == "transactions"
	case "functions":
		return seg == "runtimes" || seg == "specifications"
	case "sites":
		return seg == "frameworks" || seg == "specifications"
	}
	return false
}

// consumesSubtype reports whether seg picks a variant of the collection
// rather than naming a document: on a create (POST, last segment), or on a
// typed update (PATCH/PUT /collection/{type}/{id}) where Appwrite has one.
func consumesSubtype(method, canon, seg string, remaining int) bool {
	field, typedUpdate := subtypeField(canon)
	if field == "" || !isSubtype(canon, seg) {
		return false
	}
	if method == http.MethodPost && remaining == 0 {
		return true
	}
	return typedUpdate && remaining == 1 && (method == http.MethodPatch || method == http.MethodPut)
}

// subtypeField is the document field that records a collection's sub-type,
// and whether Appwrite also updates through /{type}/{id}.
func subtypeField(canon string) (field string, typedUpdate bool) {
	switch canon {
	case "messaging/providers":
		return "provider", true
	case "messaging/messages":
		return "providerType", true
	case "columns":
		return "type", true
	case "users":
		return "hash", false
	case "deployments":
		return "source", false
	case "sessions", "tokens":
		return "provider", false
	}
	return "", false
}

func isSubtype(canon, seg string) bool {
	switch canon {
	case "messaging/providers":
		return providerKind(seg) != ""
	case "messaging/messages":
		return seg == "email" || seg == "sms" || seg == "push"
	case "columns":
		switch seg {
		case "boolean", "datetime", "email", "enum", "float", "integer", "ip", "line", "longtext",
			"mediumtext", "point", "polygon", "relationship", "string", "text", "url", "varchar":
			return true
		}
	case "users":
		switch seg {
		case "argon2", "bcrypt", "md5", "phpass", "scrypt", "scrypt-modified", "sha":
			return true
		}
	case "deployments":
		return seg == "duplicate" || seg == "template" || seg == "vcs"
	case "sessions":
		return seg == "anonymous" || seg == "email" || seg == "magic-url" || seg == "phone" || seg == "token"
	case "tokens":
		return seg == "email" || seg == "magic-url" || seg == "phone"
	}
	return false
}

// providerKind is the message type a messaging provider sends.
func providerKind(provider string) string {
	switch provider {
	case "apns", "fcm":
		return "push"
	case "mailgun", "resend", "sendgrid", "smtp":
		return "email"
	case "msg91", "telesign", "textmagic", "twilio", "vonage":
		return "sms"
	}
	return ""
}

// pluralKey is the list key Appwrite answers a collection with.
func pluralKey(name string) string {
	switch name {
	case "tablesdb":
		return "databases"
	case "organizations":
		return "teams"
	}
	return name
}

// singular is the singular of a collection name: users → user,
// identities → identity, indexes → index.
func singular(name string) string {
	switch name {
	case "tablesdb", "databases":
		return "database"
	case accountName:
		return "user"
	}
	switch {
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "xes"):
		return strings.TrimSuffix(name, "es")
	}
	return strings.TrimSuffix(name, "s")
}

// idField is the body field that carries a new document's id.
func idField(name string) string {
	switch name {
	case "columns", "attributes", "indexes":
		return "key"
	}
	return camel(singular(name)) + "Id"
}

// camel turns a dashed name into camelCase: magic-url → magicUrl.
func camel(s string) string {
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// errorPrefix is the prefix of a collection's Appwrite error types, as in
// storage_bucket_not_found or team_already_exists.
func errorPrefix(name string) string {
	switch name {
	case "buckets":
		return "storage_bucket"
	case "files":
		return "storage_file"
	case "organizations":
		return "team"
	}
	return strings.ReplaceAll(singular(name), "-", "_")
}

// parentField is the field a document shows for the id of the document
// that holds its collection: databaseId on a table, $tableId on a row.
func parentField(child, parent step) string {
	if child.canon == "rows" {
		return "$" + camel(singular(parent.name)) + "Id"
	}
	return camel(singular(parent.name)) + "Id"
}

// embeddedChildren are the collections Appwrite shows inside a document of
// collection canon: a project's keys, platforms and webhooks; a table's
// columns and indexes.
func embeddedChildren(canon string, legacy bool) []step {
	switch canon {
	case "projects":
		return []step{{name: "keys", canon: "keys"}, {name: "platforms", canon: "platforms"}, {name: "webhooks", canon: "webhooks"}}
	case "tables":
		if legacy {
			return []step{{name: "attributes", canon: "columns"}, {name: "indexes", canon: "indexes"}}
		}
		return []step{{name: "columns", canon: "columns"}, {name: "indexes", canon: "indexes"}}
	}
	return nil
}
