package consolesdk

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

const consoleSDKDir = "."

// requireConsoleSDK skips the test when node or the pinned SDK is not
// installed, except on CI (CI=true), where that is a failure.
func requireConsoleSDK(t *testing.T) {
	t.Helper()
	_, errNode := exec.LookPath("node")
	_, errMods := os.Stat(filepath.Join(consoleSDKDir, "node_modules", "typescript", "package.json"))
	if errNode == nil && errMods == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("console SDK extractor not runnable (node: %v, node_modules: %v): %s", errNode, errMods, consoleSetup)
	}
	t.Skipf("console SDK extractor not runnable (node: %v, node_modules: %v): %s", errNode, errMods, consoleSetup)
}

// wantParam is what a test asserts about one parameter.
type wantParam struct {
	name, in, typ, items string
	required             bool
	enumHas              string // a value the enum must contain ("" = no enum)
}

func TestConsoleSDK(t *testing.T) {
	requireConsoleSDK(t)
	ctx := context.Background()
	methods, err := Load(ctx, consoleSDKDir)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]spec.Method{}
	for _, m := range methods {
		key := m.Service + "_" + m.Name
		if _, dup := byName[key]; dup {
			t.Errorf("%s appears twice", key)
		}
		byName[key] = m
	}

	t.Run("deterministic", func(t *testing.T) {
		again, err := Load(ctx, consoleSDKDir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(methods, again) {
			t.Error("two runs of the extractor disagree")
		}
	})
	t.Run("size and services", func(t *testing.T) {
		if len(methods) < 650 {
			t.Errorf("%d methods, want at least 650", len(methods))
		}
		services := map[string]bool{}
		for _, m := range methods {
			services[m.Service] = true
		}
		for _, s := range []string{"projects", "organizations", "domains", "migrations", "proxy", "vcs", "console", "project", "assistant", "tables_db", "storage"} {
			if !services[s] {
				t.Errorf("service %s missing", s)
			}
		}
	})
	t.Run("names", func(t *testing.T) { checkConsoleNames(t, methods) })
	t.Run("methods", func(t *testing.T) { checkConsoleMethods(t, byName) })
	t.Run("kinds", func(t *testing.T) { checkConsoleKinds(t, byName) })
}

// checkConsoleNames: the extractor's snake_case agrees with the Go side's
// spec.Snake() for every method and parameter, and twins were folded away.
func checkConsoleNames(t *testing.T, methods []spec.Method) {
	for _, m := range methods {
		if m.Source != spec.SourceConsole {
			t.Errorf("%s: source %q", m.SDKMethod, m.Source)
		}
		if got := spec.Snake(m.SDKMethod); got != m.Name {
			t.Errorf("%s.%s: name %s, spec.Snake() gives %s", m.Service, m.SDKMethod, m.Name, got)
		}
		for _, p := range m.Params {
			if got := spec.Snake(p.Wire); got != p.Name {
				t.Errorf("%s_%s: parameter %s, spec.Snake(%s) gives %s", m.Service, m.Name, p.Name, p.Wire, got)
			}
		}
	}
}

