package tools

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
	vals    []*node     // object values or array elements
	str     string      // string value
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
		return &node{kind: 's', str: v}, nil
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

// encode writes n compactly.
func (n *node) encode(buf *bytes.Buffer) {
	switch n.kind {
	case 'o':
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(quoteJSON(k))
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
		buf.Write(quoteJSON(n.str))
	default:
		buf.WriteString(string(n.lit))
	}
}

// measure fills size for n and its children and returns n.size.
func (n *node) measure() int {
	switch n.kind {
	case 'o':
		s := 2
		for i, k := range n.keys {
			if i > 0 {
				s++
			}
			s += len(quoteJSON(k)) + 1 + n.vals[i].measure()
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
		n.size = len(quoteJSON(n.str))
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
