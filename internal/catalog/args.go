package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
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

// checkNames refuses unknown properties (naming the valid ones) and missing
// required ones.
func (t *Tool) checkNames(args map[string]any) error {
	var unknown []string
	for k := range args {
		if _, ok := t.Param(k); !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		problem := "unknown property; this tool takes no arguments"
		if len(t.Params) > 0 {
			problem = "unknown property; valid properties: " + strings.Join(t.ParamNames(), ", ")
		}
		return &ArgError{Param: unknown[0], Problem: problem}
	}
	for _, p := range t.Params {
		if p.Required && args[p.Name] == nil {
			return &ArgError{Param: p.Name, Problem: "required property missing (expected " + typeName(p) + ")"}
		}
	}
	return nil
}

// ParamNames lists the tool's parameter names in table order.
func (t *Tool) ParamNames() []string {
	out := make([]string, len(t.Params))
	for i, p := range t.Params {
		out[i] = p.Name
	}
	return out
}

// ParamLines renders the parameters as "name: type (required)" lines,
// the required ones first, each type named as argument errors name it.
func (t *Tool) ParamLines() []string {
	out := make([]string, 0, len(t.Params))
	for _, required := range []bool{true, false} {
		for _, p := range t.Params {
			if p.Required != required {
				continue
			}
			line := p.Name + ": " + typeName(p)
			if p.Required {
				line += " (required)"
			}
			out = append(out, line)
		}
	}
	return out
}

// typeName is how the model is told what a parameter takes: in the
// parameter lines of search and in argument errors.
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

// convert checks v against p's type (and enum) and returns the value to
// send. Numbers arrive from JSON as float64; integers must be whole.
func convert(p Param, v any) (any, error) {
	fail := func(problem string) error { return &ArgError{Param: p.Name, Problem: problem} }
	var out any
	var ok bool
	switch p.Type {
	case TypeString:
		out, ok = v.(string)
	case TypeBoolean:
		out, ok = v.(bool)
	case TypeInteger:
		out, ok = toInt(v)
	case TypeNumber:
		var f float64
		f, ok = toFloat(v)
		out = f
	case TypeObject:
		out, ok = v.(map[string]any)
	case TypeArray:
		return convertArray(p, v)
	default:
		return nil, fail("cannot convert a " + string(p.Type) + " here")
	}
	if !ok {
		return nil, fail("expected " + typeName(p) + ", got " + jsonKind(v))
	}
	if s, isStr := out.(string); isStr && len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return nil, fail(enumProblem(p, s))
	}
	return out, nil
}

func convertArray(p Param, v any) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, &ArgError{Param: p.Name, Problem: "expected " + typeName(p) + ", got " + jsonKind(v)}
	}
	if p.Items == "" {
		return list, nil
	}
	item := Param{Name: p.Name, Type: p.Items, Enum: p.Enum}
	out := make([]any, len(list))
	for i, x := range list {
		cv, err := convert(item, x)
		var ae *ArgError
		if errors.As(err, &ae) {
			return nil, &ArgError{Param: p.Name, Problem: fmt.Sprintf("expected %s, item %d: %s", typeName(p), i, ae.Problem)}
		}
		out[i] = cv
	}
	return out, nil
}

func enumProblem(p Param, got string) string {
	shown := got
	if len(shown) > 40 {
		shown = shown[:40] + "…"
	}
	allowed := p.Enum
	if len(allowed) > 30 {
		allowed = append(allowed[:30:30], fmt.Sprintf("… (%d in all)", len(p.Enum)))
	}
	return fmt.Sprintf("%q is not one of: %s", shown, strings.Join(allowed, ", "))
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
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func toFloat(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

// toInt accepts whole numbers within ±2^53 (exact in a JSON double).
func toInt(v any) (int, bool) {
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) || f < -(1<<53) || f > 1<<53 {
		return 0, false
	}
	return int(f), true
}