func checkConsoleMethods(t *testing.T, byName map[string]spec.Method) {
	tests := []struct {
		tool, verb, path string
		params           []wantParam
	}{
		{"projects_create_key", "POST", "/projects/{projectId}/keys", []wantParam{
			{name: "project_id", in: spec.InPath, typ: "string", required: true},
			{name: "name", in: spec.InBody, typ: "string", required: true},
			{name: "scopes", in: spec.InBody, typ: "array", items: "string", required: true, enumHas: "users.read"},
			{name: "expire", in: spec.InBody, typ: "string"},
		}},
		{"projects_create_platform", "POST", "/projects/{projectId}/platforms", []wantParam{
			{name: "type", in: spec.InBody, typ: "string", required: true, enumHas: "web"},
			{name: "hostname", in: spec.InBody, typ: "string"},
		}},
		{"projects_create_webhook", "POST", "/projects/{projectId}/webhooks", []wantParam{
			{name: "events", in: spec.InBody, typ: "array", items: "string", required: true},
			{name: "security", in: spec.InBody, typ: "boolean", required: true},
			{name: "http_user", in: spec.InBody, typ: "string"},
		}},
		{"organizations_list_keys", "GET", "/organizations/{organizationId}/keys", []wantParam{
			{name: "organization_id", in: spec.InPath, typ: "string", required: true},
			{name: "total", in: spec.InQuery, typ: "boolean"},
		}},
		{"domains_create_record_a", "POST", "/domains/{domainId}/records/a", []wantParam{
			{name: "domain_id", in: spec.InPath, typ: "string", required: true},
			{name: "ttl", in: spec.InBody, typ: "number", required: true},
		}},
		{"proxy_create_api_rule", "POST", "/proxy/rules/api", []wantParam{
			{name: "domain", in: spec.InBody, typ: "string", required: true},
		}},
		{"migrations_create_firebase_migration", "POST", "/migrations/firebase", []wantParam{
			{name: "resources", in: spec.InBody, typ: "array", items: "string", required: true, enumHas: "user"},
			{name: "service_account", in: spec.InBody, typ: "string", required: true},
		}},
		{"vcs_list_repositories", "GET", "/vcs/github/installations/{installationId}/providerRepositories", []wantParam{
			{name: "installation_id", in: spec.InPath, typ: "string", required: true},
			{name: "type", in: spec.InQuery, typ: "string", required: true, enumHas: "runtime"},
			{name: "queries", in: spec.InQuery, typ: "array", items: "string"},
		}},
		{"tables_db_create_integer_column", "POST", "/tablesdb/{databaseId}/tables/{tableId}/columns/integer", []wantParam{
			{name: "min", in: spec.InBody, typ: "integer"},     // number | bigint
			{name: "default", in: spec.InBody, typ: "integer"}, // wire "default" from xdefault
		}},
		{"avatars_get_qr", "GET", "/avatars/qr", []wantParam{
			{name: "text", in: spec.InQuery, typ: "string", required: true},
			{name: "size", in: spec.InQuery, typ: "integer"}, // "Pass an integer between 1 to 1000"
		}},
		{"avatars_get_screenshot", "GET", "/avatars/screenshots", []wantParam{
			{name: "scale", in: spec.InQuery, typ: "number"}, // "Pass a number between 0.1 to 3"
			{name: "headers", in: spec.InQuery, typ: "object"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.tool, func(t *testing.T) {
			m, ok := byName[tc.tool]
			if !ok {
				t.Fatalf("%s missing", tc.tool)
			}
			if m.Verb != tc.verb || m.Path != tc.path {
				t.Errorf("%s %s, want %s %s", m.Verb, m.Path, tc.verb, tc.path)
			}
			if m.Description == "" || m.Deprecated {
				t.Errorf("description %q, deprecated %v", m.Description, m.Deprecated)
			}
			for _, w := range tc.params {
				checkParam(t, m, w)
			}
		})
	}
}

func checkParam(t *testing.T, m spec.Method, w wantParam) {
	t.Helper()
	i := slices.IndexFunc(m.Params, func(p spec.MethodParam) bool { return p.Name == w.name })
	if i < 0 {
		t.Errorf("parameter %s missing", w.name)
		return
	}
	p := m.Params[i]
	if p.In != w.in || p.Type != w.typ || p.Items != w.items || p.Required != w.required {
		t.Errorf("parameter %s: in=%s type=%s items=%s required=%v, want %s %s %s %v",
			w.name, p.In, p.Type, p.Items, p.Required, w.in, w.typ, w.items, w.required)
	}
	if (w.enumHas == "") != (len(p.Enum) == 0) || (w.enumHas != "" && !slices.Contains(p.Enum, w.enumHas)) {
		t.Errorf("parameter %s: enum %v, want one containing %q", w.name, p.Enum, w.enumHas)
	}
	if p.Description == "" {
		t.Errorf("parameter %s has no description", w.name)
	}
}

// checkConsoleKinds: uploads, raw-byte answers and deprecations.
func checkConsoleKinds(t *testing.T, byName map[string]spec.Method) {
	tests := []struct {
		tool                         string
		upload, binary, deprecated   bool
		replacedBy, fileParam, notIn string
	}{
		{tool: "storage_create_file", upload: true, fileParam: "file"},
		{tool: "functions_create_deployment", upload: true, fileParam: "code"},
		{tool: "storage_get_file_download", binary: true},
		{tool: "avatars_get_browser", binary: true, notIn: spec.InBody},
		{tool: "account_create_oauth2_session"}, // a browser redirect, not bytes
		{tool: "databases_create_document", deprecated: true, replacedBy: "tables_db_create_row"},
		{tool: "account_update_magic_url_session", deprecated: true, replacedBy: "account_create_session"},
		{tool: "account_list_mfa_factors"}, // the listMFAFactors twin, not the deprecated listMfaFactors
		{tool: "tables_db_create_row"},
	}
	for _, tc := range tests {
		t.Run(tc.tool, func(t *testing.T) {
			m, ok := byName[tc.tool]
			if !ok {
				t.Fatalf("%s missing", tc.tool)
			}
			if m.Upload != tc.upload || m.Binary != tc.binary || m.Deprecated != tc.deprecated || m.ReplacedBy != tc.replacedBy {
				t.Errorf("upload=%v binary=%v deprecated=%v replacedBy=%q, want %v %v %v %q",
					m.Upload, m.Binary, m.Deprecated, m.ReplacedBy, tc.upload, tc.binary, tc.deprecated, tc.replacedBy)
			}
			for _, p := range m.Params {
				if (p.Type == "file") != (p.Name == tc.fileParam) {
					t.Errorf("parameter %s has type %s", p.Name, p.Type)
				}
				if p.In == tc.notIn {
					t.Errorf("parameter %s is in %s", p.Name, p.In)
				}
			}
		})
	}
}

// fakeService is a small console SDK service in the SDK's own shapes: an
// object-style overload next to a positional one, runtime required checks,
// the xdefault → default renaming, enums, integer evidence, a URL builder
// and a method without parameters.
const fakeService = `import { Service } from '../service';
import { AppwriteException, Client, type Payload } from '../client';
import { Color } from '../enums/color';

export class FakeThings {
    client: Client;

    constructor(client: Client) {
        this.client = client;
    }

    /**
     * Create a [thing](/docs/things).
     *
     * @param {string} params.thingId - Thing ID.
     * @param {Color[]} params.colors - Thing colors.
     * @param {number} params.width - Width. Pass an integer between 0 to 10.
     * @param {number} params.ratio - Ratio.
     * @param {number | bigint} params.xdefault - Default.
     * @throws {AppwriteException}
     * @returns {Promise<{}>}
     */
    createThing(params: { thingId: string, colors?: Color[], width?: number, ratio?: number, xdefault?: number | bigint }): Promise<{}>;
    /**
     * Create a thing.
     *
     * @param {string} thingId - Thing ID.
     * @deprecated Use the object parameter style method for a better developer experience.
     */
    createThing(thingId: string, colors?: Color[], width?: number, ratio?: number, xdefault?: number | bigint): Promise<{}>;
    createThing(paramsOrFirst: any, ...rest: any[]): Promise<{}> {
        let params = paramsOrFirst;
        const thingId = params.thingId;
        const colors = params.colors;
        const width = params.width;
        const ratio = params.ratio;
        const xdefault = params.xdefault;

        if (typeof thingId === 'undefined') {
            throw new AppwriteException('Missing required parameter: "thingId"');
        }
        if (typeof colors === 'undefined') {
            throw new AppwriteException('Missing required parameter: "colors"');
        }

        const apiPath = '/things/{thingId}'.replace('{thingId}', thingId);
        const payload: Payload = {};
        if (typeof colors !== 'undefined') {
            payload['colors'] = colors;
        }
        if (typeof width !== 'undefined') {
            payload['width'] = width;
        }
        if (typeof ratio !== 'undefined') {
            payload['ratio'] = ratio;
        }
        if (typeof xdefault !== 'undefined') {
            payload['default'] = xdefault;
        }
        const uri = new URL(this.client.config.endpoint + apiPath);
        const apiHeaders: { [header: string]: string } = {
            'content-type': 'application/json',
        }
        return this.client.call('put', uri, apiHeaders, payload);
    }

    /**
     * Get a thing's image.
     *
     * @param {string} params.size - Image size.
     * @returns {string}
     * @deprecated This API has been deprecated since 1.8.0. Please use ` + "`FakeThings.getPicture`" + ` instead.
     */
    getImage(params?: { size?: string }): string;
    getImage(paramsOrFirst?: any): string {
        let params = paramsOrFirst || {};
        const size = params.size;
        const apiPath = '/things/image';
        const payload: Payload = {};
        if (typeof size !== 'undefined') {
            payload['size'] = size;
        }
        const uri = new URL(this.client.config.endpoint + apiPath);
        payload['project'] = this.client.config.project;
        for (const [key, value] of Object.entries(Service.flatten(payload))) {
            uri.searchParams.append(key, value);
        }
        return uri.toString();
    }

    /**
     * List things.
     */
    listThings(): Promise<{}> {
        const apiPath = '/things';
        const payload: Payload = {};
        const uri = new URL(this.client.config.endpoint + apiPath);
        const apiHeaders: { [header: string]: string } = {}
        return this.client.call('get', uri, apiHeaders, payload);
    }
}
`

const fakeEnum = `export enum Color {
    Red = 'red',
    DarkBlue = 'dark-blue',
}
`

// fakeConsoleDir builds an extractor directory (the real extractor,
// package.json and typescript) whose SDK holds the given services, keyed by
// file name, the Color enum and a class that sends no request (skipped).
func fakeConsoleDir(t *testing.T, services map[string]string) string {
	t.Helper()
	version, err := Version(consoleSDKDir)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "node_modules", "@appwrite.io", "console", "src")
	ts, err := filepath.Abs(filepath.Join(consoleSDKDir, "node_modules", "typescript"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(src, "services"), filepath.Join(src, "enums")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(ts, filepath.Join(dir, "node_modules", "typescript")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(src, "enums", "color.ts"):                    fakeEnum,
		filepath.Join(src, "..", "package.json"):                   `{"name": "@appwrite.io/console", "version": "` + version + `"}`,
		filepath.Join(dir, "package.json"):                         readFile(t, filepath.Join(consoleSDKDir, "package.json")),
		filepath.Join(dir, consoleScript):                          readFile(t, filepath.Join(consoleSDKDir, consoleScript)),
		filepath.Join(src, "services", "realtime-like-ignored.ts"): "export class Realtime {\n    private connect(): void {}\n}\n",
	}
	for name, body := range services {
		files[filepath.Join(src, "services", name)] = body
	}
	for name, body := range files {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConsoleExtractorShapes(t *testing.T) {
	requireConsoleSDK(t)
	got, err := Load(context.Background(), fakeConsoleDir(t, map[string]string{"fake-things.ts": fakeService}))
	if err != nil {
		t.Fatal(err)
	}
	want := []spec.Method{
		{
			Source: spec.SourceConsole, Service: "fake_things", Name: "create_thing", SDKMethod: "createThing",
			Verb: "PUT", Path: "/things/{thingId}", Description: "Create a thing (https://appwrite.io/docs/things).",
			Params: []spec.MethodParam{
				{Name: "thing_id", Wire: "thingId", In: spec.InPath, Type: "string", Required: true, Description: "Thing ID."},
				{Name: "colors", Wire: "colors", In: spec.InBody, Type: "array", Items: "string", Enum: []string{"red", "dark-blue"}, Required: true, Description: "Thing colors."},
				{Name: "width", Wire: "width", In: spec.InBody, Type: "integer", Description: "Width. Pass an integer between 0 to 10."},
				{Name: "ratio", Wire: "ratio", In: spec.InBody, Type: "number", Description: "Ratio."},
				{Name: "default", Wire: "default", In: spec.InBody, Type: "integer", Description: "Default."},
			},
		},
		{
			Source: spec.SourceConsole, Service: "fake_things", Name: "get_image", SDKMethod: "getImage",
			Verb: "GET", Path: "/things/image", Description: "Get a thing's image.",
			Deprecated: true, ReplacedBy: "fake_things_get_picture", Binary: true,
			Params: []spec.MethodParam{{Name: "size", Wire: "size", In: spec.InQuery, Type: "string", Description: "Image size."}},
		},
		{
			Source: spec.SourceConsole, Service: "fake_things", Name: "list_things", SDKMethod: "listThings",
			Verb: "GET", Path: "/things", Description: "List things.", Params: []spec.MethodParam{},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

// TestConsoleExtractorFailsLoudly: a shape the extractor does not
// understand stops it with a message naming the method. Every case is one
// broken copy of the fixture (class BadN), all read in one extractor run.
func TestConsoleExtractorFailsLoudly(t *testing.T) {
	requireConsoleSDK(t)
	tests := []struct {
		name, old, new, want string
	}{
		{"verb not a literal", "this.client.call('put',", "this.client.call(verb,", "createThing: verb is not a string literal"},
		{"unsupported type", "ratio?: number,", "ratio?: Map<string, number>,", "createThing: parameter ratio: unsupported type Map<string, number>"},
		{"parameter never sent", "payload['ratio'] = ratio;", "", "createThing: parameter ratio is never sent"},
		{"parameter undocumented", "@param {number} params.ratio - Ratio.", "", "createThing: parameter ratio has no @param"},
		{"sent but not declared", "payload['width'] = width;", "payload['width'] = width; payload['height'] = height;", "createThing: height is not read from params"},
		{"helper method", "    /**\n     * List things.", "    helper(): void {}\n\n    /**\n     * List things.", "helper: method sends no API request"},
		{"no object overload", "getImage(params?: { size?: string }): string;", "getImage(size?: string): string;", "getImage: no single object-style overload"},
		{"computed path", "const apiPath = '/things';", "const apiPath = base + '/things';", "listThings: apiPath is not a string literal"},
	}
	services := map[string]string{}
	for i, tc := range tests {
		if !strings.Contains(fakeService, tc.old) {
			t.Fatalf("%s: fixture lacks %q", tc.name, tc.old)
		}
		class := fmt.Sprintf("Bad%d", i)
		services[strings.ToLower(class)+".ts"] = strings.ReplaceAll(strings.Replace(fakeService, tc.old, tc.new, 1), "FakeThings", class)
	}
	_, err := Load(context.Background(), fakeConsoleDir(t, services))
	if err == nil {
		t.Fatal("loadConsole accepted broken services")
	}
	for i, tc := range tests {
		if want := fmt.Sprintf("Bad%d.%s", i, tc.want); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error does not contain %q:\n%v", tc.name, want, err)
		}
	}
}

func TestConsoleSDKVersion(t *testing.T) {
	pkg := `{"private": true, "dependencies": {"@appwrite.io/console": "23.0.0", "typescript": "5.9.3"}}`
	tests := []struct {
		name, pkg, installed string // installed "" = no node_modules
		want                 string
		setup                bool // errConsoleSetup expected
	}{
		{name: "installed as pinned", pkg: pkg, installed: `{"version": "23.0.0"}`, want: "23.0.0"},
		{name: "not installed", pkg: pkg, setup: true},
		{name: "stale install", pkg: pkg, installed: `{"version": "22.4.1"}`, setup: true},
		{name: "no pin", pkg: `{"dependencies": {}}`, installed: `{"version": "23.0.0"}`},
		{name: "broken package.json", pkg: `{`, installed: `{"version": "23.0.0"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(tc.pkg), 0o600); err != nil {
				t.Fatal(err)
			}
			if tc.installed != "" {
				mod := filepath.Join(dir, "node_modules", Package)
				if err := os.MkdirAll(mod, 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(mod, "package.json"), []byte(tc.installed), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Version(dir)
			if got != tc.want || (tc.want == "") != (err != nil) || errors.Is(err, errConsoleSetup) != tc.setup {
				t.Errorf("consoleSDKVersion = %q, %v; want %q (setup error %v)", got, err, tc.want, tc.setup)
			}
			if tc.setup && !strings.Contains(err.Error(), consoleSetup) {
				t.Errorf("error %v does not say %q", err, consoleSetup)
			}
			if tc.want == "" {
				if _, err := Load(context.Background(), dir); err == nil {
					t.Error("loadConsole accepted a directory consoleSDKVersion refuses")
				}
			}
		})
	}
}

func validConsoleMethod() spec.Method {
	return spec.Method{
		Source: spec.SourceConsole, Service: "things", Name: "get_thing", SDKMethod: "getThing",
		Verb: "GET", Path: "/things/{thingId}", Description: "Get a thing.",
		Params: []spec.MethodParam{
			{Name: "thing_id", Wire: "thingId", In: spec.InPath, Type: "string", Required: true, Description: "ID."},
			{Name: "queries", Wire: "queries", In: spec.InQuery, Type: "array", Items: "string", Description: "Queries."},
		},
	}
}

func TestValidateMethod(t *testing.T) {
	file := spec.MethodParam{Name: "file", Wire: "file", In: spec.InBody, Type: "file", Required: true}
	tests := []struct {
		name   string
		mutate func(m *spec.Method)
		ok     bool
	}{
		{"valid", func(*spec.Method) {}, true},
		{"valid upload", func(m *spec.Method) { m.Verb, m.Upload, m.Params = "POST", true, append(m.Params[:1], file) }, true},
		{"other source", func(m *spec.Method) { m.Source = spec.SourceGo }, false},
		{"unknown verb", func(m *spec.Method) { m.Verb = "FETCH" }, false},
		{"relative path", func(m *spec.Method) { m.Path = "things/{thingId}" }, false},
		{"query in path", func(m *spec.Method) { m.Path = "/things/{thingId}?x=1" }, false},
		{"placeholder without parameter", func(m *spec.Method) { m.Path = "/things/{thingId}/{partId}" }, false},
		{"placeholder twice", func(m *spec.Method) { m.Path = "/things/{thingId}/{thingId}" }, false},
		{"malformed placeholder", func(m *spec.Method) { m.Path = "/things/{thingId}/{part-id}" }, false},
		{"path parameter not in path", func(m *spec.Method) { m.Path = "/things" }, false},
		{"optional path parameter", func(m *spec.Method) { m.Params[0].Required = false }, false},
		{"upper-case name", func(m *spec.Method) { m.Name = "getThing" }, false},
		{"tool name too long", func(m *spec.Method) { m.Service = strings.Repeat("s", 40); m.Name = strings.Repeat("n", 30) }, false},
		{"no description", func(m *spec.Method) { m.Description = " " }, false},
		{"duplicate parameter name", func(m *spec.Method) { m.Params[1].Name = "thing_id" }, false},
		{"duplicate wire name", func(m *spec.Method) { m.Params[1].Wire = "thingId" }, false},
		{"unknown type", func(m *spec.Method) { m.Params[1].Type = "map" }, false},
		{"unknown location", func(m *spec.Method) { m.Params[1].In = "header" }, false},
		{"GET with a body", func(m *spec.Method) { m.Params[1].In = spec.InBody }, false},
		{"items of a string", func(m *spec.Method) { m.Params[1].Type = "string" }, false},
		{"array of anything", func(m *spec.Method) { m.Params[1].Items = "" }, true},
		{"array of arrays", func(m *spec.Method) { m.Params[1].Items = "array" }, false},
		{"enum of a boolean", func(m *spec.Method) {
			m.Params[1].Type, m.Params[1].Items, m.Params[1].Enum = "boolean", "", []string{"x"}
		}, false},
		{"upload without file", func(m *spec.Method) { m.Verb, m.Upload = "POST", true }, false},
		{"file without upload", func(m *spec.Method) { m.Verb, m.Params = "POST", append(m.Params[:1], file) }, false},
		{"binary POST", func(m *spec.Method) { m.Verb, m.Binary = "POST", true }, false},
		{"replacement of a live method", func(m *spec.Method) { m.ReplacedBy = "things_get" }, false},
		{"replacement of a deprecated method", func(m *spec.Method) { m.Deprecated, m.ReplacedBy = true, "things_get" }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validConsoleMethod()
			tc.mutate(&m)
			if err := validateMethod(&m); (err == nil) != tc.ok {
				t.Errorf("validateMethod = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestDecodeMethods(t *testing.T) {
	tests := []struct {
		name, data string
		ok         bool
	}{
		{"one method", `[{"source":"console","service":"s","name":"n","params":[]}]`, true},
		{"unknown field", `[{"source":"console","service":"s","name":"n","params":[],"extra":1}]`, false},
		{"unknown parameter field", `[{"name":"n","params":[{"name":"p","default":"x"}]}]`, false},
		{"data after the array", `[{"name":"n"}] []`, false},
		{"empty", `[]`, false},
		{"not JSON", `extract: boom`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decodeMethods([]byte(tc.data)); (err == nil) != tc.ok {
				t.Errorf("decodeMethods = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestFoldConsoleTwins(t *testing.T) {
	twin := func(sdkName string, deprecated bool, path string) spec.Method {
		m := validConsoleMethod()
		m.Name, m.SDKMethod, m.Deprecated, m.Path = "list_mfa_factors", sdkName, deprecated, path
		return m
	}
	const p = "/things/{thingId}"
	tests := []struct {
		name    string
		in      []spec.Method
		keep    string // SDKMethod kept
		wantErr bool
	}{
		{name: "deprecated first", in: []spec.Method{twin("listMfaFactors", true, p), twin("listMFAFactors", false, p)}, keep: "listMFAFactors"},
		{name: "deprecated second", in: []spec.Method{twin("listMFAFactors", false, p), twin("listMfaFactors", true, p)}, keep: "listMFAFactors"},
		{name: "both live", in: []spec.Method{twin("listMFAFactors", false, p), twin("listMfaFactors", false, p)}, wantErr: true},
		{name: "both deprecated", in: []spec.Method{twin("listMFAFactors", true, p), twin("listMfaFactors", true, p)}, wantErr: true},
		{name: "different paths", in: []spec.Method{twin("listMFAFactors", false, p), twin("listMfaFactors", true, p+"/x")}, wantErr: true},
		{name: "three spellings", in: []spec.Method{twin("listMFAFactors", false, p), twin("listMfaFactors", true, p), twin("listMfAFactors", true, p)}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := foldConsoleTwins(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Errorf("foldConsoleTwins = %v, want an error", got)
				}
				return
			}
			if err != nil || len(got) != 1 || got[0].SDKMethod != tc.keep {
				t.Errorf("foldConsoleTwins = %v, %v; want only %s", got, err, tc.keep)
			}
		})
	}
}
