package catalog

// DeniedByDefault names the tools left out of every catalog unless
// INCLUDED_TOOLS turns them back on: the ones that spend money (purchases,
// payments, credits, invoices, plan and billing changes). An agent must
// never spend a person's money because a model decided to; a person who
// wants that can name the tool explicitly. deny_test.go checks that every
// write whose name speaks of money is on this list.
func DeniedByDefault() map[string]bool {
	names := []string{
		"domains_create_purchase",
		"organizations_add_credit",
		"organizations_create_invoice_payment",
		"organizations_update_plan",
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
