package toolsearch

import (
	"slices"
	"testing"
)

// TestLexiconIdentity checks the identity area's vocabulary
// (lexicon_identity.txt): users, the caller's own account, teams, file
// tokens and a project's auth settings, each phrased the way people ask.
// A row passes when an acceptable tool is in the top 5.
func TestLexiconIdentity(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		concept, query string
		want           []string
	}{
		{"team named as context", "put maria on the sales team", []string{"teams_create_membership"}},
		{"team named as context", "take joe out of the team", []string{"teams_delete_membership"}},
		{"team named as context", "pull kim off the qa team", []string{"teams_delete_membership"}},
		{"who is in a team", "who is on the dev team", []string{"teams_list_memberships"}},
		{"a person's teams", "which teams is carl in", []string{"users_list_memberships"}},
		{"a person's teams", "which groups does maria belong to", []string{"users_list_memberships"}},
		{"team roles", "make joe an owner of the team", []string{"teams_update_membership"}},
		{"team roles", "demote bob to a regular member", []string{"teams_update_membership"}},
		{"team settings", "shared settings for the team", []string{"teams_get_prefs", "teams_update_prefs"}},
		{"new person", "create a login for the new hire", []string{"users_create"}},
		{"new person", "remove the person from our app", []string{"users_delete"}},
		{"prefs", "user's saved settings", []string{"users_get_prefs"}},
		{"activity", "what has this person been doing", []string{"users_list_logs"}},
		{"second factor", "disable 2-step verification for the customer", []string{"users_update_mfa"}},
		{"second factor", "turn off two step for the user", []string{"users_update_mfa"}},
		{"second factor", "enter my 2fa code", []string{"account_update_mfa_challenge"}},
		{"contact verification", "mark his phone number confirmed", []string{"users_update_phone_verification"}},
		{"contact", "change his mobile number", []string{"users_update_phone"}},
		{"push device", "add a push device for the user", []string{"users_create_target"}},
		{"my account", "my linked logins", []string{"account_list_identities"}},
		{"my account", "sign up for a new account", []string{"account_create"}},
		{"login code", "text me a login code", []string{"account_create_phone_token"}},
		{"login code", "email me a login code", []string{"account_create_email_token"}},
		{"session length", "sessions should last 30 days", []string{"projects_update_auth_duration"}},
		{"session length", "automatically log users out after an hour", []string{"projects_update_auth_duration"}},
		{"session length", "idle timeout for sessions", []string{"projects_update_auth_duration"}},
		{"sessions at once", "max 2 devices per user", []string{"projects_update_auth_sessions_limit"}},
		{"sessions at once", "no more than 1 session per person", []string{"projects_update_auth_sessions_limit"}},
		{"who may sign up", "invite only signups", []string{"projects_update_auth_limit", "projects_update_auth_status"}},
		{"social sign in", "enable login with facebook", []string{"projects_update_oauth2"}},
		{"password rules", "block leaked passwords", []string{"projects_update_auth_password_dictionary"}},
		{"password rules", "reject passwords that contain the user's name", []string{"projects_update_personal_data_check"}},
		{"sign-in alerts", "email users when someone logs into their account", []string{"projects_update_session_alerts"}},
		{"invalidation", "invalidate sessions when password is changed", []string{"projects_update_session_invalidation"}},
		{"sender", "use our own mail server for auth emails", []string{"projects_update_smtp"}},
		{"templates", "edit the invite email", []string{"projects_update_email_template"}},
		{"templates", "restore the default magic link email", []string{"projects_delete_email_template"}},
		{"templates", "what does the invite email say", []string{"projects_get_email_template"}},
		{"privacy", "let team members see each other's emails", []string{"projects_update_memberships_privacy"}},
		{"file links", "create a shareable link to report.pdf", []string{"tokens_create_file_token"}},
		{"invitations", "cancel the pending invitation for tom", []string{"teams_delete_membership"}},
		{"my sessions", "where am i logged in", []string{"account_list_sessions"}},
		{"let back in", "reactivate the customer", []string{"users_update_status"}},
		{"sign-in methods", "allow guest access", []string{"projects_update_auth_status"}},
		{"sign in as someone", "sign the customer in as them to debug", []string{"users_create_session"}},
		{"own account", "make me an account", []string{"account_create"}},
		{"own account", "open an account for the new intern", []string{"users_create"}},
		{"passwordless code", "send a one time code to my email to log in", []string{"account_create_email_token"}},
		{"passwordless code", "passwordless login by email", []string{"account_create_email_token", "account_create_magic_url_token"}},
		{"passwordless code", "sms a login code to my phone", []string{"account_create_phone_token"}},
		{"passwordless code", "let me sign in without a password using my phone", []string{"account_create_phone_token"}},
		{"own push device", "save the apns token for the current user", []string{"account_create_push_target"}},
		{"own push device", "add my device for push notifications", []string{"account_create_push_target"}},
		{"how a person signs in", "did she sign up with github", []string{"users_list_identities"}},
		{"how a person signs in", "which login method does joe use", []string{"users_list_identities"}},
		{"how a person signs in", "does this user log in with google or a password", []string{"users_list_identities"}},
		{"departments are teams", "add alice to engineering", []string{"teams_create_membership"}},
		{"departments are teams", "kick tom out of sales", []string{"teams_delete_membership"}},
		{"console access", "who has console access", []string{"teams_list_memberships"}},
		{"console access", "who in the org can access the appwrite console", []string{"teams_list_memberships"}},
		{"grant access", "grant alice access to our team", []string{"teams_create_membership"}},
		{"grant access", "add bob to the org as an admin", []string{"teams_create_membership"}},
		{"team-wide value", "set a default language for everyone on the team", []string{"teams_update_prefs"}},
		{"team-wide value", "team-wide setting for currency", []string{"teams_get_prefs", "teams_update_prefs"}},
		{"cannot get in", "customer says they cannot sign in, is their account blocked", []string{"users_get"}},
		{"cannot get in", "check her status", []string{"users_get"}},
		{"is it verified", "has joe confirmed his phone number", []string{"users_get"}},
		{"is it verified", "is my email confirmed", []string{"account_get"}},
		{"is it verified", "list unverified users", []string{"users_list"}},
		{"is it verified", "which users haven't verified their email yet", []string{"users_list"}},
		{"is it verified", "set bob's phone confirmed", []string{"users_update_phone_verification"}},
		{"users with mfa", "how many users have 2fa turned on", []string{"users_list"}},
		{"users with mfa", "list users using mfa", []string{"users_list"}},
		{"someone else's record", "reset her password", []string{"users_update_password"}},
		{"someone else's record", "update their phone", []string{"users_update_phone"}},
		{"labels of a user", "which labels are on this user", []string{"users_get"}},
		{"hashed imports", "bring over users with argon2 hashes", []string{"users_create_argon2_user"}},
		{"team history", "show the team history", []string{"teams_list_logs"}},
		{"team history", "who joined or left the design team this month", []string{"teams_list_logs"}},
		{"single sign on", "set up single sign on with microsoft", []string{"projects_update_oauth2"}},
		{"sessions end too soon", "users keep getting logged out", []string{"projects_update_auth_duration"}},
		{"sessions end too soon", "sessions expire too quickly", []string{"projects_update_auth_duration"}},
		{"passwords people pick", "don't let users pick simple passwords", []string{"projects_update_auth_password_dictionary"}},
		{"template wording", "what does the login code sms say", []string{"projects_get_sms_template"}},
		{"own mail server", "use our own smtp for auth emails", []string{"projects_update_smtp"}},
		{"own mail server", "check the smtp is working", []string{"projects_create_smtp_test"}},
		{"shown wrong", "my email shows up wrong, it should be sam@x.io", []string{"account_update_email"}},
		{"template by kind", "change the welcome email template", []string{"projects_update_email_template"}},
		{"invalidation", "sign everyone out when their password changes", []string{"projects_update_session_invalidation"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := matchNames(ix.Search(Request{Query: tt.query, Limit: 5}))
			if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
				t.Errorf("%s: %q: top 5 %v, want one of %v", tt.concept, tt.query, got, tt.want)
			}
		})
	}
}
