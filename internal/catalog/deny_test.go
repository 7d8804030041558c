package catalog

import (
	"regexp"
	"testing"
)

// moneyWords marks tool names that speak of money.
var moneyWords = regexp.MustCompile(`purchase|payment|invoice|credit|plan|billing|budget|transfer_in|downgrade|coupon`)

// reviewedMoneyWrites are writes whose names speak of money but that spend
// nothing: each was read and judged harmless.
func reviewedMoneyWrites() map[string]string {
	return map[string]string{
		"organizations_create_downgrade_feedback":      "sends feedback about a downgrade; changes no plan",
		"organizations_estimation_create_organization": "PATCH that only estimates the price of an organization",
		"organizations_estimation_delete_organization": "PATCH that only estimates what deleting an organization changes",
		"organizations_estimation_update_plan":         "PATCH that only estimates the price of a plan change",
	}
}

// TestDenyListCoversMoneyWrites: every write or destructive tool whose name
// speaks of money is denied by default or was reviewed as harmless, every
// denied tool exists in the generated table, and a default catalog holds
// none of them.
func TestDenyListCoversMoneyWrites(t *testing.T) {
	denied, reviewed := DeniedByDefault(), reviewedMoneyWrites()
	all := map[string]bool{}
	for _, tool := range generatedTools() {
		all[tool.Name] = true
		if classFor(tool.HTTPMethod) == Read || !moneyWords.MatchString(tool.Name) {
			continue
		}
		if !denied[tool.Name] && reviewed[tool.Name] == "" {
			t.Errorf("%s (%s %s) speaks of money but is neither denied nor reviewed", tool.Name, tool.HTTPMethod, tool.Path)
		}
	}
	for name := range denied {
		if !all[name] {
			t.Errorf("denied tool %s is not in the generated table", name)
		}
	}
	for name := range reviewed {
		if !all[name] {
			t.Errorf("reviewed tool %s is not in the generated table", name)
		}
	}
	c := newTestCatalog(t)
	for name := range denied {
		if _, ok := c.Lookup(name); ok {
			t.Errorf("default catalog holds denied tool %s", name)
		}
	}
	back, err := New(Options{IncludedTools: []string{"domains_create_purchase"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back.Lookup("domains_create_purchase"); !ok {
		t.Error("INCLUDED_TOOLS did not turn domains_create_purchase back on")
	}
}
