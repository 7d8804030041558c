package gosdk

import (
	"errors"
	"fmt"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// paramDocs is the curated dictionary of parameter meanings, the one place
// where the generator states what a parameter means beyond its name. Every
// entry is backed by the SDK itself (a models field comment, a method doc
// comment, a docs/examples value) or, where marked, by Appwrite's own API
// documentation for the same parameter.
//
// Keys, most specific first: "<Service type>.<Method>.<wire>", then
// "<Service type>.*.<wire>" (every method of a service), then
// "<wire>:<Go type>", then "<wire>". In a value, {resource} is replaced by
// the resource the method acts on ("Mailgun provider", "file preview").
func paramDocs() map[string]string { // #nosec G101 -- parameter descriptions, not credentials
	return map[string]string{
		// Lists.
		"search":  "Search term to filter the results.",
		"total":   "Set false to skip counting the total number of results (faster on large collections).",
		"queries": "Queries that filter, sort, limit and paginate the results.",
		// TTL: Appwrite's docs (list response caching) describe ttl in seconds, 0 disables caching.
		"TablesDB.ListRows.ttl":       "Cache time-to-live in seconds: identical requests return the cached list until it expires; 0 (the default) disables caching.",
		"Databases.ListDocuments.ttl": "Cache time-to-live in seconds: identical requests return the cached list until it expires; 0 (the default) disables caching.",
		"ttl":                         "Lifetime of the transaction in seconds, after which it expires (see expiresAt of the returned transaction).",

		// Transactions (UpdateTransaction: "update a transaction, to either commit or roll back its operations").
		"transactionId": "ID of a transaction to stage this operation in (see tables_db_create_transaction); omit to apply immediately.",
		"commit":        "Set true to commit the operations staged in the transaction.",
		"rollback":      "Set true to roll back the operations staged in the transaction.",

		// Attributes, columns and indexes.
		"required": "Whether the attribute/column must have a value.",
		"default":  "Default value used when none is given; cannot be set when required is true.",
		"array":    "Whether the attribute/column holds an array of values.",
		"key":      "Key (name) of the attribute, column or index.",
		"newKey":   "New key (name) to rename the attribute/column to.",
		"encrypt":  "Whether to encrypt the value at rest.",
		"min":      "Minimum allowed value of the {resource}.",
		"max":      "Maximum allowed value of the {resource}.",
		"elements": "Allowed values of the enum.",
		// Appwrite's docs: string attribute/column size is a number of characters.
		"Databases.*.size": "Maximum length of the {resource} in characters.",
		"TablesDB.*.size":  "Maximum length of the {resource} in characters.",
		// CreateOperations: "Create multiple operations in a single transaction."
		"operations": "Operations to stage in the transaction.",
		// IncrementRowColumn etc.: "Increment a specific column of a row by a given value."
		"TablesDB.IncrementRowColumn.value":              "Amount to increase the column by.",
		"TablesDB.DecrementRowColumn.value":              "Amount to decrease the column by.",
		"Databases.IncrementDocumentAttribute.value":     "Amount to increase the attribute by.",
		"Databases.DecrementDocumentAttribute.value":     "Amount to decrease the attribute by.",
		"TablesDB.IncrementRowColumn.column":             "Key of the numeric column to increase.",
		"TablesDB.DecrementRowColumn.column":             "Key of the numeric column to decrease.",
		"Databases.IncrementDocumentAttribute.attribute": "Key of the numeric attribute to increase.",
		"Databases.DecrementDocumentAttribute.attribute": "Key of the numeric attribute to decrease.",
		"enabled":         "Whether the {resource} is enabled.",
		"threshold":       "Queue size above which the check reports failure.",
		"specification":   "Compute specification slug (see the list_specifications tool of the same service).",
		"prefs":           "Preferences as a key-value object.",
		"activate":        "Make this deployment active once built.",
		"html":            "Whether the content is HTML.",
		"draft":           "Save as draft instead of sending.",
		"scheduledAt":     "ISO 8601 date-time at which to send; omit to send now.",
		"users":           "List of user IDs.",
		"topics":          "List of topic IDs.",
		"targets":         "List of target IDs.",
		"width":           "Width of the resulting image in pixels.",
		"height":          "Height of the resulting image in pixels.",
		"quality":         "Quality of the resulting image (0-100).",
		"email":           "Email address of the user.",
		"phone":           "Phone number in E.164 format, e.g. +12065550100.",
		"expire":          "ISO 8601 expiry date-time; omit for no expiry.",
		"roles":           "List of role strings.",
		"labels":          "List of labels (alphanumeric, at most 36 characters each).",
		"identifier":      "Identifier the target receives messages at: an email address, phone number or push device token, depending on its provider type.",
		"from":            "Sender of the messages sent through the {resource}.",
		"fromName":        "Sender name of the messages sent through the {resource}.",
		"fromEmail":       "Sender email address of the messages sent through the {resource}.",
		"replyToName":     "Reply-to name of the messages sent through the {resource}.",
		"replyToEmail":    "Reply-to email address of the messages sent through the {resource}.",
		"commands":        "The build command used to build the deployment.",            // models.Function.Commands
		"entrypoint":      "The entrypoint file used to execute the deployment.",        // models.Function.Entrypoint
		"installCommand":  "The install command used to install the site dependencies.", // models.Site.InstallCommand
		"buildCommand":    "The build command used to build the site.",                  // models.Site.BuildCommand
		"outputDirectory": "The directory where the site build output is located.",      // models.Site.OutputDirectory

		// Passwords: the plain password, except for the hash-import methods of
		// users ("Password provided must be hashed with the … algorithm").
		"password":                                "Password (at least 8 characters).",
		"Users.CreateArgon2User.password":         "The user's password, already hashed with Argon2.",
		"Users.CreateBcryptUser.password":         "The user's password, already hashed with Bcrypt.",
		"Users.CreateMD5User.password":            "The user's password, already hashed with MD5.",
		"Users.CreatePHPassUser.password":         "The user's password, already hashed with PHPass.",
		"Users.CreateScryptUser.password":         "The user's password, already hashed with Scrypt.",
		"Users.CreateScryptModifiedUser.password": "The user's password, already hashed with Scrypt Modified.",
		"Users.CreateSHAUser.password":            "The user's password, already hashed with SHA.",
		"passwordSalt":                            "Salt that was used to hash the password.",
		"passwordCpu":                             "CPU cost that was used to hash the password.",
		"passwordMemory":                          "Memory cost that was used to hash the password.",
		"passwordParallel":                        "Parallelization cost that was used to hash the password.",
		"passwordLength":                          "Length of the hashed password.",
		"passwordSaltSeparator":                   "Salt separator that was used to hash the password.",
		"passwordSignerKey":                       "Signer key that was used to hash the password.",

		// Authentication flows.
		"secret:string": "Secret of the token Appwrite issued for this flow, e.g. the secret attached to the URL in the email or sent by SMS (see the method description).",
		// models.Token.Phrase: "Empty if security phrase was not requested … randomly generated phrase which is also sent in … email."
		"phrase": "Set true to request a security phrase: a randomly generated phrase returned with the token and also sent in the email.",
		// CreateJWT: "The JWT secret is valid for 15 minutes"; Appwrite's docs: duration in seconds, default 900.
		"duration":    "Lifetime of the JWT in seconds.",
		"mfa":         "Set true to enable multi-factor authentication (MFA) for the account, false to disable it.",
		"otp":         "One-time password (OTP) from the authenticator app or the MFA challenge.",
		"challengeId": "ID of the MFA challenge (as returned by account_create_mfa_challenge).",

		// Avatars (method doc comments).
		"Avatars.GetInitials.name":       "Name whose initials are drawn; by default the logged-in user's name or email is used.",
		"Avatars.GetInitials.background": "Background color of the initials avatar.",
		"Avatars.GetQR.text":             "Plain text to convert to a QR code image.",
		// Appwrite's docs: the image is returned with a Content-Disposition: attachment header.
		"Avatars.GetQR.download":         "Set true to return the image as a download (Content-Disposition: attachment).",
		"Avatars.GetScreenshot.fullpage": "Set true to capture the full page scroll instead of just the viewport.",
		"Avatars.GetScreenshot.touch":    "Whether the browser that renders the page emulates touch support.",
		// models.User: "Email verification status.", "Phone verification status."
		"emailVerification": "Email verification status to set for the user.",
		"phoneVerification": "Phone verification status to set for the user.",
		// models.Bucket: "Bucket is encrypted.", "Virus scanning is enabled.", "Image transformations are enabled."
		"Storage.*.encryption":              "Whether encryption is enabled for the bucket.",
		"Storage.*.antivirus":               "Whether virus scanning is enabled for the bucket.",
		"Storage.*.transformations":         "Whether image transformations are enabled for the bucket.",
		"Storage.GetFilePreview.background": "Background color of the preview image.",
		// Tokens.CreateFileToken: "A token is linked to a file. Token can be passed as a request URL search parameter."
		"token": "File token (see tokens_create_file_token) that grants access to this file.",

		// Functions and sites.
		"Functions.CreateExecution.body":    "Body of the HTTP request sent to the function.",
		"Functions.CreateExecution.path":    "HTTP request path and query sent to the function.", // models.Execution.RequestPath
		"Functions.CreateExecution.async":   "Whether to run the execution asynchronously (in the background).",
		"Functions.CreateExecution.method":  "HTTP method of the request sent to the function.",
		"Functions.CreateExecution.headers": "HTTP headers of the request sent to the function.",
		// CreateDeployment: "This endpoint accepts a tar.gz file compressed with your code."
		"Functions.CreateDeployment.code": "The function code to deploy, as a tar.gz archive that includes its dependencies.",
		"Sites.CreateDeployment.code":     "The site code to deploy, as an archive file.",
		"Storage.CreateFile.file":         "The file to upload to the bucket.",
		"Functions.*.key":                 "Key (name) of the variable.",
		"Sites.*.key":                     "Key (name) of the variable.",
		// models.Variable.Secret.
		"secret:bool": "Whether the variable is secret: secret variables can only be updated or deleted, but never read.",
		// models.Function / models.Site / models.Topic field comments, which are too short alone.
		"execute":            "Execution permissions of the function: role strings such as any, users or user:<id>.",
		"events":             "Events that trigger the function.",
		"Functions.*.scopes": "Allowed permission scopes of the function.",
		"subscribe":          "Subscribe permissions of the topic: role strings allowed to subscribe to it.",
		"adapter":            "Framework adapter of the site.",
		// CreateVcsDeployment: "create deployment from a branch, commit, or a tag".
		"Functions.CreateVcsDeployment.type":      "Kind of reference to deploy from: branch, commit or tag.",
		"Functions.CreateVcsDeployment.reference": "Branch name, commit hash or tag to deploy, as chosen by type.",
		"Sites.CreateVcsDeployment.type":          "Kind of reference to deploy from: branch, commit or tag.",
		"Sites.CreateVcsDeployment.reference":     "Branch name, commit hash or tag to deploy, as chosen by type.",
		// CreateTemplateDeployment: template details from the templates listing.
		"Functions.CreateTemplateDeployment.type":          "Kind of reference of the template version: branch, commit or tag.",
		"Functions.CreateTemplateDeployment.reference":     "Branch name, commit hash or tag of the template version, as chosen by type.",
		"Functions.CreateTemplateDeployment.repository":    "Name of the repository that holds the template.",
		"Functions.CreateTemplateDeployment.owner":         "Owner of the repository that holds the template.",
		"Functions.CreateTemplateDeployment.rootDirectory": "Directory of the template code inside the repository.",
		"Sites.CreateTemplateDeployment.type":              "Kind of reference of the template version: branch, commit or tag.",
		"Sites.CreateTemplateDeployment.reference":         "Branch name, commit hash or tag of the template version, as chosen by type.",
		"Sites.CreateTemplateDeployment.repository":        "Name of the repository that holds the template.",
		"Sites.CreateTemplateDeployment.owner":             "Owner of the repository that holds the template.",
		"Sites.CreateTemplateDeployment.rootDirectory":     "Directory of the template code inside the repository.",

		// Redirect URLs (method doc comments: only domains added as platforms in the console are accepted).
		"Account.*.url":                      "URL of your app that the link in the email redirects the user to; its domain must be a platform added in the console.",
		"Teams.CreateMembership.url":         "URL of your app that the invitation email redirects the user to; its domain must be a platform added in the console.",
		"Account.CreateOAuth2Token.success":  "URL to redirect to when the login succeeds; the token's userId and secret are appended as query parameters.",
		"Account.CreateOAuth2Token.failure":  "URL to redirect to when the login fails.",
		"Account.CreateOAuth2Token.provider": "OAuth2 provider to log in with.",
		// Appwrite's docs: a list of OAuth2 scopes; check with the provider for available scopes.
		"Account.CreateOAuth2Token.scopes": "OAuth2 scopes to request from the provider.",
		"oldPassword":                      "Current password of the account.",
		"Users.*.name":                     "Name of the user.",
		"Account.*.name":                   "Name of the user.", // models.User.Name (account methods return the user)
		"Users.CreateTarget.name":          "Name of the target.",
		"Users.UpdateTarget.name":          "Name of the target.",
		"Users.UpdatePhone.number":         "New phone number of the user, in E.164 format.",
		"Avatars.GetFavicon.url":           "URL of the website whose favicon to get.",
		"Avatars.GetImage.url":             "URL of the remote image to fetch.",
		// GetScreenshot: "You can configure the browser viewport size, theme, user
		// agent, geolocation, permissions, and more."
		"Avatars.GetScreenshot.url":            "URL of the web page to capture.",
		"Avatars.GetScreenshot.headers":        "HTTP headers to send when loading the page.",
		"Avatars.GetScreenshot.permissions":    "Browser permissions to grant the page, e.g. geolocation or notifications.",
		"Avatars.GetScreenshot.viewportWidth":  "Browser viewport width in pixels (default viewport 1280x720).",
		"Avatars.GetScreenshot.viewportHeight": "Browser viewport height in pixels (default viewport 1280x720).",
		"Avatars.GetScreenshot.theme":          "Color theme of the browser that renders the page.",
		"Avatars.GetScreenshot.userAgent":      "User agent string of the browser that renders the page.",
		"Avatars.GetScreenshot.locale":         "Locale of the browser that renders the page.",
		"Avatars.GetScreenshot.timezone":       "Timezone of the browser that renders the page.",
		"Avatars.GetScreenshot.latitude":       "Geolocation latitude reported to the page.",
		"Avatars.GetScreenshot.longitude":      "Geolocation longitude reported to the page.",
		"Avatars.GetScreenshot.accuracy":       "Geolocation accuracy reported to the page.",
		// Appwrite's docs: time to wait before taking the screenshot, in seconds.
		"Avatars.GetScreenshot.sleep":     "Seconds to wait after loading before capturing.",
		"Avatars.GetScreenshot.scale":     "Scale factor of the captured image.",
		"Avatars.GetScreenshot.output":    "Image format of the screenshot.",
		"Storage.GetFilePreview.output":   "Image format of the preview.",
		"Storage.GetFilePreview.rotation": "Rotation of the preview image in degrees.",
		// APNS credentials are Apple's, not Appwrite resources.
		"Messaging.*.teamId":     "Apple team ID of the APNS provider (not an Appwrite team).",
		"Messaging.*.isEuRegion": "Whether the Mailgun account is in the EU region.",

		// Health (method doc comments).
		"Health.GetFailedJobs.name":               "Name of the queue whose failed jobs to count.",
		"Health.GetConsolePausing.threshold":      "Threshold of the console pausing check.",
		"Health.GetConsolePausing.inactivityDays": "Inactivity period in days used by the console pausing check.",
		"Health.GetCertificate.domain":            "Domain name whose SSL certificate to get.",
		"Health.GetQueueDatabases.name":           "Name of the database queue to check.",

		// Teams.CreateMembership: invite by user ID, email or phone.
		"Teams.CreateMembership.name": "Name of the invited member.",
	}
}

// modelDocSkip lists wire names whose field comment in the returned model
// describes stored or server-generated data rather than the input: a
// User's "Hashed user password" is not what users_create takes.
func modelDocSkip() map[string]bool {
	return map[string]bool{
		"password": true, "hash": true, "secret": true, "phrase": true,
		"operations": true, // models.Transaction: "Number of operations in the transaction."
		"buildId":    true, // models.Deployment: "The current build ID."
	}
}

// appwriteResources are the Appwrite resources an <x>Id parameter can
// name; other ...Id parameters (an APNS team ID, an Msg91 sender ID) are
// described from their words instead.
func appwriteResources() map[string]bool {
	return map[string]bool{
		"archive": true, "event": true, "log": true, "restoration": true, "attribute": true, "bucket": true, "build": true, "challenge": true, "collection": true,
		"column": true, "database": true, "deployment": true, "document": true, "execution": true, "factor": true,
		"file": true, "function": true, "identity": true, "index": true, "installation": true, "membership": true,
		"message": true, "policy": true, "provider": true, "resource": true, "row": true, "rule": true,
		"session": true, "site": true, "subscriber": true, "table": true, "target": true, "team": true,
		"token": true, "topic": true, "transaction": true, "user": true, "variable": true,
	}
}

// serviceNouns names what a service's methods act on, for methods whose
// name names nothing else (account UpdateName).
func serviceNouns() map[string]string {
	return map[string]string{
		"account": "account", "activities": "activity", "avatars": "avatar", "backups": "backup",
		"databases": "database", "functions": "function", "graphql": "GraphQL request", "health": "health check",
		"locale": "locale", "messaging": "message", "sites": "site", "storage": "bucket", "tablesdb": "database",
		"teams": "team", "tokens": "token", "users": "user",
	}
}

// verbs are the leading words of a method name that say what it does, not
// what it acts on.
func verbs() []string {
	return []string{"Create", "Update", "Upsert", "Get", "List", "Delete", "Increment", "Decrement"}
}

// resourceOf names what a method acts on, from its name: CreateMailgunProvider
// → "Mailgun provider", GetFilePreview → "file preview"; the service noun when
// the name names nothing but the parameter itself.
func resourceOf(svcPkg, methodName, wire string) string {
	rest := methodName
	for _, v := range verbs() {
		if r, ok := strings.CutPrefix(methodName, v); ok {
			rest = r
			break
		}
	}
	parts := strings.Split(spec.Snake(rest), "_")
	var out []string
	for _, p := range parts {
		if p == "" {
			continue
		}
		if f, ok := spec.WordFix(p); ok {
			p = f
		}
		out = append(out, p)
	}
	res := strings.Join(out, " ")
	if res == "" || strings.EqualFold(res, spec.Words(wire)) {
		if n, ok := serviceNouns()[svcPkg]; ok {
			return n
		}
		return svcPkg
	}
	return res
}

// createdBy names what a Create method makes where its name does not say
// it; "" marks methods whose ...Id parameters all name existing resources.
func createdBy() map[string]string {
	return map[string]string{
		"Account.Create": "user", "Account.CreateEmailToken": "user", "Account.CreateMagicURLToken": "user",
		"Account.CreatePhoneToken": "user", "Messaging.CreateEmail": "message", "Messaging.CreatePush": "message",
		"Messaging.CreateSMS": "message", "Messaging.CreateSms": "message",
		"Functions.CreateDuplicateDeployment": "", "Sites.CreateDuplicateDeployment": "",
	}
}

// createdThing names the resource a Create method makes (its ID parameter
// accepts "unique()"): the last word of the method's resource, e.g. bucket
// for CreateBucket, user for CreateArgon2User; "" for other methods.
func createdThing(t *tool) string {
	if thing, ok := createdBy()[t.sv.typeName+"."+t.m.name]; ok {
		return thing
	}
	if !strings.HasPrefix(t.m.name, "Create") {
		return ""
	}
	res := strings.Fields(resourceOf(t.sv.pkgName, t.m.name, ""))
	if len(res) == 0 {
		return ""
	}
	return res[len(res)-1]
}

// lookupDoc finds the curated meaning of a parameter, most specific key first.
func lookupDoc(svcType, methodName, wire, goType string) (string, bool) {
	for _, k := range []string{svcType + "." + methodName + "." + wire, svcType + ".*." + wire, wire + ":" + goType, wire} {
		if d, ok := paramDocs()[k]; ok {
			return d, true
		}
	}
	return "", false
}

// leadSentence says what a parameter is: from the curated dictionary, else
// the field comment of the model the method returns (Bucket.name "Bucket
// name."), else words derived from the name, the method's resource and the
// Go type.
func leadSentence(t *tool, models map[string]map[string]string, tp *toolParam) string {
	res := resourceOf(t.sv.pkgName, t.m.name, tp.wire)
	if d, ok := lookupDoc(t.sv.typeName, t.m.name, tp.wire, tp.goType); ok {
		return strings.ReplaceAll(d, "{resource}", res)
	}
	if !modelDocSkip()[tp.wire] {
		if d := models[t.m.model][tp.wire]; len(strings.Fields(d)) >= spec.MinDescriptionWords {
			if !strings.HasSuffix(d, ".") && !strings.HasSuffix(d, "?") {
				d += "."
			}
			return spec.Capitalize(d)
		}
	}
	w := spec.Words(tp.wire)
	if thing, ok := strings.CutSuffix(w, " ID"); ok && tp.goType == "string" && appwriteResources()[thing] {
		return "ID of the " + thing + "."
	}
	if tp.goType == "bool" {
		return spec.Capitalize(w) + " flag of the " + res + "."
	}
	return spec.Capitalize(w) + " of the " + res + "."
}

// exampleValue returns an SDK docs example literal worth showing, or "".
// Placeholders ("<BUCKET_ID>") and zero values teach nothing.
func exampleValue(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "", v == `""`, v == "0", v == "false", v == "true", v == "-1",
		strings.HasPrefix(v, `"<`), strings.HasPrefix(v, "file."),
		strings.HasSuffix(v, "{}"), strings.Contains(v, "{}}"):
		return ""
	}
	if strings.HasPrefix(v, "[]interface{}{") || strings.HasPrefix(v, "interface{}{") || strings.HasPrefix(v, "map[") {
		return ""
	}
	return v
}

