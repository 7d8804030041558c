package catalog

import (
	"encoding/json"
	"strings"
	"testing"
)

// minParamDescriptionWords mirrors the generator's minDescriptionWords: a
// property description says what the value is, not just its name.
const minParamDescriptionWords = 4

// TestParamDescriptionsAreSubstantial: every property of every tool has a
// description of at least minParamDescriptionWords words that is more than
// its name restated, shows no placeholder example, and reaches the input
// schema unchanged.
func TestParamDescriptionsAreSubstantial(t *testing.T) {
	for _, tool := range newTestCatalog(t).Tools() {
		var schema struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(schemaOf(t, tool), &schema); err != nil {
			t.Fatalf("%s: schema: %v", tool.Name, err)
		}
		for _, p := range tool.Params {
			d := p.Description
			if n := len(strings.Fields(d)); n < minParamDescriptionWords {
				t.Errorf("%s.%s: description %q has %d words, want at least %d", tool.Name, p.Name, d, n, minParamDescriptionWords)
			}
			bare := strings.ReplaceAll(p.Name, "_", " ") + "."
			if strings.EqualFold(strings.TrimSpace(d), bare) || strings.HasPrefix(strings.ToLower(d), bare+" ") {
				t.Errorf("%s.%s: description %q starts by restating the name", tool.Name, p.Name, d)
			}
			if strings.Contains(d, `Example: "<`) || strings.Contains(d, `Example: ""`) {
				t.Errorf("%s.%s: description %q shows a placeholder example", tool.Name, p.Name, d)
			}
			if got := schema.Properties[p.Name].Description; got != d && p.Type != TypeFile {
				t.Errorf("%s.%s: schema description %q differs from the param's %q", tool.Name, p.Name, got, d)
			}
		}
	}
}
