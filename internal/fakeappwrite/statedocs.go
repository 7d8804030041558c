package fakeappwrite

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// upload is the file part of a multipart request.
type upload struct {
	name        string
	contentType string
	data        []byte
}

// contentRange is a chunked upload's Content-Range: bytes start-end/total.
type contentRange struct {
	start, end, total int64
}

func parseContentRange(h string) *contentRange {
	var cr contentRange
	if _, err := fmt.Sscanf(h, "bytes %d-%d/%d", &cr.start, &cr.end, &cr.total); err != nil ||
		cr.start < 0 || cr.end < cr.start || cr.total <= cr.end {
		return nil
	}
	return &cr
}

// validID is Appwrite's ID rule: 1 to 36 characters from a-z, A-Z, 0-9,
// '.', '_' and '-', the first a letter or digit.
func validID(s string) bool {
	if s == "" || len(s) > 36 {
		return false
	}
	for i, c := range s {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || (c != '.' && c != '-' && c != '_')) {
			return false
		}
	}
	return true
}

// newDocID is the id of the document c creates: the body's <thing>Id (or
// X-Appwrite-Id), generated when absent or "unique()".
func newDocID(c *stateCall, name string) (string, *apiError) {
	field := idField(name)
	id, _ := c.body[field].(string)
	if id == "" {
		id = c.uploadID
	}
	if id == "" || id == "unique()" {
		return uniqueID(), nil
	}
	if !validID(id) {
		return "", invalidIDParam(field)
	}
	return id, nil
}

func invalidIDParam(field string) *apiError {
	return &apiError{
		status: http.StatusBadRequest, typ: "general_argument_invalid",
		msg: "Invalid `" + field + "` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
	}
}

// newDocument builds the document c creates under id.
func (st *State) newDocument(c *stateCall, id string) Document {
	last := c.path.last()
	doc := defaults(last.canon, c.path.legacy)
	copyFields(doc, c.body, c.path)
	if c.path.subtype != "" {
		field, _ := subtypeField(last.canon)
		doc[field] = c.path.subtype
		if kind := providerKind(c.path.subtype); kind != "" && last.canon == "messaging/providers" {
			doc["type"] = kind
		}
	}
	protectSecrets(doc, last.canon, true)
	if c.upload != nil && last.canon == "files" {
		fileFields(doc, c)
	}
	if idField(last.name) == "key" { // columns and indexes show their id as key
		doc["key"] = id
	}
	now := timestamp()
	doc["$id"], doc["$createdAt"], doc["$updatedAt"] = id, now, now
	if _, has := doc["$permissions"]; !has {
		doc["$permissions"] = []any{}
	}
	return doc
}

// copyFields copies a request body's fields into dst: "permissions" become
// "$permissions"; the document's own id field, the ids of its parents
// (they come from the path) and other system ("$") fields are dropped; a
// row's "data" is flattened into the row.
func copyFields(dst, body Document, p resourcePath) {
	last := p.last()
	rows := last.canon == "rows"
	skip := map[string]bool{idField(last.name): true, "oldPassword": true}
	for _, s := range p.steps[:len(p.steps)-1] {
		skip[camel(singular(s.name))+"Id"] = true
	}
	if rows {
		skip["data"], skip["transactionId"] = true, true
	}
	for k, v := range body {
		switch {
		case k == "permissions" || k == "$permissions":
			dst["$permissions"] = v
		case strings.HasPrefix(k, "$") || skip[k]:
		default:
			dst[k] = v
		}
	}
	if data, isMap := body["data"].(map[string]any); isMap && rows {
		copyRowData(dst, data)
	}
}

// copyRowData copies a row's columns; of its system fields only
// $permissions can be set.
func copyRowData(dst Document, data map[string]any) {
	for k, v := range data {
		switch {
		case k == "$permissions":
			dst[k] = v
		case strings.HasPrefix(k, "$"):
		default:
			dst[k] = v
		}
	}
}

