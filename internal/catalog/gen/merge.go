package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// pathParamRE matches a {param} of a path template.
var pathParamRE = regexp.MustCompile(`\{[^}]+\}`)

// apiKey identifies an API method independently of any SDK's naming: the
// verb and the path template with its parameter names erased.
func apiKey(m spec.Method) string {
	return m.Verb + " " + pathParamRE.ReplaceAllString(m.Path, "{}")
}

// mergeStats says what merge did, for the generated header and -v.
type mergeStats struct {
	fromGo, fromConsole, shared int
}

// merge applies THE precedence rule: one tool per API method (verb + path
// template), and where both SDKs describe a method the Go SDK's description
// wins — its names, parameter descriptions and enrichments are what the
// catalog has always served, so tool names never change under a client.
// The console SDK adds every method the Go SDK lacks, including methods
// inside services both have. A console method whose tool name is taken by
// a different API method is an error (never two tools under one name).
func merge(goMs, consoleMs []spec.Method) ([]spec.Method, mergeStats, error) {
	var st mergeStats
	byKey := map[string]bool{}
	byName := map[string]string{} // tool name → api key
	out := make([]spec.Method, 0, len(goMs)+len(consoleMs))
	for _, m := range goMs {
		byKey[apiKey(m)] = true
		byName[toolName(m)] = apiKey(m)
		out = append(out, m)
	}
	st.fromGo = len(goMs)
	for _, m := range consoleMs {
		key := apiKey(m)
		if byKey[key] {
			st.shared++
			continue
		}
		if other, taken := byName[toolName(m)]; taken {
			return nil, st, fmt.Errorf("console method %s (%s) would reuse the tool name of %s", toolName(m), key, other)
		}
		byKey[key] = true
		byName[toolName(m)] = key
		out = append(out, m)
		st.fromConsole++
	}
	sort.Slice(out, func(i, j int) bool { return toolName(out[i]) < toolName(out[j]) })
	return out, st, nil
}

// toolName is the catalog name of a method: <service>_<method>.
func toolName(m spec.Method) string { return m.Service + "_" + m.Name }

// serviceFile is the generated file name for a service.
func serviceFile(service string) string {
	return "zz_generated_" + strings.ReplaceAll(service, "-", "_") + ".go"
}
