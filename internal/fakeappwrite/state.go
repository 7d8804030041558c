package fakeappwrite

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Bounds of the stateful store.
const (
	maxStateDocuments  = 1_000_000 // over every project
	maxStoredFileBytes = 8 << 20   // file content kept for download/view
	timestampLayout    = "2006-01-02T15:04:05.000-07:00"
)

// Document is one Appwrite document (a user, a row, a bucket …) as JSON
// decodes it: "$id", "$createdAt", "$updatedAt", "$permissions",
// "$sequence" and the resource's own fields.
type Document map[string]any

// Seed is the initial content of the stateful store.
type Seed struct {
	// Console, when set, fills the console store: the account (GET
	// /account), the organizations (/organizations) and their projects
	// (/projects, with teamId and region).
	Console *Console
	// Documents holds every other document, by project and collection
	// path as the REST API names it, e.g.
	// Documents["shop"]["/tablesdb/main/tables/orders/rows"]. Console-level
	// collections (/projects/shop/keys, /projects/shop/platforms) belong to
	// project DefaultProject. A document without "$id" gets a generated one.
	Documents map[string]map[string][]Document
}

// State is the fake's in-memory Appwrite: documents by project and
// collection. It is safe for concurrent use.
type State struct {
	mu       sync.RWMutex
	projects map[string]map[string]*collection // project → collection key → collection
	content  map[string][]byte                 // project + file key → uploaded bytes
	docs     int
}

// collection is the documents of one collection, in creation order.
type collection struct {
	ids  []string
	docs map[string]Document
	seq  int
}

// apiError is an answer in Appwrite's error shape.
type apiError struct {
	status   int
	typ, msg string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.typ, e.msg) }

func newState(seed Seed) *State {
	st := &State{projects: map[string]map[string]*collection{}, content: map[string][]byte{}}
	if seed.Console != nil {
		st.loadConsole(*seed.Console)
	}
	projects := make([]string, 0, len(seed.Documents))
	for p := range seed.Documents {
		projects = append(projects, p)
	}
	sort.Strings(projects)
	for _, project := range projects {
		paths := make([]string, 0, len(seed.Documents[project]))
		for path := range seed.Documents[project] {
			paths = append(paths, path)
		}
		sort.Strings(paths) // parents before children
		for _, path := range paths {
			for _, d := range seed.Documents[project][path] {
				st.put(project, path, d)
			}
		}
	}
	return st
}

// put upserts a seed document into the collection at path (a REST
// collection path; stored under the literal path if it is not one).
func (st *State) put(project, path string, d Document) {
	key := path
	if p, ok := parsePath(http.MethodGet, path); ok && !p.isDoc() {
		key = p.collKey()
	}
	doc := seedDocument(d)
	st.upsert(st.coll(project, key, true), doc["$id"].(string), doc)
}

// seedDocument is a normalized copy of d with the system fields a stored
// document has.
func seedDocument(d Document) Document {
	doc := normalize(d)
	if id, _ := doc["$id"].(string); id == "" {
		doc["$id"] = uniqueID()
	}
	if _, ok := doc["$createdAt"]; !ok {
		doc["$createdAt"] = timestamp()
	}
	if _, ok := doc["$updatedAt"]; !ok {
		doc["$updatedAt"] = doc["$createdAt"]
	}
	if _, ok := doc["$permissions"]; !ok {
		doc["$permissions"] = []any{}
	}
	return doc
}

// upsert stores doc under key, keeping the place and sequence of a
// document it replaces.
func (st *State) upsert(c *collection, key string, doc Document) {
	if old, ok := c.docs[key]; ok {
		doc["$sequence"] = old["$sequence"]
		c.docs[key] = doc
		return
	}
	st.insert(c, key, doc)
}

// loadConsole upserts the console's account, organizations and projects.
func (st *State) loadConsole(c Console) {
	if c.AccountID != "" {
		st.upsert(st.coll(DefaultProject, "", true), accountName, seedDocument(Document{
			"$id": c.AccountID, "name": c.Name, "email": c.Email, "status": true,
			"password": "$argon2id$redacted-by-server-expected", "passwordUpdate": "2024-01-01T00:00:00.000+00:00",
			"prefs": map[string]any{}, "mfa": false, "emailVerification": true, "labels": []any{},
		}))
	}
	for _, o := range c.Organizations {
		st.put(DefaultProject, "/organizations", Document{"$id": o.ID, "name": o.Name, "total": 1, "prefs": map[string]any{}})
		for _, p := range o.Projects {
			doc := Document(projectDoc(p, o.ID))
			doc["description"] = p.Name + " project"
			doc["smtpPassword"] = "fake-smtp-secret"
			st.put(DefaultProject, "/projects", doc)
		}
	}
}

