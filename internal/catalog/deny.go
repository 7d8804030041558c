package catalog

// DeniedByDefault names the tools left out of every catalog unless
// INCLUDED_TOOLS turns them back on: the ones that spend or commit money
// (purchases, transfers in, payments, credits, plan changes, budgets) and
// the ones that change how a person pays (payment methods, billing
// addresses, billing e-mail and tax id). An agent must never spend a
// person's money, or change where the bill goes, because a model decided
// to; a person who wants that names the tool explicitly. Reads (invoices,
// plans, estimations) stay available. deny_test.go checks that every write
// whose name speaks of money is on this list or reviewed as harmless.
func DeniedByDefault() map[string]bool {
	names := []string{
		// Spend or commit money.
		"domains_create_purchase",
		"domains_create_transfer_in",
		"organizations_add_credit",
		"organizations_cancel_downgrade",
		"organizations_create", // a new organization takes a billing plan, payment method and budget
		"organizations_create_invoice_payment",
		"organizations_update_budget",
		"organizations_update_plan",
		"organizations_validate_invoice",
		"organizations_validate_payment",
		// Change how and where a person pays.
		"account_create_billing_address",
		"account_create_payment_method",
		"account_delete_billing_address",
		"account_delete_payment_method",
		"account_update_billing_address",
		"account_update_payment_method",
		"account_update_payment_method_mandate_options",
		"account_update_payment_method_provider",
		"organizations_delete_backup_payment_method",
		"organizations_delete_billing_address",
		"organizations_delete_default_payment_method",
		"organizations_set_backup_payment_method",
		"organizations_set_billing_address",
		"organizations_set_billing_email",
		"organizations_set_billing_tax_id",
		"organizations_set_default_payment_method",
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
