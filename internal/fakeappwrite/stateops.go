package fakeappwrite

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// stateCall is one REST request to the state, decoded.
type stateCall struct {
	project  string
	method   string
	path     resourcePath
	body     Document
	query    url.Values
	upload   *upload // the file part of a multipart create
	uploadID string  // X-Appwrite-Id
	chunk    *contentRange
}

// stateAnswer is the state's answer: JSON (body) or bytes (raw).
type stateAnswer struct {
	status      int
	body        any
	raw         []byte
	contentType string
}

func ok(status int, body any) stateAnswer { return stateAnswer{status: status, body: body} }

func fail(e *apiError) stateAnswer {
	return stateAnswer{status: e.status, body: map[string]any{"message": e.msg, "code": e.status, "type": e.typ, "version": "1.8.0"}}
}

// serve answers c, holding the lock for the whole call and encoding the
// answer under it, so no stored value escapes.
func (st *State) serve(c *stateCall) (status int, contentType string, body []byte) {
	if c.method == http.MethodGet || c.method == http.MethodHead {
		st.mu.RLock()
		defer st.mu.RUnlock()
	} else {
		st.mu.Lock()
		defer st.mu.Unlock()
	}
	a := st.dispatch(c)
	if a.raw != nil || a.body == nil {
		return a.status, a.contentType, a.raw
	}
	status, body = encodeAnswer(a)
	return status, "application/json", body
}

func (st *State) dispatch(c *stateCall) stateAnswer {
	if !st.projectExists(c.project) {
		return fail(notFound("projects"))
	}
	if e := st.checkParents(c); e != nil {
		return fail(e)
	}
	switch {
	case isCounter(c):
		return st.increment(c)
	case c.path.isDoc():
		return st.docOp(c)
	default:
		return st.collOp(c)
	}
}

// checkParents answers 404 for the first document on the way to the
// path's last collection that does not exist.
func (st *State) checkParents(c *stateCall) *apiError {
	steps := c.path.steps
	for j := 0; j < len(steps)-1; j++ {
		sub := resourcePath{steps: steps[:j+1], legacy: c.path.legacy}
		if _, found := st.lookup(c.project, sub.collKey(), sub.docID()); !found {
			return notFound(steps[j].name)
		}
	}
	return nil
}

func (st *State) docOp(c *stateCall) stateAnswer {
	p := c.path
	switch c.method {
	case http.MethodGet, http.MethodHead:
		d, found := st.lookup(c.project, p.collKey(), p.docID())
		if !found {
			return fail(notFound(p.last().name))
		}
		return ok(http.StatusOK, st.decorate(c.project, p, d))
	case http.MethodPatch:
		return st.merge(c, p)
	case http.MethodPut:
		if _, found := st.lookup(c.project, p.collKey(), p.docID()); !found && p.last().canon == "rows" {
			return st.create(c)
		}
		return st.merge(c, p)
	case http.MethodDelete:
		if _, found := st.lookup(c.project, p.collKey(), p.docID()); !found {
			return fail(notFound(p.last().name))
		}
		st.remove(c.project, p.collKey(), p.docID())
		return stateAnswer{status: http.StatusNoContent}
	}
	return fail(routeNotFound())
}

func (st *State) collOp(c *stateCall) stateAnswer {
	p := c.path
	parent, hasParent := p.parent()
	rows := p.last().canon == "rows"
	switch c.method {
	case http.MethodGet, http.MethodHead:
		return st.read(c, parent, hasParent)
	case http.MethodPost:
		if _, bulk := c.body[pluralKey(p.last().name)].([]any); bulk && rows {
			return st.bulkCreate(c)
		}
		return st.create(c)
	case http.MethodPatch, http.MethodPut:
		switch {
		case rows:
			return st.bulkUpdate(c)
		case hasParent:
			return st.mergeParent(c, parent)
		}
	case http.MethodDelete:
		switch {
		case rows:
			return st.bulkDelete(c)
		case hasParent:
			for _, d := range st.coll(c.project, p.collKey(), false).ordered() {
				st.remove(c.project, p.collKey(), d["$id"].(string))
			}
			return stateAnswer{status: http.StatusNoContent}
		}
	}
	return fail(routeNotFound())
}

