package fakeappwrite

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const (
	maxFormParts      = 1000
	maxFormFieldBytes = 1 << 20
)

// WithState turns on the stateful REST store, filled from seed: requests
// under /v1 that Appwrite's REST shapes cover change and read it instead
// of being answered {}. HandleREST overrides still win.
func WithState(seed Seed) Option {
	return func(s *Server) { s.state = newState(seed) }
}

// ServeState turns on the stateful REST store of a running fake, replacing
// any earlier state with seed. Call it before ServeConsole.
func (s *Server) ServeState(seed Seed) {
	st := newState(seed)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = st
}

// State is the fake's stateful store, or nil when it is off.
func (s *Server) State() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// serveState answers r from the state. It reports false when the state is
// off or does not model r's path. GET /organization/projects lists the
// projects of X-Appwrite-Organization.
func (s *Server) serveState(w http.ResponseWriter, r *http.Request, body []byte) bool {
	st := s.State()
	if st == nil {
		return false
	}
	escaped := strings.TrimPrefix(r.URL.EscapedPath(), "/v1")
	if escaped == "/organization/projects" && r.Method == http.MethodGet {
		status, out := st.organizationProjects(r.Header.Get("X-Appwrite-Organization"))
		writeRawJSON(w, status, out)
		return true
	}
	p, modelled := parsePath(r.Method, escaped)
	if !modelled {
		return false
	}
	call, e := decodeCall(r, body, p)
	if e != nil {
		writeAppwriteError(w, e.status, e.typ, e.msg)
		return true
	}
	status, contentType, out := st.serve(call)
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(out)
	}
	return true
}

// decodeCall reads what the state needs from r. Never the Authorization
// header: the state keeps no credentials it was sent.
func decodeCall(r *http.Request, body []byte, p resourcePath) (*stateCall, *apiError) {
	doc, up, e := decodeBody(r.Header.Get("Content-Type"), body)
	if e != nil {
		return nil, e
	}
	return &stateCall{
		project:  requestProject(r, p),
		method:   r.Method,
		path:     p,
		body:     doc,
		query:    r.URL.Query(),
		upload:   up,
		uploadID: r.Header.Get("X-Appwrite-Id"),
		chunk:    parseContentRange(r.Header.Get("Content-Range")),
	}, nil
}

// requestProject is the store a request addresses: X-Appwrite-Project,
// except for console-level routes (and requests without the header),
// which address the console.
func requestProject(r *http.Request, p resourcePath) string {
	project := r.Header.Get("X-Appwrite-Project")
	if project == "" || consoleRoot(p.steps[0].canon) {
		return DefaultProject
	}
	return project
}

func badBody(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "general_argument_invalid", msg: msg}
}

// decodeBody decodes a JSON, form or multipart body into a document (and
// a multipart file part).
func decodeBody(contentType string, body []byte) (Document, *upload, *apiError) {
	media, params, _ := mime.ParseMediaType(contentType)
	switch media {
	case "multipart/form-data":
		return decodeMultipart(body, params["boundary"])
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, badBody("Invalid form body.")
		}
		return formDocument(values), nil, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return Document{}, nil, nil
	}
	var doc Document
	if err := json.Unmarshal(body, &doc); err != nil || doc == nil {
		return nil, nil, badBody("Invalid JSON body: an object is expected.")
	}
	return doc, nil, nil
}

func decodeMultipart(body []byte, boundary string) (Document, *upload, *apiError) {
	if boundary == "" {
		return nil, nil, badBody("Invalid multipart body: no boundary.")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	values := url.Values{}
	var up *upload
	for range maxFormParts {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return formDocument(values), up, nil
		}
		if err != nil {
			return nil, nil, badBody("Invalid multipart body.")
		}
		if part.FileName() != "" {
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, nil, badBody("Invalid multipart body.")
			}
			up = &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: data}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxFormFieldBytes))
		if err != nil {
			return nil, nil, badBody("Invalid multipart body.")
		}
		values.Add(part.FormName(), string(v))
	}
	return nil, nil, badBody("Invalid multipart body: too many parts.")
}

// formDocument turns form fields into a document; the SDKs send arrays as
// name[0], name[1] … (or name[]).
func formDocument(values url.Values) Document {
	doc := Document{}
	type item struct {
		index int
		value string
	}
	arrays := map[string][]item{}
	for k, vs := range values {
		base, rest, indexed := strings.Cut(k, "[")
		if idx, isNum := strings.CutSuffix(rest, "]"); indexed && isNum {
			n, err := strconv.Atoi(idx)
			if idx == "" || err == nil {
				for _, v := range vs {
					arrays[base] = append(arrays[base], item{n, v})
				}
				continue
			}
		}
		doc[k] = vs[0]
	}
	for base, items := range arrays {
		sort.SliceStable(items, func(i, j int) bool { return items[i].index < items[j].index })
		list := make([]any, len(items))
		for i, it := range items {
			list[i] = it.value
		}
		doc[base] = list
	}
	return doc
}
