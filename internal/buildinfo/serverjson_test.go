package buildinfo

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The MCP registry's server.json format (schema 2025-12-11), as far as this
// repository uses it. Decoding rejects unknown fields, so a misspelt key
// (registry_type, remote) fails here rather than at publish time.
type serverJSON struct {
	Schema      string `json:"$schema"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Version     string `json:"version"`
	Repository  struct {
		URL    string `json:"url"`
		Source string `json:"source"`
	} `json:"repository"`
	Remotes  []transport `json:"remotes"`
	Packages []struct {
		RegistryType         string    `json:"registryType"`
		Identifier           string    `json:"identifier"`
		Version              *string   `json:"version"`
		RegistryBaseURL      *string   `json:"registryBaseUrl"`
		Transport            transport `json:"transport"`
		EnvironmentVariables []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
			Default     string `json:"default"`
			IsRequired  bool   `json:"isRequired"`
			IsSecret    bool   `json:"isSecret"`
		} `json:"environmentVariables"`
	} `json:"packages"`
}

type transport struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

const (
	wantSchema  = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
	ociRegistry = "ghcr.io"
)

func loadServerJSON(t *testing.T) serverJSON {
	t.Helper()
	raw, err := os.ReadFile("../../server.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s serverJSON
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("server.json: %v", err)
	}
	return s
}

// checkMCPURL reports what is wrong with a transport URL, or "".
func checkMCPURL(raw string, wantScheme string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err.Error()
	case u.Scheme != wantScheme:
		return "scheme is not " + wantScheme
	case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "needs a host and no user info, query or fragment"
	case !strings.HasSuffix(u.Path, "/mcp"):
		return "path does not end in /mcp"
	}
	return ""
}

func TestServerJSONTopLevel(t *testing.T) {
	s := loadServerJSON(t)
	if s.Schema != wantSchema {
		t.Errorf("$schema = %q, want %q", s.Schema, wantSchema)
	}
	if s.Version != DefaultVersion {
		t.Errorf("version = %q, want buildinfo.DefaultVersion %q (bump both together)", s.Version, DefaultVersion)
	}
	if n := utf8.RuneCountInString(s.Description); n == 0 || n > 100 {
		t.Errorf("description has %d characters, want 1 to 100", n)
	}
	// Reverse-DNS name: io.github.<owner>/<repo>, the namespace GitHub OIDC
	// grants to the repository owner's workflows.
	m := regexp.MustCompile(`^https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)$`).FindStringSubmatch(s.Repository.URL)
	if m == nil || s.Repository.Source != "github" {
		t.Fatalf("repository = %+v, want a https://github.com/<owner>/<repo> URL with source github", s.Repository)
	}
	if want := "io.github." + m[1] + "/" + m[2]; s.Name != want {
		t.Errorf("name = %q, want %q", s.Name, want)
	}
	if !regexp.MustCompile(`^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`).MatchString(s.Name) {
		t.Errorf("name %q does not match the registry's pattern", s.Name)
	}
	if len(s.Remotes) == 0 {
		t.Fatal("no remotes: the hosted deployment must be listed")
	}
	for _, r := range s.Remotes {
		if r.Type != "streamable-http" {
			t.Errorf("remote type %q, want streamable-http", r.Type)
		}
		if problem := checkMCPURL(r.URL, "https"); problem != "" {
			t.Errorf("remote URL %q: %s", r.URL, problem)
		}
	}
}

func TestServerJSONImagePackage(t *testing.T) {
	s := loadServerJSON(t)
	owner, repo, _ := strings.Cut(strings.TrimPrefix(s.Name, "io.github."), "/")
	wantImage := ociRegistry + "/" + owner + "/" + repo + ":" + s.Version
	var found bool
	for _, p := range s.Packages {
		if p.RegistryType != "oci" {
			continue
		}
		found = true
		if p.Identifier != wantImage {
			t.Errorf("oci identifier = %q, want %q (the tag is the version)", p.Identifier, wantImage)
		}
		if p.Version != nil || p.RegistryBaseURL != nil {
			t.Errorf("oci package carries version or registryBaseUrl: the registry takes the tag from identifier and refuses a base URL")
		}
		if p.Transport.Type != "streamable-http" {
			t.Errorf("oci transport %q, want streamable-http", p.Transport.Type)
		}
		if problem := checkMCPURL(p.Transport.URL, "http"); problem != "" {
			t.Errorf("oci transport URL %q: %s", p.Transport.URL, problem)
		}
		for _, e := range p.EnvironmentVariables {
			if e.Name == "" || e.Description == "" {
				t.Errorf("environment variable %+v needs a name and a description", e)
			}
		}
	}
	if !found {
		t.Errorf("no oci package for %s", wantImage)
	}
}

// The registry proves ownership of an OCI image by this label.
func TestDockerfileLabelsTheServerName(t *testing.T) {
	s := loadServerJSON(t)
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	label := regexp.MustCompile(`(?m)^\s*(?:LABEL\s+)?io\.modelcontextprotocol\.server\.name="([^"]+)"`).FindSubmatch(dockerfile)
	if label == nil || string(label[1]) != s.Name {
		t.Errorf("Dockerfile io.modelcontextprotocol.server.name label = %q, want %q", label, s.Name)
	}
}
