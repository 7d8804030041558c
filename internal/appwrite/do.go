package appwrite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/file"
)

// Request is one Appwrite API request, as both Appwrite SDKs send it: GET
// parameters in the query string (arrays as key[]), every other verb's in a
// JSON body, or in a multipart body for an upload.
type Request struct {
	Method string         // GET, POST, PUT, PATCH or DELETE
	Path   string         // the path with its parameters substituted, e.g. /users/u1
	Params map[string]any // query (GET) or body parameters, by wire name
	Upload *Upload        // set for a multipart upload
}

// Upload is the file of a multipart upload.
type Upload struct {
	Param string         // wire name of the file parameter, e.g. "file"
	File  file.InputFile // staged by PrepareFile
}

// Response is an upstream answer with a 2xx or 3xx status.
type Response struct {
	Status      int
	ContentType string
	Location    string // the Location header of a 3xx answer
	Body        []byte
}

// APIError is a non-2xx, non-3xx answer from Appwrite.
type APIError struct {
	Status  int
	Type    string // Appwrite error type, e.g. document_not_found
	Message string
	Body    []byte // raw body (bounded)
}

// Error reports status, Appwrite error type and message (never the body).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "appwrite: HTTP %d", e.Status)
	if e.Type != "" {
		b.WriteString(" " + e.Type)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// newAPIError reads Appwrite's {"message","code","type"} error body.
func newAPIError(status int, body []byte) *APIError {
	e := &APIError{Status: status, Body: body}
	var doc struct {
		Message string `json:"message"`
		Type    string `json:"type"`
	}
	if json.Unmarshal(body, &doc) == nil {
		e.Message, e.Type = doc.Message, doc.Type
	} else {
		msg := strings.TrimSpace(string(body))
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		e.Message = msg
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// Do sends r with the session's token and target through the SDK's client
// and returns the raw answer: the body is never decoded into SDK models.
// Path is checked first (ValidatePath), so nothing is sent for a path that
// could reach another endpoint. A non-2xx/3xx answer is an *APIError; a body
// over Options.MaxResponseBytes wraps ErrResponseTooLarge; cancelling ctx
// cancels the upstream request.
func (s *Session) Do(ctx context.Context, r Request) (*Response, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	if err := ValidatePath(r.Path); err != nil {
		return nil, err
	}
	method := strings.ToUpper(r.Method)
	params := make(map[string]any, len(r.Params)+1)
	for k, v := range r.Params {
		params[k] = v
	}
	clt := s.sdkClient(ctx)
	var (
		res *client.ClientResponse
		err error
	)
	switch {
	case r.Upload != nil:
		if method != http.MethodPost {
			return nil, fmt.Errorf("appwrite: %s %s: uploads are POST requests", method, r.Path)
		}
		params[r.Upload.Param] = r.Upload.File
		// No upload ID: the SDK's resume lookup (a GET it would send for a
		// custom ID) cannot decode its own answer; a whole file is sent in
		// one call, chunked by the SDK when large.
		res, err = clt.FileUpload(r.Path, map[string]any{"content-type": "multipart/form-data"}, params, r.Upload.Param, "")
	case method == http.MethodGet:
		res, err = clt.Call(method, r.Path, map[string]any{}, queryParams(params))
	default:
		res, err = clt.Call(method, r.Path, map[string]any{"content-type": "application/json"}, params)
	}
	if err != nil {
		return nil, classify(method, r.Path, err)
	}
	return responseOf(res), nil
}

// queryParams prepares GET parameters for the SDK's query encoding, which
// prints Go values: objects are sent as JSON text instead of Go map syntax.
func queryParams(params map[string]any) map[string]any {
	for k, v := range params {
		switch v.(type) {
		case map[string]any, []map[string]any:
			if b, err := json.Marshal(v); err == nil {
				params[k] = string(b)
			}
		case nil:
			delete(params, k)
		}
	}
	return params
}

func responseOf(res *client.ClientResponse) *Response {
	out := &Response{Status: res.StatusCode, ContentType: res.Type}
	if res.Header != nil {
		out.Location = res.Header.Get("Location")
	}
	switch body := res.Result.(type) {
	case string:
		out.Body = []byte(body)
	case []byte:
		out.Body = body
	}
	return out
}

// classify turns the SDK's error into an *APIError (Appwrite answered) or a
// wrapped transport error (ErrResponseTooLarge, context errors, dial errors).
func classify(method, path string, err error) error {
	var ae *client.AppwriteError
	if errors.As(err, &ae) {
		return fmt.Errorf("appwrite: %s %s: %w", method, path, newAPIError(ae.GetStatusCode(), []byte(ae.GetResponse())))
	}
	return fmt.Errorf("appwrite: %s %s: %w", method, path, err)
}

// Call sends a request the catalog has no tool for (console reads such as
// GET /organizations or /projects/{id}): path must consist of plain
// segments (ValidatePath) and params follow Do's placement rule.
func (s *Session) Call(ctx context.Context, method, path string, params map[string]any) (*Response, error) {
	return s.Do(ctx, Request{Method: method, Path: path, Params: params})
}
