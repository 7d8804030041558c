package shape

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// node is a JSON value that keeps object key order, so a truncated result
// reads like the upstream one. Strings, keys and literals keep their encoded
// bytes from the input (no decoding, no copying): a string is decoded only
// when truncation looks at or shortens it.
type node struct {
	kind    byte     // 'o' object, 'a' array, 's' string, 'l' other literal
	keys    [][]byte // object keys, encoded (with quotes), in order
	keyLen  int      // encoded size of all keys with their ':' (objects)
	vals    []*node  // object values or array elements
	raw     []byte   // encoded string or literal text; nil once a string is cut
	str     string   // decoded string, filled on demand (see text)
	decoded bool     // str holds the decoded string
	strLen  int      // encoded size of the string; kept in step by setStr
	size    int      // encoded size, filled by measure
	dropped int      // array elements removed by truncation
	cut     bool     // string shortened by truncation
}

// parseTree builds the tree of a JSON document in one pass over data and
// checks it is valid JSON (an error otherwise; never a panic). Insignificant
// white space is dropped: encode writes the document compactly.
func parseTree(data []byte) (*node, error) {
	p := &parser{data: data}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos != len(p.data) {
		return nil, errors.New("trailing data after JSON value")
	}
	return n, nil
}

const maxTreeDepth = 200

// parser reads one JSON document; nodes come from a slab, not one
// allocation each.
type parser struct {
	data []byte
	pos  int
	slab []node
}

func (p *parser) node(kind byte) *node {
	if len(p.slab) == 0 {
		p.slab = make([]node, 128)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind = kind
	return n
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// next skips white space and returns the next byte (0 at the end).
func (p *parser) next() byte {
	p.skipSpace()
	if p.pos == len(p.data) {
		return 0
	}
	return p.data[p.pos]
}

func (p *parser) value(depth int) (*node, error) {
	if depth > maxTreeDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	switch c := p.next(); {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		raw, err := p.string()
		if err != nil {
			return nil, err
		}
		n := p.node('s')
		n.raw, n.strLen = raw, len(raw)
		return n, nil
	case c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n':
		start := p.pos
		for p.pos < len(p.data) && isLiteralByte(p.data[p.pos]) {
			p.pos++
		}
		n := p.node('l')
		n.raw = p.data[start:p.pos]
		if !validLiteral(n.raw) {
			return nil, errors.New("invalid JSON literal")
		}
		return n, nil
	}
	return nil, errors.New("unexpected JSON token")
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E'
}

func (p *parser) object(depth int) (*node, error) {
	n := p.node('o')
	p.pos++ // '{'
	if p.next() == '}' {
		p.pos++
		return n, nil
	}
	for {
		if p.next() != '"' {
			return nil, errors.New("object key is not a string")
		}
		k, err := p.string()
		if err != nil {
			return nil, err
		}
		if p.next() != ':' {
			return nil, errors.New("missing ':' after object key")
		}
		p.pos++
		child, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, k)
		n.keyLen += len(k) + 1
		n.vals = append(n.vals, child)
		if done, err := p.endOf('}'); done || err != nil {
			return n, err
		}
	}
}

func (p *parser) array(depth int) (*node, error) {
	n := p.node('a')
	p.pos++ // '['
	if p.next() == ']' {
		p.pos++
		return n, nil
	}
	for {
		child, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.vals = append(n.vals, child)
		if done, err := p.endOf(']'); done || err != nil {
			return n, err
		}
	}
}

// endOf reads ',' (not done) or the closing byte (done).
func (p *parser) endOf(closing byte) (bool, error) {
	switch p.next() {
	case ',':
		p.pos++
		return false, nil
	case closing:
		p.pos++
		return true, nil
	}
	return false, errors.New("missing ',' or closing bracket")
}

// string reads an encoded string at p.pos and returns it with its quotes.
// A string holding invalid UTF-8 is re-encoded (invalid bytes become
// U+FFFD), so every result is valid UTF-8.
func (p *parser) string() ([]byte, error) {
	start := p.pos
	p.pos++ // '"'
	ascii := true
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			raw := p.data[start:p.pos]
			if ascii || utf8.Valid(raw) {
				return raw, nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, fmt.Errorf("bad JSON string: %w", err)
			}
			return quoteJSON(s), nil
		case c == '\\':
			if !validEscape(p.data[p.pos:]) {
				return nil, errors.New("invalid escape in JSON string")
			}
			p.pos += 2
		case c < 0x20:
			return nil, errors.New("control character in JSON string")
		case c >= utf8.RuneSelf:
			ascii = false
			p.pos++
		default:
			p.pos++
		}
	}
	return nil, errors.New("unterminated JSON string")
}

