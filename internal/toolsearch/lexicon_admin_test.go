package toolsearch

import (
	"slices"
	"testing"
)

// TestLexiconAdmin checks the admin area's vocabulary (lexicon_admin.txt):
// how people ask about billing, plans, keys, platforms, webhooks, service
// status, messaging, activities and the assistant. Each phrase must bring
// one of the acceptable tools into the top five.
func TestLexiconAdmin(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		concept, query string
		want           []string
	}{
		{"charges", "how much did appwrite charge us in march", []string{"organizations_list_invoices", "organizations_get_invoice"}},
		{"charges", "what were we charged last quarter", []string{"organizations_list_invoices", "organizations_get_invoice"}},
		{"payment method", "which card is on file for the org", []string{"organizations_get_payment_method"}},
		{"payment method", "show our payment details", []string{"organizations_get_payment_method", "account_list_payment_methods"}},
		{"credits", "what's our credit balance", []string{"organizations_get_available_credits"}},
		{"credits", "how many credits do we have left", []string{"organizations_get_available_credits"}},
		{"current plan", "what plan are we on", []string{"organizations_get_plan"}},
		{"current plan", "show my current plan", []string{"organizations_get_plan"}},
		{"plan catalogue", "how much is the scale plan", []string{"console_get_plan", "console_get_plans"}},
		{"plan change", "switch our plan to pro", []string{"organizations_estimation_update_plan"}},
		{"organization words", "bandwidth used by our whole company", []string{"organizations_get_usage"}},
		{"organization words", "usage across all projects this billing cycle", []string{"organizations_get_usage"}},
		{"organization shutdown", "shut down the organization for good", []string{"organizations_delete"}},
		{"key scopes", "what scopes does the server key have", []string{"projects_get_key", "projects_list_keys"}},
		{"key rotation", "rotate the server key", []string{"projects_update_key", "projects_create_key"}},
		{"key expiry", "api keys that never expire", []string{"projects_list_keys", "projects_update_key"}},
		{"dev key", "create a development key without rate limits", []string{"projects_create_dev_key"}},
		{"platforms", "which apps are allowed to talk to our backend", []string{"projects_list_platforms"}},
		{"platforms", "allow requests from staging.example.com", []string{"projects_create_platform"}},
		{"platforms", "update the bundle identifier of the iphone app", []string{"projects_update_platform"}},
		{"webhooks", "post new signups to our slack", []string{"projects_create_webhook"}},
		{"webhooks", "change the callback url", []string{"projects_update_webhook"}},
		{"service status", "turn off the storage service", []string{"projects_update_service_status"}},
		{"service status", "disable graphql for this project", []string{"projects_update_api_status"}},
		{"project transfer", "move the app to another org", []string{"projects_update_team"}},
		{"project owner", "which org owns the shop project", []string{"projects_get"}},
		{"console regions", "which data centers can we pick", []string{"console_list_regions", "organizations_list_regions"}},
		{"console resource", "is the id acme-shop still available", []string{"console_get_resource"}},
		{"announcements", "message everyone about the outage", []string{"messaging_create_email", "messaging_create_sms", "messaging_create_push"}},
		{"scheduled message", "hold off the newsletter until next week", []string{"messaging_update_email"}},
		{"scheduled message", "schedule the promo email for friday", []string{"messaging_create_email"}},
		{"delivery", "the sms never arrived", []string{"messaging_list_message_logs", "messaging_get_message"}},
		{"providers", "set up push notifications for android", []string{"messaging_create_fcm_provider", "messaging_create_apns_provider"}},
		{"providers", "which sms gateway do we use", []string{"messaging_list_providers"}},
		{"topics", "create a contact list for beta testers", []string{"messaging_create_topic"}},
		{"subscribers", "who receives the weekly digest", []string{"messaging_list_subscribers"}},
		{"subscribers", "add carol to the mailing list", []string{"messaging_create_subscriber"}},
		{"activities", "show the recent activity feed", []string{"activities_list_events"}},
		{"assistant", "ask appwrite how to paginate rows", []string{"assistant_chat"}},
		{"project variables", "add a global env var for every function", []string{"project_create_variable"}},
		// Wave 2: concepts from the fourth and fifth rounds.
		{"org key by purpose", "an org api key for terraform", []string{"organizations_create_key"}},
		{"org key by purpose", "api key for the whole org so our scripts can manage projects", []string{"organizations_create_key"}},
		{"org key scopes", "what permissions does the organization key have", []string{"organizations_get_key", "organizations_get_scopes"}},
		{"key by purpose", "api key for the partner integration", []string{"projects_create_key"}},
		{"rotation is a new key", "regenerate the key we use in production", []string{"projects_create_key"}},
		{"rotation is a new key", "cycle the old server key", []string{"projects_create_key"}},
		{"short-lived dev key", "throwaway key for my local setup", []string{"projects_create_dev_key"}},
		{"short-lived dev key", "dev key for the hackathon", []string{"projects_create_dev_key"}},
		{"hand-over", "hand the demo project over to acme's org", []string{"projects_update_team"}},
		{"hand-over", "give the project to a different company", []string{"projects_update_team"}},
		{"paused project", "wake the demo project up", []string{"projects_update_status"}},
		{"paused project", "resume our sleeping project", []string{"projects_update_status"}},
		{"service off", "turn off storage for the whole project", []string{"projects_update_service_status"}},
		{"service off", "disable uploads on the project", []string{"projects_update_service_status"}},
		{"upgrade estimate", "what would that cost if we move up to scale", []string{"organizations_estimation_update_plan"}},
		{"upgrade estimate", "bump our org up to the scale plan", []string{"organizations_estimation_update_plan"}},
		{"plan price", "how much does the pro plan cost per month", []string{"console_get_plan", "console_get_plans"}},
		{"org members", "everyone in our org", []string{"teams_list_memberships"}},
		{"org members", "who can log in to the appwrite console", []string{"teams_list_memberships"}},
		{"org members", "let the new contractor into our org", []string{"teams_create_membership"}},
		{"org billing address", "what's our billing address", []string{"organizations_get_billing_address"}},
		{"org billing address", "which address is on record for invoices", []string{"organizations_get_billing_address"}},
		{"provider set up", "are push notifications set up for android", []string{"messaging_list_providers"}},
		{"provider set up", "have we configured an sms provider", []string{"messaging_list_providers"}},
		{"mailing lists", "take me off the marketing list", []string{"messaging_delete_subscriber"}},
		{"mailing lists", "who is on the beta list", []string{"messaging_list_subscribers"}},
		{"mailing lists", "who's subscribed to the promo emails", []string{"messaging_list_subscribers"}},
		{"call off a send", "call off the push that goes out tonight", []string{"messaging_update_push", "messaging_delete"}},
		{"call off a send", "call off tomorrow's newsletter", []string{"messaging_update_email", "messaging_delete"}},
		{"who changed it", "who deleted the production api key", []string{"activities_list_events"}},
		{"who changed it", "who edited the webhook last night", []string{"activities_list_events"}},
		{"who changed it", "what changed in the org this month", []string{"activities_list_events"}},
		{"tell subscribers", "email our subscribers about the new release", []string{"messaging_create_email"}},
		{"tell subscribers", "text all subscribers that the store is open", []string{"messaging_create_sms"}},
		{"back up is not a backup", "the app is back up, text the beta testers", []string{"messaging_create_sms"}},
		{"shared variable", "add DATABASE_URL for every function and site", []string{"project_create_variable"}},
		{"webhook by target", "webhook to our crm on every new order", []string{"projects_create_webhook"}},
		{"downgrade feedback", "leave feedback on why we downgraded", []string{"organizations_create_downgrade_feedback"}},
		{"downgrade feedback", "give a reason for the downgrade", []string{"organizations_create_downgrade_feedback"}},
		{"per-project cost", "what does each project cost us, cost breakdown", []string{"organizations_list_aggregations", "organizations_get_aggregation"}},
		{"applied coupons", "list applied coupons", []string{"organizations_list_credits"}},
		{"every api", "disable all apis", []string{"projects_update_api_status_all"}},
		{"message went out", "did my sms go out", []string{"messaging_get_message", "messaging_list_messages", "messaging_list_message_logs"}},
		{"search console", "add the search console TXT record", []string{"domains_create_record_txt"}},
		// Wave 3: concepts from the sixth rounds.
		{"is it configured", "check whether an sms provider is configured", []string{"messaging_list_providers"}},
		{"is it configured", "is push set up for android yet", []string{"messaging_list_providers"}},
		{"is it configured", "is twilio hooked up", []string{"messaging_list_providers"}},
		{"is it configured", "are push notifications configured", []string{"messaging_list_providers"}},
		{"text as a verb", "text our users that the store closes early", []string{"messaging_create_sms"}},
		{"text as a verb", "sms customers a reminder about tomorrow", []string{"messaging_create_sms"}},
		{"text as a verb", "send a text to the clients about the downtime", []string{"messaging_create_sms"}},
		{"key by access", "api key with storage access for the uploader", []string{"projects_create_key"}},
		{"key by access", "a secret key for the billing worker", []string{"projects_create_key"}},
		{"key by access", "key with read access to the database for reporting", []string{"projects_create_key"}},
		{"what a key can do", "what can the ci key do", []string{"projects_get_key", "organizations_get_key"}},
		{"what a key can do", "what does this key have access to", []string{"projects_get_key", "organizations_get_key"}},
		{"call my url", "ping my endpoint when someone uploads a file", []string{"projects_create_webhook"}},
		{"call my url", "hit this url every time a user is deleted", []string{"projects_create_webhook"}},
		{"call my url", "post to our endpoint whenever a row changes", []string{"projects_create_webhook"}},
		{"team history", "what happened in the support team lately", []string{"teams_list_logs"}},
		{"own invoices", "mark invoice 42 as paid in our billing table", []string{"tables_db_update_row", "tables_db_update_rows"}},
	}
	for _, tt := range tests {
		got := matchNames(ix.Search(Request{Query: tt.query, Limit: 5}))
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
			t.Errorf("%s: Search(%q) = %v, want one of %v", tt.concept, tt.query, got, tt.want)
		}
	}
}