// protectSecrets keeps secrets as Appwrite does: a password is stored (and
// shown) only as a hash; an API key's secret is made by the server.
func protectSecrets(doc Document, canon string, created bool) {
	switch canon {
	case "users", accountName:
		if pw, isStr := doc["password"].(string); isStr && !strings.HasPrefix(pw, "$argon2") {
			sum := sha256.Sum256([]byte(pw))
			doc["password"] = "$argon2id$v=19$m=65536,t=4,p=3$" + hex.EncodeToString(sum[:16])
			doc["passwordUpdate"] = timestamp()
		}
		if _, has := doc["hash"]; created && !has {
			doc["hash"] = "argon2"
		}
	case "keys":
		delete(doc, "secret")
		if created {
			doc["secret"] = newKeySecret()
		}
	}
}

// newKeySecret is an API key secret shaped like Appwrite's.
func newKeySecret() string {
	b := make([]byte, 128)
	_, _ = rand.Read(b)
	return "standard_" + hex.EncodeToString(b)
}

// defaults are the fields Appwrite gives a new document of collection
// canon before the request's own.
func defaults(canon string, legacy bool) Document {
	switch canon {
	case "users":
		return Document{
			"name": "", "email": "", "phone": "", "status": true, "labels": []any{}, "prefs": map[string]any{},
			"emailVerification": false, "phoneVerification": false, "mfa": false, "targets": []any{}, "registration": timestamp(),
		}
	case "teams", "organizations":
		return Document{"total": float64(0), "prefs": map[string]any{}}
	case "tablesdb":
		if legacy {
			return Document{"enabled": true, "type": "legacy"}
		}
		return Document{"enabled": true, "type": "tablesdb"}
	case "tables":
		return Document{"enabled": true, "rowSecurity": false, "documentSecurity": false}
	case "columns", "indexes":
		return Document{"status": "available", "error": "", "required": false, "array": false}
	case "storage/buckets":
		return Document{
			"enabled": true, "fileSecurity": false, "maximumFileSize": float64(30000000), "allowedFileExtensions": []any{},
			"compression": "none", "encryption": true, "antivirus": true,
		}
	case "functions", "sites":
		return Document{"enabled": true, "live": true, "logging": true, "deploymentId": "", "events": []any{}, "timeout": float64(15)}
	case "messaging/providers":
		return Document{"enabled": true}
	case "messaging/topics":
		return Document{"emailTotal": float64(0), "smsTotal": float64(0), "pushTotal": float64(0), "subscribe": []any{}}
	case "keys":
		return Document{"scopes": []any{}, "expire": "", "accessedAt": "", "sdks": []any{}}
	}
	return Document{}
}

// fileFields describes an uploaded file the way Appwrite's File model does.
func fileFields(doc Document, c *stateCall) {
	if name, _ := doc["name"].(string); name == "" {
		doc["name"] = c.upload.name
	}
	mime := c.upload.contentType
	if mime == "" || mime == "application/octet-stream" {
		mime = http.DetectContentType(c.upload.data)
	}
	size, chunks := int64(len(c.upload.data)), int64(1)
	if c.chunk != nil {
		size = c.chunk.total
		chunkSize := c.chunk.end - c.chunk.start + 1
		chunks = (size + chunkSize - 1) / chunkSize
	}
	sum := sha256.Sum256(c.upload.data)
	doc["mimeType"], doc["sizeOriginal"], doc["signature"] = mime, float64(size), hex.EncodeToString(sum[:16])
	doc["chunksTotal"], doc["chunksUploaded"] = float64(chunks), float64(1)
	doc["compression"], doc["encryption"] = "none", false
}

// storeContent keeps a new file's bytes, within maxStoredFileBytes.
func (st *State) storeContent(c *stateCall, p resourcePath, doc Document) {
	if size, _ := doc["sizeOriginal"].(float64); size <= maxStoredFileBytes {
		st.content[contentKey(c.project, p.docKey())] = append([]byte(nil), c.upload.data...)
	}
}

// appendChunk continues a chunked upload of an existing file.
func (st *State) appendChunk(c *stateCall, d Document) stateAnswer {
	p := c.path.withID(d["$id"].(string))
	uploaded, _ := d["chunksUploaded"].(float64)
	d["chunksUploaded"] = uploaded + 1
	d["$updatedAt"] = timestamp()
	key := contentKey(c.project, p.docKey())
	if prev, kept := st.content[key]; kept && len(prev)+len(c.upload.data) <= maxStoredFileBytes {
		st.content[key] = append(prev, c.upload.data...)
	}
	return ok(http.StatusCreated, st.decorate(c.project, p, d))
}