// paramDescription writes a description for every property: what it is
// (leadSentence), its role (path parameter, new ID), its wire format for
// structured types and an SDK docs example value when a real one exists.
func paramDescription(t *tool, models map[string]map[string]string, tp *toolParam, exampleLit string) string {
	var b strings.Builder
	b.WriteString(leadSentence(t, models, tp))
	isNewID := tp.goType == "string" && tp.required && t.m.verb == "POST" && createdThing(t) != "" &&
		spec.Words(tp.wire) == createdThing(t)+" ID"
	switch {
	case tp.inPath:
		b.WriteString(" " + appwrite.DescribePathParam(tp.wire) + ".")
	case tp.uploadID:
		b.WriteString(` Appwrite ID for the new file: up to 36 characters from a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a special character; or "unique()" to let Appwrite generate one.`)
	case isNewID:
		b.WriteString(` Appwrite ID: up to 36 characters from a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a special character; or "unique()" to let Appwrite generate one.`)
	}
	switch {
	case tp.wire == "queries":
		b.WriteString(spec.QueriesDoc)
		if tp.goType == "string" {
			b.WriteString(" This parameter takes the queries as one string.")
		}
	case tp.wire == "permissions" && tp.goType == "[]string" && t.sv.pkgName != "avatars":
		b.WriteString(` Permission strings such as read("any"), update("user:<USER_ID>"), delete("team:<TEAM_ID>/owner"); roles: any, users, guests, user:<id>, team:<id>, team:<id>/<role>, member:<id>, label:<name>.`)
	case tp.goType == "interface{}", tp.goType == "map[string]interface{}":
		b.WriteString(" A JSON object.")
	case tp.goType == "[]interface{}":
		b.WriteString(" A JSON array.")
	case tp.goType == "[]string" && !strings.Contains(b.String(), "List of"):
		b.WriteString(" List of strings.")
	case tp.goType == "[]int":
		b.WriteString(" List of integers.")
	case tp.goType == "file.InputFile":
		b.WriteString(spec.FileDoc)
	}
	if ex := exampleValue(exampleLit); ex != "" {
		b.WriteString(" Example: ")
		b.WriteString(ex)
		b.WriteString(".")
	}
	return b.String()
}

// checkDescriptions refuses a property description shorter than
// spec.MinDescriptionWords words: add a paramDocs entry for the parameter.
func checkDescriptions(tools []*tool) error {
	var errs []error
	for _, t := range tools {
		for _, tp := range t.params {
			if n := len(strings.Fields(tp.description)); n < spec.MinDescriptionWords {
				errs = append(errs, fmt.Errorf("%s.%s: description %q has %d words, want at least %d (add a paramDocs entry)", t.name, tp.name, tp.description, n, spec.MinDescriptionWords))
			}
		}
	}
	return errors.Join(errs...)
}