// read answers a GET on a collection path: a list, or one of the
// document views Appwrite has there (prefs, a file's bytes).
func (st *State) read(c *stateCall, parent resourcePath, hasParent bool) stateAnswer {
	name := c.path.last().name
	if hasParent && name == "prefs" {
		d, _ := st.lookup(c.project, parent.collKey(), parent.docID())
		if prefs, isMap := d["prefs"].(map[string]any); isMap {
			return ok(http.StatusOK, prefs)
		}
		return ok(http.StatusOK, map[string]any{})
	}
	if hasParent && parent.last().canon == "files" && (name == "download" || name == "view" || name == "preview") {
		d, _ := st.lookup(c.project, parent.collKey(), parent.docID())
		mime, _ := d["mimeType"].(string)
		if mime == "" {
			mime = "application/octet-stream"
		}
		raw := st.content[contentKey(c.project, parent.docKey())]
		return stateAnswer{status: http.StatusOK, raw: append([]byte{}, raw...), contentType: mime}
	}
	return st.list(c)
}

func (st *State) list(c *stateCall) stateAnswer {
	lq, e := parseListQuery(c.query, defaultListLimit)
	if e != nil {
		return fail(e)
	}
	page, total, e := lq.apply(st.coll(c.project, c.path.collKey(), false).ordered())
	if e != nil {
		return fail(e)
	}
	return ok(http.StatusOK, st.listBody(c, total, page))
}

func (st *State) listBody(c *stateCall, total int, docs []Document) map[string]any {
	out := make([]any, 0, len(docs))
	for _, d := range docs {
		out = append(out, st.decorate(c.project, c.path.withID(d["$id"].(string)), d))
	}
	return map[string]any{"total": total, pluralKey(c.path.last().name): out}
}

// create adds a document to the path's collection: 201 with the document,
// 409 when its id is taken (unless it continues a chunked upload).
func (st *State) create(c *stateCall) stateAnswer {
	p := c.path
	id, e := newDocID(c, p.last().name)
	if e != nil {
		return fail(e)
	}
	coll := st.coll(c.project, p.collKey(), true)
	if existing, taken := coll.docs[id]; taken {
		if c.upload != nil && c.chunk != nil {
			return st.appendChunk(c, existing)
		}
		return fail(alreadyExists(p.last().name))
	}
	if st.docs >= maxStateDocuments {
		return fail(&apiError{status: http.StatusInsufficientStorage, typ: "fake_state_full", msg: "The fake's store is full."})
	}
	doc := st.newDocument(c, id)
	st.insert(coll, id, doc)
	if c.upload != nil && p.last().canon == "files" {
		st.storeContent(c, p.withID(id), doc)
	}
	return ok(http.StatusCreated, st.decorate(c.project, p.withID(id), doc))
}

// merge updates the document at p with the request's fields.
func (st *State) merge(c *stateCall, p resourcePath) stateAnswer {
	d, found := st.lookup(c.project, p.collKey(), p.docID())
	if !found {
		return fail(notFound(p.last().name))
	}
	upd := Document{}
	copyFields(upd, c.body, p)
	protectSecrets(upd, p.last().canon, false)
	maps.Copy(d, upd)
	d["$updatedAt"] = timestamp()
	return ok(http.StatusOK, st.decorate(c.project, p, d))
}

// mergeParent answers a field update such as PATCH /users/{id}/name or PUT
// /users/{id}/labels by merging the body into the parent document; prefs
// are replaced and answered on their own, as Appwrite does.
func (st *State) mergeParent(c *stateCall, parent resourcePath) stateAnswer {
	if c.path.last().name != "prefs" {
		return st.merge(c, parent)
	}
	d, _ := st.lookup(c.project, parent.collKey(), parent.docID())
	prefs, isMap := c.body["prefs"].(map[string]any)
	if !isMap {
		return fail(&apiError{status: http.StatusBadRequest, typ: "general_argument_invalid", msg: "Param \"prefs\" is not optional."})
	}
	d["prefs"] = prefs
	d["$updatedAt"] = timestamp()
	return ok(http.StatusOK, prefs)
}

