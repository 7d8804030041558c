// Package shape turns what Appwrite answered into bounded MCP tool results:
// compact JSON text with structuredContent, cut at element boundaries when
// over the limit (with a note saying what was cut and how to ask for less),
// images and other binaries as MCP content, isError results that say what
// to do next, and the caller's token masked out of everything. It holds no
// MCP server wiring.
package shape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/text"
)

// Defaults of Shaper.
const (
	DefaultMaxText   = 64 << 10
	DefaultMaxBinary = 4 << 20
	// noteBudget is the room kept for the truncation note inside MaxText.
	noteBudget = 1024
	// MinMaxText is the smallest text bound that leaves room for a note.
	MinMaxText = 2 * noteBudget
)

// Text is a successful result with one text block.
func Text(text string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}
}

// Error is an isError result whose text explains what to do next.
// Details, when given, are also sent as structuredContent.
func Error(text string, details map[string]any) *mcp.CallToolResult {
	r := &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: text}}}
	if details != nil {
		r.StructuredContent = details
	}
	return r
}

// Shaper turns upstream answers into bounded MCP results.
type Shaper struct {
	maxText   int // MCP_MAX_RESULT_BYTES
	maxBinary int // largest image or blob returned inline
}

// New returns a Shaper; zero or too small bounds take the defaults.
func New(maxText, maxBinary int) Shaper {
	if maxText <= 0 {
		maxText = DefaultMaxText
	}
	if maxBinary <= 0 {
		maxBinary = DefaultMaxBinary
	}
	return Shaper{maxText: max(maxText, MinMaxText), maxBinary: maxBinary}
}

// JSON renders v (anything json.Marshal accepts) as a bounded result with
// structuredContent when it is an object.
func (sh Shaper) JSON(v any) *mcp.CallToolResult {
	data, err := json.Marshal(v)
	if err != nil {
		return Error("internal error: could not encode the result: "+err.Error(), nil)
	}
	return sh.jsonBody(data, "")
}

// jsonBody renders a JSON body compactly, truncated at element boundaries
// when it exceeds the limit. prefix, when set, is a note placed first. A
// body within the limit is compacted (which validates it); a larger one is
// parsed once into a tree (which validates it too), cut if still over the
// limit once compact, and written once.
func (sh Shaper) jsonBody(body []byte, prefix string) *mcp.CallToolResult {
	limit := sh.maxText
	var (
		data  []byte
		notes []string
	)
	if prefix != "" {
		notes = append(notes, prefix)
	}
	if len(body) <= limit {
		var compact bytes.Buffer
		compact.Grow(len(body))
		if err := json.Compact(&compact, body); err != nil {
			return sh.textBody(body, prefix)
		}
		data = compact.Bytes()
	} else {
		root, err := parseTree(body)
		if err != nil {
			return sh.textBody(body, prefix)
		}
		full := root.measure()
		budget := max(limit-noteBudget-len(prefix), limit/2)
		if full <= limit {
			budget = full
		}
		cut, info, ok := truncateTree(root, budget)
		if !ok { // no element boundary fits: cut the compact text instead
			var compact bytes.Buffer
			_ = json.Compact(&compact, body) // valid: parseTree accepted it
			return sh.textBody(compact.Bytes(), prefix)
		}
		data = cut
		if full > limit {
			notes = append(notes, truncationNote(full, limit, info))
		}
	}
	res := &mcp.CallToolResult{Content: make([]mcp.Content, 0, len(notes)+1)}
	for _, n := range notes {
		res.Content = append(res.Content, &mcp.TextContent{Text: n})
	}
	res.Content = append(res.Content, &mcp.TextContent{Text: string(data)})
	if len(data) > 0 && data[0] == '{' {
		res.StructuredContent = json.RawMessage(data)
	}
	return res
}

// textBody renders non-JSON text, cut at a character boundary when too long.
func (sh Shaper) textBody(body []byte, prefix string) *mcp.CallToolResult {
	res := &mcp.CallToolResult{}
	if prefix != "" {
		res.Content = append(res.Content, &mcp.TextContent{Text: prefix})
	}
	text := body
	if len(text) > sh.maxText {
		cut := sh.maxText - noteBudget
		if cut < sh.maxText/2 {
			cut = sh.maxText / 2
		}
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
		res.Content = append(res.Content, &mcp.TextContent{Text: fmt.Sprintf(
			"Result truncated: showing the first %d of %d bytes. Ask for less (Appwrite queries such as limit(25) or select([...]), or a narrower request).",
			len(text), len(body))})
	}
	if !utf8.Valid(text) {
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
	}
	res.Content = append(res.Content, &mcp.TextContent{Text: string(text)})
	return res
}

// Response renders a successful upstream answer of the tool toolName.
func (sh Shaper) Response(toolName string, r *appwrite.Response) *mcp.CallToolResult {
	mediaType, _, _ := mime.ParseMediaType(r.ContentType)
	if mediaType == "" {
		mediaType = strings.ToLower(strings.TrimSpace(r.ContentType))
	}
	body := r.Body
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		out := map[string]any{"ok": true, "status": r.Status}
		if r.Location != "" {
			out["location"] = r.Location
		}
		return sh.JSON(out)
	}
	switch {
	case isJSONType(mediaType):
		return sh.jsonBody(trimmed, "")
	case strings.HasPrefix(mediaType, "image/"):
		if len(body) > sh.maxBinary {
			return Text(fmt.Sprintf("The image (%s, %d bytes) is larger than the %d-byte inline limit; ask for a smaller rendition (e.g. width/height/quality arguments).",
				mediaType, len(body), sh.maxBinary))
		}
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.ImageContent{Data: body, MIMEType: mediaType}}}
	case strings.HasPrefix(mediaType, "text/"):
		return sh.textBody(body, "")
	case mediaType == "" && (trimmed[0] == '{' || trimmed[0] == '['):
		return sh.jsonBody(trimmed, "")
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	if len(body) > sh.maxBinary {
		return Text(fmt.Sprintf("The response (%s, %d bytes) is larger than the %d-byte inline limit; it is not returned.",
			mediaType, len(body), sh.maxBinary))
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.EmbeddedResource{Resource: &mcp.ResourceContents{
		URI:      "appwrite://result/" + toolName,
		MIMEType: mediaType,
		Blob:     body,
	}}}}
}

