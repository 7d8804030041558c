package gosdk

import (
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

func TestSnake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"TablesDB", "tables_db"},
		{"tablesdb", "tablesdb"}, // package names are not split: the service name comes from the type
		{"Storage", "storage"},
		{"CreateMFAAuthenticator", "create_mfa_authenticator"},
		{"CreateMfaAuthenticator", "create_mfa_authenticator"},
		{"CreateAPNSProvider", "create_apns_provider"},
		{"CreateApnsProvider", "create_apns_provider"},
		{"CreateSMS", "create_sms"},
		{"CreateSms", "create_sms"},
		{"ListSMS", "list_sms"},
		{"GetQR", "get_qr"},
		{"CreateJWT", "create_jwt"},
		{"CreateMD5User", "create_md5_user"},
		{"CreatePHPassUser", "create_phpass_user"},
		{"CreateOAuth2Token", "create_oauth2_token"},
		{"CreateOAuth2Session", "create_oauth2_session"},
		{"UpdateMFARecoveryCodes", "update_mfa_recovery_codes"},
		{"GetQueueBillingProjectAggregation", "get_queue_billing_project_aggregation"},
		{"bucketId", "bucket_id"},
		{"userId", "user_id"},
		{"providerRepositoryId", "provider_repository_id"},
		{"passwordCpu", "password_cpu"},
		{"autoTLS", "auto_tls"},
		{"msg91", "msg91"},
		{"x", "x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := spec.Snake(tt.in); got != tt.want {
			t.Errorf("spec.Snake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"folds whitespace", "Get a\n  list of\tall  buckets.\n", "Get a list of all buckets."},
		{"link across lines", "[Learn more about\npermissions](https://appwrite.io/docs/permissions).", "Learn more about permissions (https://appwrite.io/docs/permissions)."},
		{"absolute link", "see [docs](https://appwrite.io/docs/x) now", "see docs (https://appwrite.io/docs/x) now"},
		{"relative link made absolute", "see [the guide](/docs/products/auth) now", "see the guide (https://appwrite.io/docs/products/auth) now"},
		{"two links", "[a](https://x.test/a) and [b](/b)", "a (https://x.test/a) and b (https://appwrite.io/b)"},
		{"brackets without link stay", "pass [1, 2] here", "pass [1, 2] here"},
		{"empty", "  \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spec.CleanText(tt.in); got != tt.want {
				t.Errorf("spec.CleanText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name           string
		m              method
		want           string
		wantDeprecated bool
		wantReplacedBy string
	}{
		{
			name: "method name dropped, whitespace folded",
			m:    method{name: "CreateBucket", doc: "CreateBucket create a new storage\nbucket.\n", verb: "POST", path: "/storage/buckets"},
			want: "create a new storage bucket.",
		},
		{
			name: "link kept readable and made absolute",
			m:    method{name: "Get", doc: "Get get the currently logged in user. See\n[sessions](/docs/sessions)", verb: "GET", path: "/account"},
			want: "get the currently logged in user. See sessions (https://appwrite.io/docs/sessions)",
		},
		{
			name: "deprecation paragraph extracted with replacement",
			m: method{
				name: "CreateCollection", verb: "POST", path: "/databases/{databaseId}/collections",
				doc: "CreateCollection create a new Collection.\n\nDeprecated: This API has been deprecated since 1.8.0. Please use `TablesDB.createTable` instead.\n",
			},
			want:           "create a new Collection.",
			wantDeprecated: true, wantReplacedBy: "tables_db_create_table",
		},
		{
			name: "deprecated without replacement",
			m:    method{name: "Old", doc: "Old does a thing.\n\nDeprecated: gone.\n", verb: "GET", path: "/old"},
			want: "does a thing.", wantDeprecated: true,
		},
		{
			name: "no doc comment",
			m:    method{name: "Ping", verb: "GET", path: "/ping"},
			want: "Calls Ping.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The generator's finalize step adds the capital, the final
			// period, the deprecation note and "[VERB path]" (tested there).
			got, dep, repl := describe(&tt.m)
			if got != tt.want || dep != tt.wantDeprecated || repl != tt.wantReplacedBy {
				t.Errorf("describe = (%q, %v, %q), want (%q, %v, %q)", got, dep, repl, tt.want, tt.wantDeprecated, tt.wantReplacedBy)
			}
		})
	}
}

func twinTool(methodName string, deprecated bool) *tool {
	return &tool{name: "account_create_mfa_authenticator", m: &method{name: methodName, verb: "POST", path: "/x"}, deprecated: deprecated}
}

func TestFoldTwins(t *testing.T) {
	fresh := func() (*tool, *tool) {
		return twinTool("CreateMFAAuthenticator", false), twinTool("CreateMfaAuthenticator", true)
	}
	t.Run("keeps the non-deprecated method in either order", func(t *testing.T) {
		keep, old := fresh()
		for _, ts := range [][]*tool{{keep, old}, {old, keep}} {
			got, err := foldTwins(keep.name, ts)
			if err != nil {
				t.Fatal(err)
			}
			if got.m.name != "CreateMFAAuthenticator" {
				t.Errorf("kept %s, want CreateMFAAuthenticator", got.m.name)
			}
		}
	})
	t.Run("single method passes through, even deprecated", func(t *testing.T) {
		_, old := fresh()
		got, err := foldTwins(old.name, []*tool{old})
		if err != nil || got != old {
			t.Fatalf("foldTwins(single) = %v, %v", got, err)
		}
	})
	t.Run("two live methods under one name is an error", func(t *testing.T) {
		a, _ := fresh()
		b, _ := fresh()
		if _, err := foldTwins(a.name, []*tool{a, b}); err == nil {
			t.Fatal("no error for two non-deprecated methods")
		}
	})
	t.Run("two deprecated methods under one name is an error", func(t *testing.T) {
		_, a := fresh()
		_, b := fresh()
		if _, err := foldTwins(a.name, []*tool{a, b}); err == nil {
			t.Fatal("no error for two deprecated methods")
		}
	})
	t.Run("three methods under one name is an error", func(t *testing.T) {
		a, b := fresh()
		_, c := fresh()
		if _, err := foldTwins(a.name, []*tool{a, b, c}); err == nil {
			t.Fatal("no error for three methods")
		}
	})
}

// TestBuildToolsFoldsTwins runs the whole build over a small synthetic SDK:
// the two spellings become one tool backed by the non-deprecated method.
func TestBuildToolsFoldsTwins(t *testing.T) {
	sv := &service{pkgName: "account", typeName: "Account"}
	sv.methods = []*method{
		{
			name: "CreateMFAAuthenticator", doc: "CreateMFAAuthenticator add an authenticator app.\n", verb: "POST", path: "/account/mfa/authenticators/{type}",
			params: []*param{{goName: "Type", goType: "string", wire: "type", inPath: true}},
		},
		{
			name: "CreateMfaAuthenticator", doc: "CreateMfaAuthenticator add an authenticator app.\n\nDeprecated: This API has been deprecated since 1.8.0. Please use `Account.createMFAAuthenticator` instead.\n", verb: "POST", path: "/account/mfa/authenticators/{type}",
			params: []*param{{goName: "Type", goType: "string", wire: "type", inPath: true}},
		},
		{name: "Get", doc: "Get the currently logged in user.\n", verb: "GET", path: "/account"},
	}
	tools, err := buildTools(&sdk{services: []*service{sv}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools {
		names = append(names, tl.name+"="+tl.m.name)
	}
	want := "account_create_mfa_authenticator=CreateMFAAuthenticator account_get=Get"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("tools = %s, want %s", got, want)
	}
	if tools[0].deprecated {
		t.Fatal("folded tool is marked deprecated")
	}
}

func TestNewToolParamTypes(t *testing.T) {
	tests := []struct {
		goType, typ, items string
	}{
		{"string", "string", ""},
		{"int", "integer", ""},
		{"float64", "number", ""},
		{"bool", "boolean", ""},
		{"[]string", "array", "string"},
		{"[]int", "array", "integer"},
		{"[]interface{}", "array", ""},
		{"interface{}", "object", ""},
		{"map[string]interface{}", "object", ""},
		{"file.InputFile", "file", ""},
	}
	for _, tt := range tests {
		tp, err := newToolParam(&param{goName: "X", goType: tt.goType, wire: "someValue"}, true)
		if err != nil {
			t.Errorf("%s: %v", tt.goType, err)
			continue
		}
		if tp.typ != tt.typ || tp.items != tt.items || tp.name != "some_value" || !tp.required {
			t.Errorf("%s → typ %s items %q name %s required %v, want %s %q some_value true", tt.goType, tp.typ, tp.items, tp.name, tp.required, tt.typ, tt.items)
		}
	}
	for _, bad := range []string{"chan int", "[]float64", "*string", "map[string]string"} {
		if _, err := newToolParam(&param{goName: "X", goType: bad, wire: "x"}, false); err == nil {
			t.Errorf("%s: no error for an unsupported type", bad)
		}
	}
}

func TestResourceOf(t *testing.T) {
	tests := []struct{ pkg, method, wire, want string }{
		{"messaging", "CreateMailgunProvider", "apiKey", "Mailgun provider"},
		{"messaging", "UpdateSMTPProvider", "host", "SMTP provider"},
		{"messaging", "CreatePush", "title", "push notification"},
		{"storage", "GetFilePreview", "width", "file preview"},
		{"avatars", "GetQR", "margin", "QR code"},
		{"account", "UpdateName", "name", "account"}, // the name names only the parameter
		{"users", "Create", "name", "user"},
		{"tablesdb", "CreateStringColumn", "size", "string column"},
	}
	for _, tt := range tests {
		if got := resourceOf(tt.pkg, tt.method, tt.wire); got != tt.want {
			t.Errorf("resourceOf(%s, %s, %s) = %q, want %q", tt.pkg, tt.method, tt.wire, got, tt.want)
		}
	}
}

func TestExampleValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"<NAME>"`, ""},
		{`""`, ""},
		{"0", ""},
		{"false", ""},
		{"true", ""},
		{"-1", ""},
		{"[]interface{}{}", ""},
		{`interface{}{"read("any")"}`, ""},
		{"map[string]interface{}{}", ""},
		{`file.NewInputFile("/path/to/file.png", "file.png")`, ""},
		{`"email@example.com"`, `"email@example.com"`},
		{"25", "25"},
		{` "en-US" `, `"en-US"`},
	}
	for _, tt := range tests {
		if got := exampleValue(tt.in); got != tt.want {
			t.Errorf("exampleValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func descTool(svcPkg, svcType, methodName, model string) *tool {
	return &tool{
		name: spec.Snake(svcType) + "_" + spec.Snake(methodName),
		sv:   &service{pkgName: svcPkg, typeName: svcType},
		m:    &method{name: methodName, verb: "POST", path: "/x", model: model},
	}
}

func TestParamDescription(t *testing.T) {
	models := map[string]map[string]string{
		"Bucket":   {"name": "Bucket name.", "fileSecurity": "Whether file-level security is enabled."},
		"User":     {"password": "Hashed user password used for logins.", "name": "User name."},
		"Function": {"schedule": "Function execution schedule in CRON format."},
	}
	tests := []struct {
		name              string
		tl                *tool
		p                 param
		example           string
		wantPrefix        string
		wantIn, wantNotIn []string
	}{
		{
			"model comment of the returned model", descTool("functions", "Functions", "Create", "Function"),
			param{wire: "schedule", goType: "string"},
			"", "Function execution schedule in CRON format.", nil, nil,
		},
		{
			"short model comment falls back to the resource", descTool("storage", "Storage", "CreateBucket", "Bucket"),
			param{wire: "name", goType: "string"},
			`"<NAME>"`, "Name of the bucket.", nil,
			[]string{"Example"},
		},
		{
			"model comment skipped where it describes stored data", descTool("users", "Users", "Create", "User"),
			param{wire: "password", goType: "string"},
			"", "Password (at least 8 characters).", nil,
			[]string{"Hashed"},
		},
		{
			"method key beats wire key", descTool("users", "Users", "CreateArgon2User", "User"),
			param{wire: "password", goType: "string"},
			"", "The user's password, already hashed with Argon2.", nil, nil,
		},
		{
			"service key applies to every method of the service", descTool("storage", "Storage", "UpdateBucket", "Bucket"),
			param{wire: "encryption", goType: "bool"},
			"", "Whether encryption is enabled for the bucket.", nil, nil,
		},
		{
			"typed key: bool secret is a variable flag", descTool("functions", "Functions", "CreateVariable", "Variable"),
			param{wire: "secret", goType: "bool"},
			"", "Whether the variable is secret", nil, nil,
		},
		{
			"typed key: string secret is a token secret", descTool("account", "Account", "UpdateRecovery", "Token"),
			param{wire: "secret", goType: "string"},
			"", "Secret of the token", nil, nil,
		},
		{
			"resource placeholder filled", descTool("messaging", "Messaging", "CreateSendgridProvider", "Provider"),
			param{wire: "fromName", goType: "string"},
			"", "Sender name of the messages sent through the Sendgrid provider.", nil, nil,
		},
		{
			"Appwrite resource ID", descTool("teams", "Teams", "CreateMembership", "Membership"),
			param{wire: "userId", goType: "string"},
			"", "ID of the user.", nil, nil,
		},
		{
			"non-Appwrite ID described from its words", descTool("messaging", "Messaging", "CreateMsg91Provider", "Provider"),
			param{wire: "senderId", goType: "string"},
			"", "Sender ID of the Msg91 provider.", nil,
			[]string{"Appwrite ID"},
		},
		{
			"derived bool", descTool("messaging", "Messaging", "CreateApnsProvider", "Provider"),
			param{wire: "sandbox", goType: "bool"},
			"", "Sandbox flag of the APNS provider.", nil, nil,
		},
		{
			"real example kept", descTool("account", "Account", "Create", "User"),
			param{wire: "email", goType: "string"},
			`"email@example.com"`, "Email address of the user.",
			[]string{`Example: "email@example.com".`},
			nil,
		},
		{
			"path parameter rule appended", descTool("storage", "Storage", "GetBucket", "Bucket"),
			param{wire: "bucketId", goType: "string", inPath: true},
			"", "ID of the bucket.",
			[]string{"(path parameter)"},
			nil,
		},
		{
			"create ID explains unique()", descTool("storage", "Storage", "CreateBucket", "Bucket"),
			param{wire: "bucketId", goType: "string"},
			"", "ID of the bucket.",
			[]string{`"unique()"`},
			nil,
		},
		{
			"ID of an existing resource does not offer unique()", descTool("messaging", "Messaging", "CreateSubscriber", "Subscriber"),
			param{wire: "targetId", goType: "string"},
			"", "ID of the target.", nil,
			[]string{"unique()"},
		},
		{
			"new ID of a created message", descTool("messaging", "Messaging", "CreatePush", "Message"),
			param{wire: "messageId", goType: "string"},
			"", "ID of the message.",
			[]string{"unique()"},
			nil,
		},
		{
			"duplicate deployment names an existing deployment", descTool("functions", "Functions", "CreateDuplicateDeployment", "Deployment"),
			param{wire: "deploymentId", goType: "string"},
			"", "ID of the deployment.", nil,
			[]string{"unique()"},
		},
		{
			"queries teach the wire format", descTool("users", "Users", "List", "UserList"),
			param{wire: "queries", goType: "[]string"},
			"", "Queries that filter",
			[]string{`{"method":"equal"`, "cursorAfter"},
			nil,
		},
		{
			"Appwrite permission roles for storage", descTool("storage", "Storage", "CreateBucket", "Bucket"),
			param{wire: "permissions", goType: "[]string"},
			"", "Permissions of the bucket.",
			[]string{`read("any")`},
			nil,
		},
		{
			"browser permissions are not Appwrite roles", descTool("avatars", "Avatars", "GetScreenshot", ""),
			param{wire: "permissions", goType: "[]string"},
			"", "Browser permissions", nil,
			[]string{`read("any")`},
		},
		{
			"object type note", descTool("tablesdb", "TablesDB", "CreateRow", "Row"),
			param{wire: "data", goType: "map[string]interface{}"},
			"", "Data of the row.",
			[]string{"A JSON object."},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := newToolParam(&tt.p, true)
			if err != nil {
				t.Fatal(err)
			}
			got := paramDescription(tt.tl, models, tp, tt.example)
			if !strings.HasPrefix(got, tt.wantPrefix) {
				t.Errorf("description %q does not start with %q", got, tt.wantPrefix)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(got, s) {
					t.Errorf("description %q lacks %q", got, s)
				}
			}
			for _, s := range tt.wantNotIn {
				if strings.Contains(got, s) {
					t.Errorf("description %q contains %q", got, s)
				}
			}
			if n := len(strings.Fields(got)); n < spec.MinDescriptionWords {
				t.Errorf("description %q has %d words", got, n)
			}
		})
	}
}

func TestCheckDescriptions(t *testing.T) {
	mk := func(desc string) []*tool {
		return []*tool{{name: "x_y", params: []*toolParam{{name: "a", description: desc}}}}
	}
	if err := checkDescriptions(mk("ID of the bucket.")); err != nil {
		t.Fatalf("four words refused: %v", err)
	}
	err := checkDescriptions(mk("Name."))
	if err == nil || !strings.Contains(err.Error(), "x_y.a") {
		t.Fatalf("one-word description accepted or unnamed: %v", err)
	}
}

func TestParamDocsTemplatesAreWellFormed(t *testing.T) {
	for k, v := range paramDocs() {
		if strings.Count(v, "{") != strings.Count(v, "}") || strings.Contains(strings.ReplaceAll(v, "{resource}", ""), "{resource") {
			t.Errorf("paramDocs[%q] = %q: malformed placeholder", k, v)
		}
		if !strings.HasSuffix(v, ".") {
			t.Errorf("paramDocs[%q] = %q: not a sentence", k, v)
		}
		if n := len(strings.Fields(v)); n < spec.MinDescriptionWords {
			t.Errorf("paramDocs[%q] = %q: %d words, want at least %d", k, v, n, spec.MinDescriptionWords)
		}
	}
}

func TestParseExample(t *testing.T) {
	md := "```go\nservice := storage.New(client)\n\nresponse, error := service.CreateBucket(\n    \"<BUCKET_ID>\",\n    \"<NAME>\",\n    storage.WithCreateBucketCompression(\"none\"),\n    storage.WithCreateBucketMaximumFileSize(1),\n)\n```\n"
	out := map[string]*example{}
	parseExample(md, "storage", out)
	ex := out["CreateBucket"]
	if ex == nil {
		t.Fatalf("no example parsed: %v", out)
	}
	if strings.Join(ex.args, "|") != `"<BUCKET_ID>"|"<NAME>"` {
		t.Errorf("args = %q", ex.args)
	}
	if ex.setters["WithCreateBucketCompression"] != `"none"` || ex.setters["WithCreateBucketMaximumFileSize"] != "1" {
		t.Errorf("setters = %v", ex.setters)
	}
}