// isCounter reports whether c is PATCH …/rows/{row}/{column}/increment or
// …/decrement.
func isCounter(c *stateCall) bool {
	steps := c.path.steps
	n := len(steps)
	return c.method == http.MethodPatch && n >= 2 && steps[n-2].canon == "rows" &&
		(steps[n-1].id == "increment" || steps[n-1].id == "decrement")
}

// increment adds the body's value (default 1) to a numeric column, within
// its max (increment) or min (decrement).
func (st *State) increment(c *stateCall) stateAnswer {
	row := resourcePath{steps: c.path.steps[:len(c.path.steps)-1], legacy: c.path.legacy}
	column, op := c.path.last().name, c.path.last().id
	d, _ := st.lookup(c.project, row.collKey(), row.docID())
	by, isNum := c.body["value"].(float64)
	if !isNum {
		by = 1
	}
	current, isNum := d[column].(float64)
	if _, present := d[column]; present && !isNum {
		return fail(&apiError{status: http.StatusBadRequest, typ: "general_argument_invalid", msg: "Column \"" + truncate(column, 64) + "\" is not numeric."})
	}
	next := current + by
	limit, bounded := c.body["max"].(float64)
	if op == "decrement" {
		next = current - by
		limit, bounded = c.body["min"].(float64)
	}
	if bounded && ((op == "increment" && next > limit) || (op == "decrement" && next < limit)) {
		return fail(&apiError{status: http.StatusBadRequest, typ: "general_argument_invalid", msg: "The value would go past its limit."})
	}
	d[column] = next
	d["$updatedAt"] = timestamp()
	return ok(http.StatusOK, st.decorate(c.project, row, d))
}

// decorate is the document as Appwrite shows it: the ids of the documents
// that hold it (bucketId on a file; $tableId and $databaseId on a row) and
// the collections Appwrite embeds (a project's keys, a table's columns).
func (st *State) decorate(project string, p resourcePath, d Document) Document {
	out := make(Document, len(d)+4)
	maps.Copy(out, d)
	steps := p.steps
	n := len(steps)
	if n >= 2 && steps[n-1].canon == "rows" {
		for _, s := range steps[:n-1] {
			out[parentField(steps[n-1], s)] = s.id
		}
	} else if n >= 2 && steps[n-2].canon != accountName {
		out[parentField(steps[n-1], steps[n-2])] = steps[n-2].id
	}
	for _, child := range embeddedChildren(steps[n-1].canon, p.legacy) {
		sub := resourcePath{steps: append(slices.Clone(steps), child), legacy: p.legacy}
		docs := st.coll(project, sub.collKey(), false).ordered()
		list := make([]any, 0, len(docs))
		for _, cd := range docs {
			list = append(list, st.decorate(project, sub.withID(cd["$id"].(string)), cd))
		}
		out[child.name] = list
	}
	return out
}

// docID is the store key of the path's document.
func (p resourcePath) docID() string { return p.last().id }

// withID is the path of document id in the path's last collection.
func (p resourcePath) withID(id string) resourcePath {
	steps := slices.Clone(p.steps)
	steps[len(steps)-1].id = id
	return resourcePath{steps: steps, legacy: p.legacy}
}

func notFound(name string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: errorPrefix(name) + "_not_found", msg: title(name) + " with the requested ID could not be found."}
}

func alreadyExists(name string) *apiError {
	return &apiError{status: http.StatusConflict, typ: errorPrefix(name) + "_already_exists", msg: title(name) + " with the requested ID already exists."}
}

func routeNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, typ: "general_route_not_found", msg: "The requested route was not found. Please refer to the API docs and try again."}
}

// title is a collection's singular for messages: "Bucket", "Row".
func title(name string) string {
	s := strings.ReplaceAll(strings.TrimPrefix(errorPrefix(name), "storage_"), "_", " ")
	if s == "" {
		return "Resource"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
