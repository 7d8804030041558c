package shape

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// node is a JSON value that keeps object key order, so a truncated result
// reads like the upstream one.
type node struct {
	kind    byte        // 'o' object, 'a' array, 's' string, 'l' other literal
	keys    []string    // object keys, in order
	keyLen  int         // encoded size of all keys with their ':' (objects)
	vals    []*node     // object values or array elements
	str     string      // string value
	strLen  int         // encoded size of str (strings); kept in step by setStr
	lit     json.Number // number, true, false, null (as text)
	size    int         // encoded size, filled by measure
	dropped int         // array elements removed by truncation
	cut     bool        // string shortened by truncation
}

func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseNode(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON value")
	}
	return n, nil
}

const maxTreeDepth = 200

func parseNode(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxTreeDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n := &node{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				child, err := parseNode(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.keyLen += quotedLen(k) + 1
				n.vals = append(n.vals, child)
			}
			_, err := dec.Token() // '}'
			return n, err
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				child, err := parseNode(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, child)
			}
			_, err := dec.Token() // ']'
			return n, err
		}
		return nil, errors.New("unexpected delimiter")
	case string:
		n := &node{kind: 's'}
		n.setStr(v)
		return n, nil
	case json.Number:
		return &node{kind: 'l', lit: v}, nil
	case bool:
		return &node{kind: 'l', lit: json.Number(strconv.FormatBool(v))}, nil
	case nil:
		return &node{kind: 'l', lit: "null"}, nil
	}
	return nil, errors.New("unexpected JSON token")
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
	n.str = s
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

// encode writes n compactly.
func (n *node) encode(buf *bytes.Buffer) {
	switch n.kind {
	case 'o':
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeQuoted(buf, k)
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
		writeQuoted(buf, n.str)
	default:
		buf.WriteString(string(n.lit))
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
		n.size = len(n.lit)
	}
	return n.size
}

func joinPath(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}
