package toolsearch

import "testing"

// TestLexiconErrors checks Appwrite's error types as people paste them
// (lexicon_errors.txt): each must bring a tool that looks at or fixes
// the cause into the top five.
func TestLexiconErrors(t *testing.T) {
	checkProbes(t, []probe{
		{"auth method", "user_auth_method_unsupported when calling phone login, enable it", []string{"projects_update_auth_status"}},
		{"auth method", "AppwriteException: user_auth_method_unsupported on magic link", []string{"projects_update_auth_status"}},
		{"unauthorized", "user_unauthorized (401) but only on the posts table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"file size", "storage_invalid_file_size uploading 40mb videos", []string{"storage_update_bucket", "storage_get_bucket"}},
		{"file type", "storage_file_type_unsupported for heic photos, allow them", []string{"storage_update_bucket"}},
		{"scope", "general_unauthorized_scope from my server script", []string{"projects_update_key", "projects_get_key", "projects_list_keys"}},
		{"blocked", "she gets user_blocked when she logs in", []string{"users_update_status"}},
		{"user limit", "user_count_exceeded on signup, raise it", []string{"projects_update_auth_limit"}},
		{"service", "general_service_disabled when calling storage", []string{"projects_update_service_status"}},
		{"runtime", "function_runtime_unsupported for node-22, which can I use", []string{"functions_list_runtimes"}},
		{"structure", "document_invalid_structure when creating a post", []string{"tables_db_list_columns", "databases_list_attributes", "tables_db_get_table"}},
		{"column limit", "column_limit_exceeded on the products table", []string{"tables_db_list_columns", "tables_db_get_table", "tables_db_delete_column"}},
		{"provider", "project_provider_disabled when signing in with github", []string{"projects_update_oauth2"}},
		{"origin", "general_unknown_origin from localhost:5173", []string{"projects_create_platform"}},
		{"smtp", "general_smtp_disabled when sending the reset email", []string{"projects_update_smtp"}},
		{"not found", "storage_bucket_not_found 404 on upload, does the bucket avatars exist", []string{"storage_list_buckets", "storage_get_bucket"}},
		{"not found", "function_not_found when my view calls execute with id send-invoice", []string{"functions_list", "functions_get"}},
		{"not found", "user_not_found (404) for the id my backend passes", []string{"users_list", "users_get"}},
		{"password history", "user_password_recently_used, can we turn that check off", []string{"projects_update_auth_password_history"}},
	})
}
