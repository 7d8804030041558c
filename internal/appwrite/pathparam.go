package appwrite

import (
	"fmt"
	"strings"
)

// PathParamError says why a value may not be spliced into a URL path.
type PathParamError struct {
	Name    string // wire name, e.g. userId
	Value   string // the refused value, shortened
	Problem string
}

// Error names the parameter, the (shortened) value and the rule.
func (e *PathParamError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Name, e.Value, e.Problem)
}

// pathRule is the rule for one kind of path parameter.
type pathRule struct {
	what  string // for messages
	max   int
	dots  bool // '.' allowed (never as first character)
	upper bool // upper-case letters allowed
}

// Path parameter rules, in one place. The SDK splices path parameters into
// the URL unescaped, so each is checked against the strictest rule Appwrite
// itself applies to it:
//   - Appwrite IDs (every {…Id}): [A-Za-z0-9._-], at most 36, first char a
//     letter or digit;
//   - keys of attributes, columns and indexes ({key}, {column}, {attribute}):
//     same characters, at most 255;
//   - codes and names ({code}: avatar codes, {provider}: OAuth2 providers,
//     {type}: MFA types, {name}: health queue names): [a-z0-9_-] plus
//     upper case, at most 64, no dots.
func ruleFor(name string) pathRule {
	switch name {
	case "key", "column", "attribute":
		return keyRule()
	case "code", "provider", "type", "name":
		return pathRule{what: "a code or name", max: 64, upper: true}
	default:
		return idRule()
	}
}

func idRule() pathRule  { return pathRule{what: "an Appwrite ID", max: 36, dots: true, upper: true} }
func keyRule() pathRule { return pathRule{what: "a key", max: 255, dots: true, upper: true} }

// ValidatePathParam checks a value before it is spliced into an Appwrite
// URL path under the wire name name (e.g. "userId", "key", "code"). A
// non-nil error is a *PathParamError.
func ValidatePathParam(name, value string) error {
	return ruleFor(name).check(name, value)
}

func (r pathRule) check(name, value string) error {
	fail := func(problem string) error {
		v := value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return &PathParamError{Name: name, Value: v, Problem: problem}
	}
	if value == "" {
		return fail("must not be empty")
	}
	if len(value) > r.max {
		return fail(fmt.Sprintf("must be %s of at most %d characters", r.what, r.max))
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			r.upper && c >= 'A' && c <= 'Z' ||
			i > 0 && (c == '-' || c == '_' || r.dots && c == '.')
		if !ok {
			if i == 0 && (c == '-' || c == '_' || c == '.') {
				return fail(fmt.Sprintf("must be %s starting with a letter or digit", r.what))
			}
			allowed := "letters, digits, '-' and '_'"
			if r.dots {
				allowed = "letters, digits, '.', '-' and '_'"
			}
			return fail(fmt.Sprintf("must be %s of %s only", r.what, allowed))
		}
	}
	return nil
}

// ValidatePath checks a path for Session.Call: it starts with "/" and every
// segment is a plain name (letters, digits, '.', '-', '_'; not "." or "..";
// at most 255 bytes).
func ValidatePath(path string) error {
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return &PathParamError{Name: "path", Value: path, Problem: "must start with /"}
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == "." || seg == ".." {
			return &PathParamError{Name: "path", Value: path, Problem: "must not contain . or .. segments"}
		}
		if err := keyRule().check("path segment", seg); err != nil {
			return err
		}
	}
	return nil
}

// PathParamPattern returns the regular expression (JSON Schema / ECMA 262
// syntax) equivalent to ValidatePathParam's rule for name, for schemas.
func PathParamPattern(name string) string {
	return ruleFor(name).pattern()
}

func (r pathRule) pattern() string {
	first, rest := "a-z0-9", "a-z0-9_-"
	if r.upper {
		first, rest = "A-Za-z0-9", "A-Za-z0-9_-"
	}
	if r.dots {
		rest = rest[:len(rest)-1] + ".-"
	}
	return fmt.Sprintf("^[%s][%s]{0,%d}$", first, rest, r.max-1)
}

// DescribePathParam explains ValidatePathParam's rule for name in words,
// for tool descriptions.
func DescribePathParam(name string) string {
	r := ruleFor(name)
	chars := "letters, digits, hyphen and underscore"
	if r.dots {
		chars = "letters, digits, period, hyphen and underscore"
	}
	return fmt.Sprintf("%s (path parameter): up to %d characters from %s, starting with a letter or digit", capitalizeFirst(r.what), r.max, chars)
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
