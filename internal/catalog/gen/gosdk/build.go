package gosdk

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// tool is one generated table entry.
type tool struct {
	name        string
	service     string // Appwrite service name, e.g. tables_db
	sv          *service
	m           *method
	description string
	deprecated  bool
	replacedBy  string
	params      []*toolParam
}

// toolParam is one tool argument.
type toolParam struct {
	*param
	name        string // snake_case
	typ         string // catalog ParamType constant name
	items       string // catalog ParamType constant name or ""
	required    bool
	uploadID    bool
	description string
}

// replacedByRE finds the replacement named in a deprecation note.
var replacedByRE = regexp.MustCompile("`([A-Za-z]+)\\.([A-Za-z0-9]+)`")

func buildTools(s *sdk) ([]*tool, error) {
	byName := map[string][]*tool{}
	for _, sv := range s.services {
		examples := loadExamples(s.dir, sv)
		svcName := spec.Snake(sv.typeName)
		for _, m := range sv.methods {
			t := &tool{name: svcName + "_" + spec.Snake(m.name), service: svcName, sv: sv, m: m}
			if !spec.ValidToolName(t.name) {
				return nil, fmt.Errorf("tool name %q is not ^[a-z0-9_]{1,64}$", t.name)
			}
			t.description, t.deprecated, t.replacedBy = describe(m)
			params, err := buildParams(t, s.models, examples[m.name])
			if err != nil {
				return nil, err
			}
			t.params = params
			byName[t.name] = append(byName[t.name], t)
		}
	}
	var out []*tool
	for name, ts := range byName {
		t, err := foldTwins(name, ts)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	if err := checkDescriptions(out); err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, t := range out {
		known[t.name] = true
	}
	for _, t := range out {
		if t.replacedBy != "" && !known[t.replacedBy] {
			return nil, fmt.Errorf("%s: replacement %s is not a tool", t.name, t.replacedBy)
		}
		if t.replacedBy == t.name {
			t.replacedBy = ""
		}
	}
	return out, nil
}

// Methods loads the Appwrite Go SDK that the module in dir requires and
// describes every API method of it, deprecated twins folded. It also
// returns the SDK's module version.
func Methods(dir string) ([]spec.Method, string, error) {
	s, err := loadSDK(dir)
	if err != nil {
		return nil, "", err
	}
	ms, err := methods(s)
	return ms, s.version, err
}

// methods describes every API method of the Go SDK as a Method.
func methods(s *sdk) ([]spec.Method, error) {
	tools, err := buildTools(s)
	if err != nil {
		return nil, err
	}
	out := make([]spec.Method, 0, len(tools))
	for _, t := range tools {
		m := spec.Method{
			Source: spec.SourceGo, Service: t.service, Name: strings.TrimPrefix(t.name, t.service+"_"),
			SDKMethod: t.m.name, Verb: t.m.verb, Path: t.m.path, Description: t.description,
			Deprecated: t.deprecated, ReplacedBy: t.replacedBy, Upload: t.m.upload, Binary: t.m.binary,
		}
		for _, tp := range t.params {
			in := spec.InBody
			switch {
			case tp.inPath:
				in = spec.InPath
			case t.m.verb == "GET":
				in = spec.InQuery
			}
			m.Params = append(m.Params, spec.MethodParam{
				Name: tp.name, Wire: tp.wire, In: in, Type: tp.typ, Items: tp.items,
				Required: tp.required, Description: tp.description,
			})
		}
		out = append(out, m)
	}
	return out, nil
}

// foldTwins keeps one method of methods that map to the same tool name
// (CreateMfaAuthenticator / CreateMFAAuthenticator): the non-deprecated one.
func foldTwins(name string, ts []*tool) (*tool, error) {
	if len(ts) == 1 {
		return ts[0], nil
	}
	var keep []*tool
	for _, t := range ts {
		if !t.deprecated {
			keep = append(keep, t)
		}
	}
	if len(keep) != 1 || len(ts) != 2 {
		return nil, fmt.Errorf("tool name %s is produced by %d methods, %d not deprecated", name, len(ts), len(keep))
	}
	return keep[0], nil
}

// describe cleans a method's doc comment: drops the leading method name,
// keeps markdown links readable as "text (url)", folds whitespace, extracts
// the deprecation note and appends the HTTP verb and path.
func describe(m *method) (desc string, deprecated bool, replacedBy string) {
	var keep []string
	for _, para := range strings.Split(m.doc, "\n\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(para), "Deprecated:"); ok {
			deprecated = true
			if sm := replacedByRE.FindStringSubmatch(rest); sm != nil {
				replacedBy = spec.Snake(sm[1]) + "_" + spec.Snake(sm[2])
			}
			continue
		}
		keep = append(keep, para)
	}
	text := spec.CleanText(strings.Join(keep, " "))
	text = strings.TrimPrefix(text, m.name+" ")
	if text == "" {
		text = "Calls " + m.name + "."
	}
	return text, deprecated, replacedBy
}

func buildParams(t *tool, models map[string]map[string]string, ex *example) ([]*toolParam, error) {
	var out []*toolParam
	for i, pa := range t.m.params {
		tp, err := newToolParam(pa, true)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		tp.uploadID = t.m.upload && pa.goName == t.m.uploadID
		val := ""
		if ex != nil && i < len(ex.args) {
			val = ex.args[i]
		}
		tp.description = paramDescription(t, models, tp, val)
		out = append(out, tp)
	}
	for _, pa := range t.m.options {
		tp, err := newToolParam(pa, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		val := ""
		if ex != nil {
			val = ex.setters[pa.setter]
		}
		tp.description = paramDescription(t, models, tp, val)
		out = append(out, tp)
	}
	return out, nil
}

func newToolParam(pa *param, required bool) (*toolParam, error) {
	tp := &toolParam{param: pa, name: spec.Snake(pa.wire), required: required}
	switch pa.goType {
	case "string":
		tp.typ = "string"
	case "int":
		tp.typ = "integer"
	case "float64":
		tp.typ = "number"
	case "bool":
		tp.typ = "boolean"
	case "[]string":
		tp.typ, tp.items = "array", "string"
	case "[]int":
		tp.typ, tp.items = "array", "integer"
	case "[]interface{}":
		tp.typ = "array"
	case "interface{}", "map[string]interface{}":
		tp.typ = "object"
	case "file.InputFile":
		tp.typ = "file"
	default:
		return nil, fmt.Errorf("unsupported SDK parameter type %s of %s", pa.goType, pa.goName)
	}
	return tp, nil
}
