package config

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoFile is the path of a file at the repository root.
func repoFile(name string) string { return filepath.Join("..", "..", name) }

// renderEnvExample is the expected content of .env.example, derived from Vars.
func renderEnvExample() string {
	var b strings.Builder
	b.WriteString("# appwrite-mcp configuration. Every variable is optional; the values below are the defaults.\n")
	b.WriteString("# Each may also be given as a flag (see `go run ./cmd/appwrite-mcp -h`); flags win over the environment.\n")
	for _, v := range Vars() {
		b.WriteString("\n# " + v.Doc + "\n")
		b.WriteString(v.Env + "=" + v.Default + "\n")
	}
	return b.String()
}

// TestEnvExampleInStep parses .env.example and compares names, defaults,
// comments and order with Vars. Regenerate with UPDATE_ENV_EXAMPLE=1.
func TestEnvExampleInStep(t *testing.T) {
	path := repoFile(".env.example")
	if os.Getenv("UPDATE_ENV_EXAMPLE") == "1" {
		if err := os.WriteFile(path, []byte(renderEnvExample()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open .env.example: %v (regenerate with UPDATE_ENV_EXAMPLE=1 go test ./internal/config)", err)
	}
	defer func() { _ = f.Close() }()

	type entry struct{ name, value, comment string }
	var got []entry
	var lastComment string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			lastComment = ""
		case strings.HasPrefix(line, "#"):
			lastComment = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		default:
			name, value, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf(".env.example: line %q is neither a comment nor NAME=value", line)
			}
			if lastComment == "" {
				t.Errorf(".env.example: %s has no one-line comment above it", name)
			}
			got = append(got, entry{name, value, lastComment})
			lastComment = ""
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	vars := Vars()
	if len(got) != len(vars) {
		t.Errorf(".env.example has %d variables, config.Vars() has %d", len(got), len(vars))
	}
	for i := 0; i < len(got) && i < len(vars); i++ {
		v := vars[i]
		if got[i].name != v.Env || got[i].value != v.Default || got[i].comment != v.Doc {
			t.Errorf(".env.example entry %d = %+v, want %s=%s with comment %q (regenerate with UPDATE_ENV_EXAMPLE=1 go test ./internal/config)",
				i, got[i], v.Env, v.Default, v.Doc)
		}
	}
}

// Markers around the generated configuration table in README.md.
const (
	tableStart = "<!-- config-table:start (generated from config.Vars; UPDATE_README=1 go test ./internal/config) -->"
	tableEnd   = "<!-- config-table:end -->"
)

// renderReadmeTable is the README configuration table, derived from Vars.
func renderReadmeTable() string {
	var b strings.Builder
	b.WriteString("| variable | flag | default | meaning |\n|---|---|---|---|\n")
	for _, v := range Vars() {
		def := "(empty)"
		if v.Default != "" {
			def = "`" + v.Default + "`"
		}
		doc := strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;").Replace(v.Doc)
		b.WriteString("| `" + v.Env + "` | `-" + v.Flag + "` | " + def + " | " + doc + " |\n")
	}
	return b.String()
}

// TestReadmeConfigTable checks that README.md's configuration table has a
// row for every variable with its default, in order. Regenerate the table
// with UPDATE_README=1.
func TestReadmeConfigTable(t *testing.T) {
	path := repoFile("README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read README.md: %v", err)
	}
	if os.Getenv("UPDATE_README") == "1" {
		before, rest, ok1 := strings.Cut(string(data), tableStart)
		_, after, ok2 := strings.Cut(rest, tableEnd)
		if !ok1 || !ok2 {
			t.Fatalf("README.md lacks the table markers %q ... %q", tableStart, tableEnd)
		}
		data = []byte(before + tableStart + "\n" + renderReadmeTable() + tableEnd + after)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, rest, ok := strings.Cut(string(data), tableStart+"\n"); !ok {
		t.Errorf("README.md lacks the marker %q", tableStart)
	} else if table, _, ok := strings.Cut(rest, tableEnd); !ok || table != renderReadmeTable() {
		t.Errorf("README.md configuration table is out of date (regenerate with UPDATE_README=1 go test ./internal/config)")
	}
	rows := map[string]string{}
	var order []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[1]), "`")
		rows[name] = strings.TrimSpace(cells[3]) // cells: "", variable, flag, default, meaning
		order = append(order, name)
	}
	var want []string
	for _, v := range Vars() {
		want = append(want, v.Env)
		def, ok := rows[v.Env]
		if !ok {
			t.Errorf("README.md configuration table has no row for %s", v.Env)
			continue
		}
		wantDef := "(empty)"
		if v.Default != "" {
			wantDef = "`" + v.Default + "`"
		}
		if def != wantDef {
			t.Errorf("README.md: %s default cell = %q, want %q", v.Env, def, wantDef)
		}
	}
	var gotOrder []string
	for _, n := range order {
		if _, ok := rows[n]; ok && strings.ToUpper(n) == n {
			gotOrder = append(gotOrder, n)
		}
	}
	if strings.Join(gotOrder, ",") != strings.Join(want, ",") {
		t.Errorf("README.md table order = %v, want %v", gotOrder, want)
	}
}