func isJSONType(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// truncInfo records what truncation removed.
type truncInfo struct {
	arrays  []truncArray
	strings []string // paths of shortened strings
}

type truncArray struct {
	path          string
	kept, dropped int
}

// truncateJSON shrinks a JSON document to at most budget bytes by dropping
// trailing array elements (largest array first, keeping at least one element
// while possible) and shortening long strings. It keeps object key order.
func truncateJSON(data []byte, budget int) ([]byte, truncInfo, bool) {
	root, err := parseTree(data)
	if err != nil {
		return nil, truncInfo{}, false
	}
	return truncateTree(root, budget)
}

// truncateTree is truncateJSON on a parsed document; it changes root.
func truncateTree(root *node, budget int) ([]byte, truncInfo, bool) {
	var info truncInfo
	arrays := map[*node]string{}
	for iter := 0; iter < 64; iter++ {
		if root.measure() <= budget {
			break
		}
		excess := root.size - budget
		target, path := root.largestShrinkable(2)
		if target == nil {
			target, path = root.largestShrinkable(1)
		}
		if target == nil {
			return nil, info, false
		}
		if target.kind == 's' {
			str := target.text()
			keep := min(max(len(str)-excess-8, 32), len(str))
			for keep > 0 && keep < len(str) && !utf8.RuneStart(str[keep]) {
				keep--
			}
			target.setStr(str[:keep] + "…")
			target.cut = true
			if !slices.Contains(info.strings, path) {
				info.strings = append(info.strings, path)
			}
			continue
		}
		minKeep := 1
		if len(target.vals) == 1 {
			minKeep = 0
		}
		freed := 0
		k := len(target.vals)
		for k > minKeep && freed < excess {
			k--
			freed += target.vals[k].size + 1
		}
		target.dropped += len(target.vals) - k
		target.vals = target.vals[:k]
		arrays[target] = path
	}
	if root.measure() > budget {
		return nil, info, false
	}
	for n, p := range arrays {
		info.arrays = append(info.arrays, truncArray{path: p, kept: len(n.vals), dropped: n.dropped})
	}
	sortTruncArrays(info.arrays)
	return root.bytes(), info, true
}

func sortTruncArrays(a []truncArray) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].path < a[j-1].path; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// largestShrinkable finds the biggest array with at least minElems elements,
// or string longer than 64 bytes.
func (n *node) largestShrinkable(minElems int) (*node, string) {
	var best *node
	var bestPath [][]byte
	var path [][]byte // segments of the current node: encoded keys, nil for "[]"
	var walk func(m *node)
	walk = func(m *node) {
		better := best == nil || m.size > best.size
		switch m.kind {
		case 'a':
			if len(m.vals) >= minElems && better {
				best, bestPath = m, append(bestPath[:0], path...)
			}
			path = append(path, nil)
			for _, v := range m.vals {
				if v.kind == 'a' || v.kind == 'o' || v.kind == 's' {
					walk(v)
				}
			}
			path = path[:len(path)-1]
		case 'o':
			for i, v := range m.vals {
				path = append(path, m.keys[i])
				walk(v)
				path = path[:len(path)-1]
			}
		case 's':
			if better && m.longString(64) {
				best, bestPath = m, append(bestPath[:0], path...)
			}
		}
	}
	walk(n)
	p := ""
	for _, seg := range bestPath {
		if seg == nil {
			p += "[]"
		} else {
			p = joinPath(p, keyText(seg))
		}
	}
	return best, p
}

// maxNoteItems bounds the arrays and strings a truncation note names.
const maxNoteItems = 5

// truncationNote explains what was cut and how to ask for less.
func truncationNote(full, limit int, info truncInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Result truncated to fit %d bytes (the full result was %d bytes).", limit, full)
	for i, a := range info.arrays {
		if i == maxNoteItems {
			fmt.Fprintf(&b, " (%d more arrays shortened.)", len(info.arrays)-i)
			break
		}
		name := text.Cut(a.path, 80)
		if name == "" {
			name = "the top-level array"
		}
		fmt.Fprintf(&b, " %s: showing %d of %d items.", name, a.kept, a.kept+a.dropped)
	}
	if n := len(info.strings); n > 0 {
		paths := make([]string, 0, maxNoteItems)
		for _, p := range info.strings[:min(n, maxNoteItems)] {
			paths = append(paths, text.Cut(p, 80))
		}
		fmt.Fprintf(&b, " Shortened long text in: %s", strings.Join(paths, ", "))
		if n > maxNoteItems {
			fmt.Fprintf(&b, " and %d more", n-maxNoteItems)
		}
		b.WriteString(".")
	}
	b.WriteString(` To narrow it, pass Appwrite queries in the "queries" argument, e.g. ` +
		`["{\"method\":\"limit\",\"values\":[25]}", "{\"method\":\"select\",\"values\":[\"$id\",\"name\"]}"], ` +
		`and page with {"method":"cursorAfter","values":["<last $id>"]}.`)
	return b.String()
}
