package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// Invoke checks args (keyed by snake_case property names), builds the
// request and sends it through s. Bad input returns *ArgError and sends
// nothing; every value spliced into the path is validated first. A non-2xx
// answer returns an error wrapping *appwrite.APIError. The Response body is
// the raw upstream body.
func (t *Tool) Invoke(ctx context.Context, s *appwrite.Session, args map[string]any) (*appwrite.Response, error) {
	if s == nil {
		return nil, errors.New("catalog: nil session")
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	req, fileArg, err := t.Request(args)
	if err != nil {
		return nil, err
	}
	if fileArg != nil {
		up, done, err := stageFile(ctx, s, fileArg)
		if err != nil {
			return nil, err
		}
		defer done()
		req.Upload = up
	}
	return s.Do(ctx, req)
}

// FileArg is the file parameter of an upload, staged by Invoke.
type FileArg struct {
	Param Param
	Value any
}

// Request turns args into an appwrite.Request without sending anything:
// names, types and enums checked, path values validated and substituted,
// the rest placed in the query (GET) or body by wire name. An upload's file
// is returned separately (it needs the session to be staged).
func (t *Tool) Request(args map[string]any) (appwrite.Request, *FileArg, error) {
	req := appwrite.Request{Method: t.HTTPMethod, Params: map[string]any{}}
	if err := t.checkNames(args); err != nil {
		return req, nil, err
	}
	path := t.Path
	var fileArg *FileArg
	for _, p := range t.Params {
		v := args[p.Name]
		if v == nil {
			continue
		}
		if p.Type == TypeFile {
			fileArg = &FileArg{Param: p, Value: v}
			continue
		}
		cv, err := convert(p, v)
		if err != nil {
			return req, nil, err
		}
		if p.In != InPath {
			req.Params[p.Wire] = cv
			continue
		}
		value, _ := cv.(string) // path parameters are strings (generator invariant); "" fails validation
		if err := appwrite.ValidatePathParam(p.Wire, value); err != nil {
			return req, nil, pathArgError(p, err)
		}
		path = strings.ReplaceAll(path, "{"+p.Wire+"}", value)
	}
	req.Path = path
	return req, fileArg, nil
}

func pathArgError(p Param, err error) error {
	problem := err.Error()
	var pe *appwrite.PathParamError
	if errors.As(err, &pe) {
		problem = pe.Problem
	}
	return &ArgError{Param: p.Name, Problem: problem, Err: err}
}

// stageFile turns a file argument into an upload staged on disk.
func stageFile(ctx context.Context, s *appwrite.Session, fa *FileArg) (*appwrite.Upload, func(), error) {
	name := fa.Param.Name
	m, ok := fa.Value.(map[string]any)
	if !ok {
		problem := `expected object {"content_base64","filename"} or {"url"}, got ` + jsonKind(fa.Value)
		if str, isStr := fa.Value.(string); isStr && str != "" {
			problem = `expected object {"content_base64","filename"} or {"url"}; local file paths are not accepted`
		}
		return nil, nil, &ArgError{Param: name, Problem: problem}
	}
	in, err := fileInput(m)
	if err != nil {
		return nil, nil, &ArgError{Param: name, Problem: err.Error()}
	}
	f, done, err := s.PrepareFile(ctx, in)
	if err != nil {
		return nil, nil, &ArgError{Param: name, Problem: err.Error(), Err: err}
	}
	return &appwrite.Upload{Param: fa.Param.Wire, File: f}, done, nil
}

func fileInput(m map[string]any) (appwrite.FileInput, error) {
	var in appwrite.FileInput
	for k, x := range m {
		str, ok := x.(string)
		if !ok {
			return in, fmt.Errorf("%s: expected string, got %s", k, jsonKind(x))
		}
		switch k {
		case "content_base64":
			in.ContentBase64 = str
		case "filename":
			in.Filename = str
		case "url":
			in.URL = str
		default:
			return in, fmt.Errorf("unknown property %q; valid: content_base64, filename, url", k)
		}
	}
	return in, nil
}
