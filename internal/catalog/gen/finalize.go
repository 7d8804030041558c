package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// finalize makes the merged methods uniform and checks them: every
// description starts with a capital, ends with a period, carries its
// deprecation note first and "[VERB path]" last; parameters from the
// console SDK get the rule sentences the Go loader writes (path value rule,
// query syntax, file form); every name is a valid tool name; every
// replacement exists.
func finalize(ms []spec.Method) error {
	names := make(map[string]bool, len(ms))
	for _, m := range ms {
		names[toolName(m)] = true
	}
	var errs []error
	for i := range ms {
		m := &ms[i]
		if !spec.ValidToolName(toolName(*m)) {
			errs = append(errs, fmt.Errorf("tool name %q is not ^[a-z0-9_]{1,64}$", toolName(*m)))
		}
		if m.ReplacedBy == toolName(*m) || (m.ReplacedBy != "" && !names[m.ReplacedBy]) {
			m.ReplacedBy = ""
		}
		m.Description = methodText(*m)
		for j := range m.Params {
			p := &m.Params[j]
			if typeConst(p.Type) == "" || inConst(p.In) == "" || (p.Items != "" && typeConst(p.Items) == "") {
				errs = append(errs, fmt.Errorf("%s.%s: type %q, items %q or location %q unknown", toolName(*m), p.Name, p.Type, p.Items, p.In))
			}
			if m.Source == spec.SourceConsole {
				p.Description = consoleParamText(*m, *p)
			}
			if n := len(strings.Fields(p.Description)); n < spec.MinDescriptionWords {
				errs = append(errs, fmt.Errorf("%s.%s: description %q has %d words, want at least %d", toolName(*m), p.Name, p.Description, n, spec.MinDescriptionWords))
			}
		}
	}
	return errors.Join(errs...)
}

// methodText is the final description of a method.
func methodText(m spec.Method) string {
	text := sentence(spec.CleanText(m.Description))
	if text == "" {
		text = "Calls " + m.SDKMethod + "."
	}
	if m.Deprecated {
		prefix := "Deprecated."
		if m.ReplacedBy != "" {
			prefix = "Deprecated: use " + m.ReplacedBy + "."
		}
		text = prefix + " " + text
	}
	return text + " [" + m.Verb + " " + m.Path + "]"
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// consoleParamText adds to a console SDK parameter's own text what a model
// needs to send a valid value, as the Go loader does for its parameters.
func consoleParamText(m spec.Method, p spec.MethodParam) string {
	text := sentence(spec.CleanText(p.Description))
	// "Key ID. Choose a custom ID …": the first sentence restates the name.
	if rest, ok := cutPrefixFold(text, strings.ReplaceAll(p.Name, "_", " ")+". "); ok {
		text = sentence(spec.Capitalize(rest))
	}
	if len(strings.Fields(text)) < spec.MinDescriptionWords {
		// "Country." says nothing the name does not: name what it belongs to.
		text = sentence(spec.Capitalize(spec.Words(p.Wire)) + " of the " + subject(m))
	}
	switch {
	case p.In == spec.InPath:
		text += " " + appwrite.DescribePathParam(p.Wire) + "."
	case p.Wire == "queries" && p.Type == "array":
		text += spec.QueriesDoc
	case p.Type == "file":
		text += spec.FileDoc
	case p.Type == "object":
		text += " A JSON object."
	}
	return text
}

// cutPrefixFold is strings.CutPrefix ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// subject names what a method acts on: create_billing_address → "billing
// address"; the service when the name says nothing more.
func subject(m spec.Method) string {
	words := strings.Split(m.Name, "_")
	switch words[0] {
	case "create", "update", "get", "list", "delete", "upsert":
		words = words[1:]
	}
	if len(words) == 0 {
		return strings.ReplaceAll(m.Service, "_", " ")
	}
	return strings.Join(words, " ")
}
