package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
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

var (
	toolNameRE   = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)
	mdLinkRE     = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	replacedByRE = regexp.MustCompile("`([A-Za-z]+)\\.([A-Za-z0-9]+)`")
)

// snake converts a Go or Appwrite identifier to snake_case, keeping
// acronyms together: CreateMFAAuthenticator → create_mfa_authenticator,
// TablesDB → tables_db, CreateOAuth2Token → create_oauth2_token.
func snake(s string) string {
	s = strings.NewReplacer("OAuth2", "Oauth2", "PHPass", "Phpass").Replace(s)
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prev := r[i-1]
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func buildTools(s *sdk) ([]*tool, error) {
	byName := map[string][]*tool{}
	for _, sv := range s.services {
		examples := loadExamples(s.dir, sv)
		svcName := snake(sv.typeName)
		for _, m := range sv.methods {
			t := &tool{name: svcName + "_" + snake(m.name), service: svcName, sv: sv, m: m}
			if !toolNameRE.MatchString(t.name) {
				return nil, fmt.Errorf("tool name %q is not ^[a-z0-9_]{1,64}$", t.name)
			}
			t.description, t.deprecated, t.replacedBy = describe(m)
			params, err := buildParams(t, examples[m.name])
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
		if t.deprecated {
			prefix := "Deprecated."
			if t.replacedBy != "" {
				prefix = "Deprecated: use " + t.replacedBy + "."
			}
			t.description = prefix + " " + t.description
		}
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
				replacedBy = snake(sm[1]) + "_" + snake(sm[2])
			}
			continue
		}
		keep = append(keep, para)
	}
	text := strings.Join(strings.Fields(strings.Join(keep, " ")), " ")
	text = strings.TrimPrefix(text, m.name+" ")
	text = mdLinkRE.ReplaceAllStringFunc(text, func(s string) string {
		sm := mdLinkRE.FindStringSubmatch(s)
		url := sm[2]
		if strings.HasPrefix(url, "/") {
			url = "https://appwrite.io" + url
		}
		return sm[1] + " (" + url + ")"
	})
	if text == "" {
		text = "Calls " + m.name + "."
	}
	r := []rune(text)
	r[0] = unicode.ToUpper(r[0])
	text = string(r)
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text + " [" + m.verb + " " + m.path + "]", deprecated, replacedBy
}

func buildParams(t *tool, ex *example) ([]*toolParam, error) {
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
		tp.description = paramDescription(t, tp, val)
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
		tp.description = paramDescription(t, tp, val)
		out = append(out, tp)
	}
	return out, nil
}

func newToolParam(pa *param, required bool) (*toolParam, error) {
	tp := &toolParam{param: pa, name: snake(pa.wire), required: required}
	switch pa.goType {
	case "string":
		tp.typ = "TypeString"
	case "int":
		tp.typ = "TypeInteger"
	case "float64":
		tp.typ = "TypeNumber"
	case "bool":
		tp.typ = "TypeBoolean"
	case "[]string":
		tp.typ, tp.items = "TypeArray", "TypeString"
	case "[]int":
		tp.typ, tp.items = "TypeArray", "TypeInteger"
	case "[]interface{}":
		tp.typ = "TypeArray"
	case "interface{}":
		tp.typ = "TypeObject"
	case "file.InputFile":
		tp.typ = "TypeFile"
	default:
		return nil, fmt.Errorf("unsupported SDK parameter type %s of %s", pa.goType, pa.goName)
	}
	return tp, nil
}

