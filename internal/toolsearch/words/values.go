package words

import (
	"regexp"
	"strings"
)

// messageWords is the least number of words of a quoted message.
const messageWords = 4

// quotedValue is quoted text in a task: data ("title 'buy milk'"), whose
// words say nothing about which tool fits.
var quotedValue = regexp.MustCompile("\"[^\"]*\"|`[^`]*`|“[^”]*”|(?:^|\\s)'[^']*'(?:[\\s,.;:!?)]|$)")

// valueKinds are the values a task carries, tried in order, and the word
// each stands for: they name an item or give data ("download
// backup.zip", "invite bob@acme.io"), and only their kind helps a search.
var valueKinds = []struct {
	pattern *regexp.Regexp
	kind    string
}{
	{regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-zA-Z]+$`), "user"}, // an email address: who has one
	{regexp.MustCompile(`(?i)^[\w.-]+\.(png|jpe?g|gif|webp|svg|avif|heic|ico|pdf|zip|csv|json|txt|md|mp4|mov|mp3|wav|docx?|xlsx?|pptx?|tar|gz|tgz)$`), "file"},
	{regexp.MustCompile(`^\d{1,3}(\.\d{1,3}){3}$`), "ipv4"},
	{regexp.MustCompile(`(?i)^[a-z]+\.(read|write)$`), "scope"},
	{regexp.MustCompile(`(?i)^(com|org|net|io|dev|app|co)\.[a-z0-9-]+\.[a-z0-9.-]+$`), "bundle id"},
	{regexp.MustCompile(`(?i)^(smtp|mail|mx)\.([a-z0-9-]+\.)+[a-z]+$`), "smtp host"},
	{regexp.MustCompile(`(?i)^([a-z0-9-]+\.)+(com|net|org|io|dev|app|co|ai|xyz|me|us|uk|de|fr|in|br|es|mx|ar|it|nl|be|ch|se|dk|fi|pl|au|nz|ca|jp|kr|cn|za|ng|ie|site|shop|store|cloud|tech)$`), "domain"},
	{regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`), "variable"},                        // STRIPE_SECRET
	{regexp.MustCompile(`^[A-Z][A-Z0-9_]*=\S*$`), "variable"},                                // a setting: NODE_ENV=production, LOOTBOOST=2
	{regexp.MustCompile(`(?i)^@(yearly|annually|monthly|weekly|daily|hourly)$`), "schedule"}, // a cron macro
	{regexp.MustCompile(`^\+\d{1,4}$`), "increment"},                                         // "+1 play count": a phone number is longer
}

// cronExpression is a cron schedule's five fields ("0 2 * * *",
// "*/15 * * * *"): numbers alone ("1 2 3 4 5") are none.
var cronExpression = regexp.MustCompile(`(^|\s)([0-9*/,-]+\s+){4}[0-9*/,-]+(\s|$)`)

// MarkSchedules replaces each cron expression of a task with "schedule":
// its numbers say nothing about the tool, that it is a schedule does.
func MarkSchedules(s string) string {
	return cronExpression.ReplaceAllStringFunc(s, func(m string) string {
		if !strings.Contains(m, "*") {
			return m
		}
		return " schedule "
	})
}

// DropQuoted removes the quoted values of a task. Quoted text of
// messageWords words or more is kept, without its quotes: a pasted error
// ("Invalid Origin. Register your new client ...") or an instruction
// ("the tutorial says \"create a new database\""), not data.
func DropQuoted(s string) string {
	return quotedValue.ReplaceAllStringFunc(s, func(q string) string {
		inner := strings.Trim(strings.TrimSpace(q), "\"`“”'.,;:!?)")
		if len(strings.Fields(inner)) >= messageWords {
			return " " + inner + " "
		}
		return " "
	})
}

// valueMarks are the characters every value kind has one of: a word
// without any is no value, and no pattern need be tried.
const valueMarks = ".@:_=+"

// ValueKind names the kind of value core is ("url", "user" for an email
// address, "file", "domain", ...), "" for anything else.
func ValueKind(core string) string {
	if !strings.ContainsAny(core, valueMarks) {
		return ""
	}
	if strings.Contains(core, "://") {
		return "url"
	}
	for _, v := range valueKinds {
		if v.pattern.MatchString(core) {
			return v.kind
		}
	}
	return ""
}

// StripValues replaces the values in a task with the kind of thing they
// are (ValueKind): a quoted value goes (a quoted message stays:
// DropQuoted), an email address becomes "user", a file name "file", a
// domain name "domain", and so on; a cron expression becomes "schedule"
// (MarkSchedules). A word joined by hyphens or underscores is a name and
// goes ("send-email", "is_active"), unless known reports it as something
// search knows ("sign-up", "re-run", a tool or service name).
func StripValues(s string, known func(string) bool) string {
	s = MarkSchedules(DropQuoted(s))
	fields := strings.Fields(s)
	for i, f := range fields {
		core := strings.TrimRight(strings.Trim(f, ",;:!?()[]{}<>"), ".")
		kind := ValueKind(core)
		if kind != "" || (strings.ContainsAny(core, "-_") && !known(core)) {
			// Keep what stood around the value: a comma after it
			// still ends a clause.
			fields[i] = strings.Replace(f, core, kind, 1)
		}
	}
	return strings.Join(strings.Fields(strings.Join(fields, " ")), " ")
}
