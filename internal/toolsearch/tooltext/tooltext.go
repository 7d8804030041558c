// Package tooltext reads what search indexes of a catalog tool: the words
// of each of its fields, weighed by the field (a word of the name says more
// than a word of the description), and the anatomy of its name (its verb,
// the object it acts on, the parts a task's words can cover).
package tooltext

import (
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

// What a word of each field weighs.
const (
	weightName    = 3.0 // a word of the tool name (after the service)
	weightService = 2.0 // a word of the service name
	weightParam   = 1.0 // a word of a parameter name
	weightDesc    = 0.6 // a word of the description
	weightPath    = 0.4 // a word of the HTTP path
)

// Terms weighs the words of a tool's fields: each term's summed weight.
func Terms(t *catalog.Tool) map[string]float64 {
	tf := map[string]float64{}
	var buf []string
	add := func(text string, w float64) {
		buf = words.Terms(text, buf[:0])
		for _, term := range buf {
			tf[term] += w
		}
	}
	add(strings.ReplaceAll(method(t), "_", " "), weightName)
	add(strings.ReplaceAll(t.Service, "_", " "), weightService)
	if joined := strings.ReplaceAll(t.Service, "_", ""); joined != t.Service {
		add(joined, weightService)
	}
	for _, p := range t.Params {
		add(strings.ReplaceAll(p.Name, "_", " "), weightParam)
	}
	add(t.Description, weightDesc)
	add(t.Path, weightPath)
	return tf
}

// Name is the anatomy of a tool's name (users_update_email: service
// users, verb update, object email).
type Name struct {
	Verb  string   // first word of the method part: list, get, create, ...
	Parts []string // the words of the method part, as named
	// Object is the last word of the name, stemmed.
	Object string
	// ObjectWords name what the tool acts on: the object, or the
	// service's words when the name ends in its verb (users_list).
	ObjectWords []string
	// PluralName: the name ends in a plural ("create_rows"), an action
	// on many items.
	PluralName bool
	// Units are the parts of the name a task can cover: the service (any
	// of its words) and each word of the method part.
	Units [][]string
}

// ReadName reads the anatomy of t's name.
func ReadName(t *catalog.Tool) Name {
	m := method(t)
	verb, _, _ := strings.Cut(m, "_")
	svcUnit := words.Terms(strings.ReplaceAll(t.Service, "_", " "), nil)
	svcUnit = append(svcUnit, text.Singular(strings.ReplaceAll(t.Service, "_", "")))
	units := [][]string{svcUnit}
	for _, w := range words.Terms(strings.ReplaceAll(m, "_", " "), nil) {
		units = append(units, []string{w})
	}
	last := m[strings.LastIndexByte(m, '_')+1:]
	object := text.Singular(last)
	objectWords := []string{object}
	if last == verb {
		objectWords = svcUnit
	}
	return Name{
		Verb:        verb,
		Parts:       strings.Split(m, "_"),
		Object:      object,
		ObjectWords: objectWords,
		PluralName:  object != last && verb != "list",
		Units:       units,
	}
}

// method is the name after its service: update_email of users_update_email.
func method(t *catalog.Tool) string {
	return strings.TrimPrefix(t.Name, t.Service+"_")
}