// words turns a wire name into readable words: bucketId → "bucket ID".
func words(wire string) string {
	parts := strings.Split(snake(wire), "_")
	for i, p := range parts {
		switch p {
		case "id":
			parts[i] = "ID"
		case "ids":
			parts[i] = "IDs"
		case "url":
			parts[i] = "URL"
		case "json":
			parts[i] = "JSON"
		case "ttl":
			parts[i] = "TTL"
		}
	}
	return strings.Join(parts, " ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// exampleValue returns an SDK docs example literal worth showing, or "".
// Placeholders ("<BUCKET_ID>") and zero values teach nothing.
func exampleValue(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "", v == `""`, v == "0", v == "false", v == "true", v == "-1",
		strings.HasPrefix(v, `"<`), strings.HasPrefix(v, "file."),
		strings.HasSuffix(v, "{}"), strings.Contains(v, "{}}"):
		return ""
	}
	if strings.HasPrefix(v, "[]interface{}{") || strings.HasPrefix(v, "interface{}{") || strings.HasPrefix(v, "map[") {
		return ""
	}
	return v
}

// paramDescription writes a description for every property, from the
// parameter's name, Go type, role and the SDK docs example value.
func paramDescription(t *tool, tp *toolParam, exampleLit string) string {
	var b strings.Builder
	b.WriteString(capitalize(words(tp.wire)))
	b.WriteString(".")
	isID := tp.goType == "string" && strings.HasSuffix(tp.wire, "Id")
	switch {
	case tp.inPath:
		b.WriteString(" " + appwrite.DescribePathParam(tp.wire) + ".")
	case tp.uploadID:
		b.WriteString(` Appwrite ID for the new file: up to 36 characters from a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a special character; or "unique()" to let Appwrite generate one.`)
	case isID && tp.required && t.m.verb == "POST" && strings.HasPrefix(t.m.name, "Create"):
		b.WriteString(` Appwrite ID: up to 36 characters from a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a special character; or "unique()" to let Appwrite generate one.`)
	}
	if doc, ok := commonParam(tp.wire); ok {
		b.WriteString(" " + doc)
	}
	switch {
	case tp.wire == "queries":
		b.WriteString(queriesDoc)
		if tp.goType == "string" {
			b.WriteString(" This parameter takes the queries as one string.")
		}
	case tp.wire == "permissions" && tp.goType == "[]string":
		b.WriteString(` Permission strings such as read("any"), update("user:<USER_ID>"), delete("team:<TEAM_ID>/owner"); roles: any, users, guests, user:<id>, team:<id>, team:<id>/<role>, member:<id>, label:<name>.`)
	case tp.goType == "interface{}":
		b.WriteString(" A JSON object.")
	case tp.goType == "[]interface{}":
		b.WriteString(" A JSON array.")
	case tp.goType == "[]string" && !strings.Contains(b.String(), "List of"):
		b.WriteString(" List of strings.")
	case tp.goType == "[]int":
		b.WriteString(" List of integers.")
	case tp.goType == "file.InputFile":
		b.WriteString(fileDoc)
	}
	if ex := exampleValue(exampleLit); ex != "" {
		b.WriteString(" Example: ")
		b.WriteString(ex)
		b.WriteString(".")
	}
	return b.String()
}

const queriesDoc = ` Each query is a JSON string, e.g. {"method":"equal","attribute":"status","values":["active"]}.` +
	` Filters equal, notEqual, lessThan, lessThanEqual, greaterThan, greaterThanEqual, between, startsWith, endsWith, contains, search take "attribute" and "values";` +
	` isNull, isNotNull, orderAsc, orderDesc take "attribute" only;` +
	` limit, offset, cursorAfter, cursorBefore take "values" only, e.g. {"method":"limit","values":[25]};` +
	` {"method":"select","values":["*","author.*"]} expands relationships.`

const fileDoc = ` A file, given inline as {"content_base64": "<base64 of the bytes>", "filename": "report.pdf"}` +
	` or by reference as {"url": "https://example.com/report.pdf", "filename": "report.pdf"} (filename optional)` +
	` which the server downloads (public https addresses only). Size is limited by the server's upload limit. Local file paths are not accepted.`

// commonParam explains parameters that recur across services, by wire name.
func commonParam(wire string) (string, bool) {
	doc, ok := map[string]string{
		"search":        "Search term to filter the results.",
		"total":         "Set false to skip counting the total number of results (faster on large collections).",
		"transactionId": "ID of a transaction to stage this operation in (see tables_db_create_transaction); omit to apply immediately.",
		"required":      "Whether the attribute/column must have a value.",
		"default":       "Default value used when none is given; cannot be set when required is true.",
		"array":         "Whether the attribute/column holds an array of values.",
		"key":           "Key (name) of the attribute, column or index.",
		"newKey":        "New key (name) to rename the attribute/column to.",
		"enabled":       "Whether the resource is enabled.",
		"encrypt":       "Whether to encrypt the value at rest.",
		"min":           "Minimum allowed value.",
		"max":           "Maximum allowed value.",
		"elements":      "Allowed values of the enum (list of strings).",
		"threshold":     "Queue size above which the check reports failure.",
		"scheduledAt":   "ISO 8601 date-time at which to send; omit to send now.",
		"draft":         "Save as draft instead of sending.",
		"activate":      "Make this deployment active once built.",
		"users":         "List of user IDs.",
		"topics":        "List of topic IDs.",
		"targets":       "List of target IDs.",
		"width":         "Width in pixels.",
		"height":        "Height in pixels.",
		"quality":       "Image quality (0-100).",
		"password":      "Password (at least 8 characters).",
		"email":         "Email address.",
		"phone":         "Phone number in E.164 format, e.g. +12065550100.",
		"expire":        "ISO 8601 expiry date-time; omit for no expiry.",
		"roles":         "List of role strings.",
		"labels":        "List of labels (alphanumeric, at most 36 characters each).",
		"size":          "Size in characters.",
		"specification": "Compute specification slug (see functions_list_specifications).",
		"prefs":         "Key-value preferences object.",
	}[wire]
	return doc, ok
}
