package toolsearch

import (
	"slices"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/text"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/lexicon"
	"github.com/appwrite/appwrite-mcp/internal/toolsearch/words"
)

// stripValues replaces the values in a task with the kind of thing they
// are: a quoted value goes (a quoted message stays: words.DropQuoted); an
// email address becomes "user" (who has one), a file name "file", a
// domain name "domain" (a mail server's "smtp host", an app's reversed one
// "bundle id"), an IPv4 address "ipv4", a URL "url", an upper-case name
// such as STRIPE_SECRET or a setting such as DEBUG=true "variable", an API
// scope such as users.read "scope", a cron expression "schedule", a step
// such as +1 "increment"; a word
// joined by hyphens or underscores that is not vocabulary ("sign-up",
// "re-run", a tool or service name) is a name and goes.
func (ix *Index) stripValues(s string) string {
	s = words.MarkSchedules(words.DropQuoted(s))
	fields := strings.Fields(s)
	for i, f := range fields {
		core := strings.TrimRight(strings.Trim(f, ",;:!?()[]{}<>"), ".")
		if kind, ok := ix.valueKind(core); ok {
			// Keep what stood around the value: a comma after it
			// still ends a clause.
			fields[i] = strings.Replace(f, core, kind, 1)
		}
	}
	return strings.Join(strings.Fields(strings.Join(fields, " ")), " ")
}

// valueKind names the kind of value core is, or reports false for a word.
func (ix *Index) valueKind(core string) (string, bool) {
	if kind := words.ValueKind(core); kind != "" {
		return kind, true
	}
	if strings.ContainsAny(core, "-_") && !ix.vocabulary(core) {
		return "", true // a name ("send-email", "is_active"): it goes
	}
	return "", false
}

// vocabulary reports whether a word joined by hyphens or underscores is
// something the search knows: a tool or service name, a word of the index
// or the lexicon once joined ("e-mail"), or a lexicon phrase ("sign-up").
func (ix *Index) vocabulary(w string) bool {
	lower := strings.ToLower(w)
	if _, ok := ix.byName[lower]; ok {
		return true
	}
	if _, ok := slices.BinarySearch(ix.services, lower); ok {
		return true
	}
	parts := strings.FieldsFunc(lower, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) < 2 {
		return true // a dash or underscore at an edge: "-", "re-"
	}
	if lexicon.Affixed(parts[0], parts[len(parts)-1]) {
		return true // "re-run", "déconnecte-moi"
	}
	joined := text.Singular(strings.Join(parts, ""))
	if _, ok := ix.idf[joined]; ok {
		return true
	}
	if _, ok := ix.lex[joined]; ok {
		return true
	}
	for i := range parts {
		parts[i] = text.Singular(parts[i])
	}
	e, _, ok := ix.lex.Lookup(parts, 0)
	if !ok || len(e.Phrase) != len(parts) {
		return false
	}
	// A hyphenated verb and particle is a noun people write ("sign-up",
	// "roll-back"); a hyphenated verb and object is a name ("send-email");
	// three words or more the lexicon lists are its phrase, such as an
	// error type ("user_not_found").
	return e.Strong == lexicon.None || lexicon.Particle(parts[len(parts)-1]) || len(parts) > 2
}
