// Package spec is the intermediate description of an Appwrite API method
// that both SDK loaders of the catalog generator produce, and the text
// rules they share (snake_case names, readable words, doc cleaning).
package spec

import (
	"regexp"
	"strings"
	"unicode"
)

// Method is one Appwrite API method as a source SDK describes it. Both
// loaders (the Go SDK through go/packages, the console SDK through the
// TypeScript compiler API) produce Methods; merge applies the precedence
// rule and the renderer writes the catalog from the result.
type Method struct {
	Source      string        `json:"source"`      // SourceGo or SourceConsole
	Service     string        `json:"service"`     // snake_case Appwrite service, e.g. "tables_db"
	Name        string        `json:"name"`        // snake_case method, e.g. "list_rows"
	SDKMethod   string        `json:"sdkMethod"`   // the SDK's own name, e.g. "ListRows" or "listRows"
	Verb        string        `json:"verb"`        // GET, POST, PUT, PATCH or DELETE
	Path        string        `json:"path"`        // template, e.g. "/users/{userId}"
	Description string        `json:"description"` // doc comment, plain text
	Deprecated  bool          `json:"deprecated"`
	ReplacedBy  string        `json:"replacedBy,omitempty"` // tool name ("<service>_<method>") of the replacement
	Upload      bool          `json:"upload"`               // multipart upload of one file parameter
	Binary      bool          `json:"binary"`               // the answer is raw bytes (images, downloads)
	Params      []MethodParam `json:"params"`
}

// MethodParam is one parameter of a Method.
type MethodParam struct {
	Name        string   `json:"name"`            // snake_case tool argument name, e.g. "user_id"
	Wire        string   `json:"wire"`            // the API's name, e.g. "userId"
	In          string   `json:"in"`              // InPath, InQuery or InBody
	Type        string   `json:"type"`            // string, integer, number, boolean, array, object or file
	Items       string   `json:"items,omitempty"` // element type of an array
	Enum        []string `json:"enum,omitempty"`  // allowed values, when the SDK names an enum
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// Method sources.
const (
	SourceGo      = "sdk-for-go"
	SourceConsole = "console"
)

// Parameter locations. GET parameters travel in the query string and every
// other verb's in the body (JSON, or multipart for uploads), as both SDKs
// send them; path parameters are spliced into the template.
const (
	InPath  = "path"
	InQuery = "query"
	InBody  = "body"
)

// MinDescriptionWords is the fewest words a property description may have;
// the generator enforces it at generate time and a catalog test at run
// time, so a new SDK parameter cannot arrive with a one-word description.
const MinDescriptionWords = 4

// toolNameRE is the shape of a tool name.
var toolNameRE = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// ValidToolName reports whether name can be a tool name.
func ValidToolName(name string) bool { return toolNameRE.MatchString(name) }

// mdLinkRE matches a markdown link.
var mdLinkRE = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)

// Snake converts a Go or Appwrite identifier to snake_case, keeping
// acronyms together: CreateMFAAuthenticator → create_mfa_authenticator,
// TablesDB → tables_db, CreateOAuth2Token → create_oauth2_token.
func Snake(s string) string {
	s = strings.NewReplacer("OAuth2", "Oauth2", "PHPass", "Phpass").Replace(s)
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prev := r[i-1]
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// CleanText folds whitespace and keeps markdown links readable as
// "text (url)", making site-relative links absolute on appwrite.io.
func CleanText(s string) string {
	text := strings.Join(strings.Fields(s), " ")
	return mdLinkRE.ReplaceAllStringFunc(text, func(s string) string {
		sm := mdLinkRE.FindStringSubmatch(s)
		url := sm[2]
		if strings.HasPrefix(url, "/") {
			url = "https://appwrite.io" + url
		}
		return sm[1] + " (" + url + ")"
	})
}

// wordFixes spells words of identifiers as Appwrite's docs do.
func wordFixes() map[string]string {
	return map[string]string{
		"id": "ID", "ids": "IDs", "url": "URL", "json": "JSON", "ttl": "TTL", "tls": "TLS", "sms": "SMS",
		"smtp": "SMTP", "apns": "APNS", "fcm": "FCM", "mfa": "MFA", "jwt": "JWT", "vcs": "VCS", "api": "API",
		"qr": "QR code", "oauth2": "OAuth2", "html": "HTML", "ssl": "SSL", "cpu": "CPU", "otp": "OTP", "sid": "SID",
		"mailgun": "Mailgun", "sendgrid": "Sendgrid", "resend": "Resend", "telesign": "Telesign",
		"textmagic": "Textmagic", "twilio": "Twilio", "vonage": "Vonage", "msg91": "Msg91", "push": "push notification",
	}
}

// Words turns a wire name into readable words: bucketId → "bucket ID".
func Words(wire string) string {
	fixes := wordFixes()
	parts := strings.Split(Snake(wire), "_")
	for i, p := range parts {
		if f, ok := fixes[p]; ok && p != "push" && p != "qr" {
			parts[i] = f
		}
	}
	return strings.Join(parts, " ")
}

// Capitalize upper-cases the first letter of s.
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// QueriesDoc explains Appwrite's query syntax on every queries parameter.
const QueriesDoc = ` Each query is a JSON string, e.g. {"method":"equal","attribute":"status","values":["active"]}.` +
	` Filters equal, notEqual, lessThan, lessThanEqual, greaterThan, greaterThanEqual, between, startsWith, endsWith, contains, search take "attribute" and "values";` +
	` isNull, isNotNull, orderAsc, orderDesc take "attribute" only;` +
	` limit, offset, cursorAfter, cursorBefore take "values" only, e.g. {"method":"limit","values":[25]};` +
	` {"method":"select","values":["*","author.*"]} expands relationships.`

// FileDoc explains the two forms of a file argument.
const FileDoc = ` A file, given inline as {"content_base64": "<base64 of the bytes>", "filename": "report.pdf"}` +
	` or by reference as {"url": "https://example.com/report.pdf", "filename": "report.pdf"} (filename optional)` +
	` which the server downloads (public https addresses only). Size is limited by the server's upload limit. Local file paths are not accepted.`

// WordFix is how Appwrite's docs spell a word of an identifier ("id" →
// "ID", "sms" → "SMS"), if they spell it differently.
func WordFix(w string) (string, bool) {
	f, ok := wordFixes()[w]
	return f, ok
}