// bulkCreate answers POST …/rows with {"rows": [...]}: all rows or none.
func (st *State) bulkCreate(c *stateCall) stateAnswer {
	plural := pluralKey(c.path.last().name)
	items, _ := c.body[plural].([]any)
	if len(items) > maxListLimit {
		return fail(&apiError{status: http.StatusBadRequest, typ: "general_argument_invalid", msg: fmt.Sprintf("At most %d %s per request.", maxListLimit, plural)})
	}
	coll := st.coll(c.project, c.path.collKey(), true)
	docs := make([]Document, 0, len(items))
	seen := map[string]bool{}
	for _, item := range items {
		data, _ := item.(map[string]any)
		id, _ := data["$id"].(string)
		switch {
		case id == "" || id == "unique()":
			id = uniqueID()
		case !validID(id):
			return fail(invalidIDParam("$id"))
		case seen[id] || coll.docs[id] != nil:
			return fail(alreadyExists(c.path.last().name))
		}
		seen[id] = true
		doc := Document{"$permissions": []any{}}
		copyRowData(doc, data)
		now := timestamp()
		doc["$id"], doc["$createdAt"], doc["$updatedAt"] = id, now, now
		docs = append(docs, doc)
	}
	if st.docs+len(docs) > maxStateDocuments {
		return fail(&apiError{status: http.StatusInsufficientStorage, typ: "fake_state_full", msg: "The fake's store is full."})
	}
	for _, d := range docs {
		st.insert(coll, d["$id"].(string), d)
	}
	return ok(http.StatusCreated, st.listBody(c, len(docs), docs))
}

// bulkUpdate answers PATCH …/rows (the body's data merged into every row
// the queries match) and PUT …/rows (upsert of the body's rows).
func (st *State) bulkUpdate(c *stateCall) stateAnswer {
	if c.method == http.MethodPut {
		return st.bulkUpsert(c)
	}
	docs, e := st.matching(c)
	if e != nil {
		return fail(e)
	}
	data, _ := c.body["data"].(map[string]any)
	now := timestamp()
	for _, d := range docs {
		copyRowData(d, data)
		d["$updatedAt"] = now
	}
	return ok(http.StatusOK, st.listBody(c, len(docs), docs))
}

func (st *State) bulkUpsert(c *stateCall) stateAnswer {
	items, _ := c.body[pluralKey(c.path.last().name)].([]any)
	coll := st.coll(c.project, c.path.collKey(), true)
	var fresh []any
	var updated []Document
	for _, item := range items {
		data, _ := item.(map[string]any)
		id, _ := data["$id"].(string)
		if d := coll.docs[id]; d != nil {
			copyRowData(d, data)
			d["$updatedAt"] = timestamp()
			updated = append(updated, d)
			continue
		}
		fresh = append(fresh, item)
	}
	created := st.bulkCreate(&stateCall{project: c.project, method: http.MethodPost, path: c.path, body: Document{pluralKey(c.path.last().name): fresh}})
	if created.status != http.StatusCreated {
		return created
	}
	updated = append(updated, coll.ordered()[len(coll.ids)-len(fresh):]...)
	return ok(http.StatusOK, st.listBody(c, len(updated), updated))
}

// bulkDelete answers DELETE …/rows: every row the queries match.
func (st *State) bulkDelete(c *stateCall) stateAnswer {
	docs, e := st.matching(c)
	if e != nil {
		return fail(e)
	}
	body := st.listBody(c, len(docs), docs)
	for _, d := range docs {
		st.remove(c.project, c.path.collKey(), d["$id"].(string))
	}
	return ok(http.StatusOK, body)
}

// matching is the documents of c's collection its queries (from the query
// string or the body's "queries") match, up to maxListLimit by default.
func (st *State) matching(c *stateCall) ([]Document, *apiError) {
	q := url.Values{}
	for k, v := range c.query {
		q[k] = v
	}
	if list, isList := c.body["queries"].([]any); isList {
		for _, x := range list {
			if s, isStr := x.(string); isStr {
				q.Add("queries[]", s)
			}
		}
	}
	lq, e := parseListQuery(q, maxListLimit)
	if e != nil {
		return nil, e
	}
	page, _, e := lq.apply(st.coll(c.project, c.path.collKey(), false).ordered())
	return page, e
}