// validEscape reports whether b starts with a JSON escape sequence.
func validEscape(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	case 'u':
		if len(b) < 6 {
			return false
		}
		for _, c := range b[2:6] {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}
	return false
}

// validLiteral reports true, false, null or a JSON number.
func validLiteral(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	digits := func(i int) int { // index after the digits from i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if j := digits(i + 1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(b)
}

// text is a string node's decoded value (decoded once, on demand).
func (n *node) text() string {
	if !n.decoded {
		n.decoded = true
		if bytes.IndexByte(n.raw, '\\') < 0 {
			n.str = string(n.raw[1 : len(n.raw)-1])
		} else if err := json.Unmarshal(n.raw, &n.str); err != nil {
			n.str = ""
		}
	}
	return n.str
}

// longString reports a string node longer than limit bytes once decoded.
// The encoded form is never shorter than the decoded one plus its quotes,
// so short strings are not decoded.
func (n *node) longString(limit int) bool {
	return n.strLen-2 > limit && len(n.text()) > limit
}

// keyText decodes an encoded object key.
func keyText(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func quoteJSON(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// setStr sets a string node's value and its encoded size. Sizes are
// computed once here, not on every measure: truncation measures the whole
// tree once per step, and re-quoting every string each time made a large
// response cost seconds of CPU.
func (n *node) setStr(s string) {
	n.str, n.decoded, n.raw = s, true, nil
	n.strLen = quotedLen(s)
}

// plainString reports whether encoding/json writes s as is between quotes:
// printable ASCII without '"' and '\\' (HTML escaping is off here).
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// quotedLen is len(quoteJSON(s)), without allocating for plain strings.
func quotedLen(s string) int {
	if plainString(s) {
		return len(s) + 2
	}
	return len(quoteJSON(s))
}

// writeQuoted writes quoteJSON(s), without allocating for plain strings.
func writeQuoted(buf *bytes.Buffer, s string) {
	if !plainString(s) {
		buf.Write(quoteJSON(s))
		return
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}

// bytes is n encoded compactly (measure must have run).
func (n *node) bytes() []byte {
	var buf bytes.Buffer
	buf.Grow(n.size)
	n.encode(&buf)
	return buf.Bytes()
}

// encode writes n compactly.
func (n *node) encode(buf *bytes.Buffer) {
	switch n.kind {
	case 'o':
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(k)
			buf.WriteByte(':')
			n.vals[i].encode(buf)
		}
		buf.WriteByte('}')
	case 'a':
		buf.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				buf.WriteByte(',')
			}
			v.encode(buf)
		}
		buf.WriteByte(']')
	case 's':
		if n.raw != nil {
			buf.Write(n.raw)
		} else {
			writeQuoted(buf, n.str)
		}
	default:
		buf.Write(n.raw)
	}
}

// measure fills size for n and its children and returns n.size.
func (n *node) measure() int {
	switch n.kind {
	case 'o':
		s := 2 + n.keyLen
		for i, v := range n.vals {
			if i > 0 {
				s++
			}
			s += v.measure()
		}
		n.size = s
	case 'a':
		s := 2
		for i, v := range n.vals {
			if i > 0 {
				s++
			}
			s += v.measure()
		}
		n.size = s
	case 's':
		n.size = n.strLen
	default:
		n.size = len(n.raw)
	}
	return n.size
}

func joinPath(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}