// coll returns the collection at key, creating it when create is set.
func (st *State) coll(project, key string, create bool) *collection {
	colls := st.projects[project]
	if colls == nil {
		if !create {
			return nil
		}
		colls = map[string]*collection{}
		st.projects[project] = colls
	}
	c := colls[key]
	if c == nil && create {
		c = &collection{docs: map[string]Document{}}
		colls[key] = c
	}
	return c
}

func (st *State) insert(c *collection, key string, doc Document) {
	c.seq++
	doc["$sequence"] = float64(c.seq)
	c.ids = append(c.ids, key)
	c.docs[key] = doc
	st.docs++
}

// lookup returns the document at key in collection collKey.
func (st *State) lookup(project, collKey, id string) (Document, bool) {
	c := st.coll(project, collKey, false)
	if c == nil {
		return nil, false
	}
	d, ok := c.docs[id]
	return d, ok
}

// ordered returns the documents of a collection in creation order.
func (c *collection) ordered() []Document {
	if c == nil {
		return nil
	}
	out := make([]Document, 0, len(c.ids))
	for _, id := range c.ids {
		out = append(out, c.docs[id])
	}
	return out
}

// remove deletes a document and everything under it.
func (st *State) remove(project, collKey, id string) {
	c := st.coll(project, collKey, false)
	if c == nil {
		return
	}
	if _, ok := c.docs[id]; !ok {
		return
	}
	delete(c.docs, id)
	if i := indexOf(c.ids, id); i >= 0 {
		c.ids = append(c.ids[:i], c.ids[i+1:]...)
	}
	st.docs--
	prefix := collKey + "/" + id + "/"
	for key, child := range st.projects[project] {
		if strings.HasPrefix(key, prefix) {
			st.docs -= len(child.docs)
			delete(st.projects[project], key)
		}
	}
	gone := contentKey(project, collKey+"/"+id)
	for key := range st.content {
		if key == gone || strings.HasPrefix(key, gone+"/") {
			delete(st.content, key)
		}
	}
	if project == DefaultProject && collKey == "/projects" {
		for _, child := range st.projects[id] {
			st.docs -= len(child.docs)
		}
		delete(st.projects, id)
	}
}

// contentKey is where the bytes of the file at docKey are kept.
func contentKey(project, docKey string) string { return project + docKey }

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// projectExists reports whether project may be addressed: the console
// itself or a project in the console's /projects.
func (st *State) projectExists(project string) bool {
	if project == DefaultProject {
		return true
	}
	_, ok := st.lookup(DefaultProject, "/projects", project)
	return ok
}

// Documents returns a copy of the documents of the collection at path (a
// REST collection path such as /users or /tablesdb/main/tables) in
// project, in creation order.
func (st *State) Documents(project, path string) []Document {
	p, ok := parsePath(http.MethodGet, path)
	if !ok || p.isDoc() {
		return nil
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	docs := st.coll(project, p.collKey(), false).ordered()
	out := make([]Document, 0, len(docs))
	for _, d := range docs {
		out = append(out, normalize(d))
	}
	return out
}

// Document returns a copy of the document at path (e.g. /users/ada) in
// project.
func (st *State) Document(project, path string) (Document, bool) {
	p, ok := parsePath(http.MethodGet, path)
	if !ok || !p.isDoc() {
		return nil, false
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	d, ok := st.lookup(project, p.collKey(), p.last().id)
	if !ok {
		return nil, false
	}
	return normalize(d), true
}

// normalize deep-copies d through JSON, so stored values have JSON's
// types (float64, string, bool, []any, map[string]any) and share nothing.
func normalize(d Document) Document {
	b, err := json.Marshal(d)
	if err != nil {
		return Document{}
	}
	out := Document{}
	if json.Unmarshal(b, &out) != nil {
		return Document{}
	}
	return out
}

// uniqueID is a 20-hex-digit id like Appwrite's ID.unique(): a time prefix
// and random digits.
func uniqueID() string {
	now := time.Now()
	r := make([]byte, 4)
	_, _ = rand.Read(r)
	return fmt.Sprintf("%08x%05x", now.Unix(), now.Nanosecond()/1000%0x100000) + hex.EncodeToString(r)[:7]
}

func timestamp() string { return time.Now().UTC().Format(timestampLayout) }
