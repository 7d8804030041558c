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
	}
	for _, tt := range tests {
		got := matchNames(ix.Search(Request{Query: tt.query, Limit: 5}))
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
			t.Errorf("%s: Search(%q) = %v, want one of %v", tt.concept, tt.query, got, tt.want)
		}
	}
}
