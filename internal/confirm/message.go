package confirm

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Bounds of a Message: one argument's value, and all arguments together.
const (
	maxValueBytes = 500
	maxArgsBytes  = 4000
)

// Change is what the person is asked to allow.
type Change struct {
	Tool         string
	Class        string // "write" or "destructive"
	Project      string // target project; "" when none
	Organization string // target organization; "" when none
	Arguments    map[string]any
}

// Message is the text shown to the person: the tool, the target and every
// argument (JSON values, each cut at a bound that is said when it applies).
func (c Change) Message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Allow this %s on your Appwrite account?\n\nTool: %s\n", c.Class, c.Tool)
	if c.Class == "destructive" {
		b.WriteString("This deletes data and cannot be undone.\n")
	}
	if c.Project != "" {
		fmt.Fprintf(&b, "Project: %s\n", c.Project)
	}
	if c.Organization != "" {
		fmt.Fprintf(&b, "Organization: %s\n", c.Organization)
	}
	if len(c.Arguments) == 0 {
		b.WriteString("Arguments: none\n")
		return b.String()
	}
	b.WriteString("Arguments:\n")
	keys := make([]string, 0, len(c.Arguments))
	for k := range c.Arguments {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	used := 0
	for i, k := range keys {
		v, err := json.Marshal(c.Arguments[k])
		val := string(v)
		if err != nil {
			val = "(not shown)"
		}
		if len(val) > maxValueBytes {
			val = fmt.Sprintf("%s (%d bytes, cut)", text.Cut(val, maxValueBytes), len(v))
		}
		line := fmt.Sprintf("  %s: %s\n", k, val)
		if used+len(line) > maxArgsBytes {
			fmt.Fprintf(&b, "  … and %d more arguments not shown\n", len(keys)-i)
			break
		}
		used += len(line)
		b.WriteString(line)
	}
	return b.String()
}
