package catalog

import "testing"

// TestSnakeKey pins the spelling rule every argument key goes through
// (moved from internal/tools, which uses it to accept camelCase keys).
func TestSnakeKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"user_id", "user_id"},
		{"userId", "user_id"},
		{"UserID", "user_id"},
		{"userID", "user_id"},
		{"$id", "id"},
		{"$permissions", "permissions"},
		{"databaseId", "database_id"},
		{"HTTPMethod", "http_method"},
		{"file-id", "file_id"},
		{"mfa2Factor", "mfa2_factor"},
		{"confirmWrite", "confirm_write"},
		{"ConfirmWrite", "confirm_write"},
	}
	for _, tt := range tests {
		if got := SnakeKey(tt.in); got != tt.want {
			t.Errorf("SnakeKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
