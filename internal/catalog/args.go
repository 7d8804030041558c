package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/appwrite/sdk-for-go/file"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// ArgError is a bad tool argument. Nothing was sent upstream.
type ArgError struct {
	Param   string // snake_case property name ("" when about the arguments as a whole)
	Problem string // e.g. "expected integer, got string"
	Err     error  // underlying cause, if any (e.g. *appwrite.PathParamError, *appwrite.FileError)
}

// Error names the property and the problem.
func (e *ArgError) Error() string {
	if e.Param == "" {
		return "invalid arguments: " + e.Problem
	}
	return fmt.Sprintf("invalid argument %q: %s", e.Param, e.Problem)
}

// Unwrap returns the underlying cause, if any.
func (e *ArgError) Unwrap() error { return e.Err }

// args converts one call's arguments; the first problem sticks.
type args struct {
	vals  map[string]any
	first error
}

// newArgs checks unknown properties, missing required ones and path values.
func newArgs(t *Tool, in map[string]any) (*args, error) {
	known := map[string]Param{}
	for _, p := range t.Params {
		known[p.Name] = p
	}
	var unknown []string
	for k := range in {
		if _, ok := known[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		valid := make([]string, 0, len(t.Params))
		for _, p := range t.Params {
			valid = append(valid, p.Name)
		}
		problem := "unknown property"
		if len(valid) > 0 {
			problem += "; valid properties: " + strings.Join(valid, ", ")
		} else {
			problem += "; this tool takes no arguments"
		}
		return nil, &ArgError{Param: unknown[0], Problem: problem}
	}
	a := &args{vals: in}
	for _, p := range t.Params {
		if p.Required && !a.has(p.Name) {
			return nil, &ArgError{Param: p.Name, Problem: "required property missing (expected " + typeName(p) + ")"}
		}
		if !(p.InPath || p.UploadID) || !a.has(p.Name) {
			continue
		}
		v := a.str(p.Name)
		if err := a.err(); err != nil {
			return nil, err
		}
		check := appwrite.ValidatePathParam
		if p.UploadID {
			check = appwrite.ValidateUploadID
		}
		if err := check(p.Wire, v); err != nil {
			var pe *appwrite.PathParamError
			problem := err.Error()
			if errors.As(err, &pe) {
				problem = pe.Problem
			}
			return nil, &ArgError{Param: p.Name, Problem: problem, Err: err}
		}
	}
	return a, nil
}

func typeName(p Param) string {
	switch p.Type {
	case TypeArray:
		if p.Items != "" {
			return "array of " + string(p.Items)
		}
		return "array"
	case TypeFile:
		return `object {"content_base64","filename"} or {"url"}`
	}
	return string(p.Type)
}

func (a *args) fail(name, problem string) {
	if a.first == nil {
		a.first = &ArgError{Param: name, Problem: problem}
	}
}

func (a *args) err() error { return a.first }

// has reports whether name is present and not null.
func (a *args) has(name string) bool {
	v, ok := a.vals[name]
	return ok && v != nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, float32, int, int64, int32, json.Number:
		return "number"
	case []any, []string, []int:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func (a *args) wrongType(name, want string, v any) {
	a.fail(name, "expected "+want+", got "+jsonKind(v))
}

func (a *args) str(name string) string {
	v := a.vals[name]
	s, ok := v.(string)
	if !ok {
		a.wrongType(name, "string", v)
	}
	return s
}

func (a *args) boolean(name string) bool {
	v := a.vals[name]
	b, ok := v.(bool)
	if !ok {
		a.wrongType(name, "boolean", v)
	}
	return b
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		if n < math.MinInt || n > math.MaxInt {
			return 0, false
		}
		return int(n), true // #nosec G115 -- range checked above
	case int32:
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		if err != nil || i < math.MinInt || i > math.MaxInt {
			return 0, false
		}
		return int(i), true // #nosec G115 -- range checked above
	}
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) || f < -(1<<53) || f > 1<<53 {
		return 0, false
	}
	return int(f), true
}

func (a *args) number(name string) float64 {
	v := a.vals[name]
	f, ok := toFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		a.wrongType(name, "number", v)
	}
	return f
}

func (a *args) integer(name string) int {
	v := a.vals[name]
	i, ok := toInt(v)
	if !ok {
		a.wrongType(name, "integer", v)
	}
	return i
}

func (a *args) strs(name string) []string {
	switch v := a.vals[name].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				a.fail(name, fmt.Sprintf("expected array of string, item %d is %s", i, jsonKind(x)))
				return nil
			}
			out[i] = s
		}
		return out
	default:
		a.wrongType(name, "array of string", v)
		return nil
	}
}

func (a *args) ints(name string) []int {
	switch v := a.vals[name].(type) {
	case []int:
		return v
	case []any:
		out := make([]int, len(v))
		for i, x := range v {
			n, ok := toInt(x)
			if !ok {
				a.fail(name, fmt.Sprintf("expected array of integer, item %d is %s", i, jsonKind(x)))
				return nil
			}
			out[i] = n
		}
		return out
	default:
		a.wrongType(name, "array of integer", v)
		return nil
	}
}

func (a *args) anys(name string) []interface{} {
	switch v := a.vals[name].(type) {
	case []any:
		return v
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	default:
		a.wrongType(name, "array", v)
		return nil
	}
}

// object returns a JSON object argument; its type suits SDK parameters of
// type interface{} and map[string]interface{} alike.
func (a *args) object(name string) map[string]any {
	v := a.vals[name]
	m, ok := v.(map[string]any)
	if !ok {
		a.wrongType(name, "object", v)
		return nil
	}
	return m
}

// file stages a TypeFile argument for upload; call done afterwards.
func (a *args) file(ctx context.Context, s *appwrite.Session, name string) (file.InputFile, func(), error) {
	noop := func() {}
	v := a.vals[name]
	m, ok := v.(map[string]any)
	if !ok {
		if str, isStr := v.(string); isStr && str != "" {
			return file.InputFile{}, noop, &ArgError{Param: name, Problem: `expected object {"content_base64","filename"} or {"url"}; local file paths are not accepted`}
		}
		return file.InputFile{}, noop, &ArgError{Param: name, Problem: `expected object {"content_base64","filename"} or {"url"}, got ` + jsonKind(v)}
	}
	var in appwrite.FileInput
	for k, x := range m {
		str, ok := x.(string)
		if !ok {
			return file.InputFile{}, noop, &ArgError{Param: name, Problem: fmt.Sprintf("%s: expected string, got %s", k, jsonKind(x))}
		}
		switch k {
		case "content_base64":
			in.ContentBase64 = str
		case "filename":
			in.Filename = str
		case "url":
			in.URL = str
		default:
			return file.InputFile{}, noop, &ArgError{Param: name, Problem: fmt.Sprintf("unknown property %q; valid: content_base64, filename, url", k)}
		}
	}
	f, done, err := s.PrepareFile(ctx, in)
	if err != nil {
		return file.InputFile{}, noop, &ArgError{Param: name, Problem: err.Error(), Err: err}
	}
	return f, done, nil
}
