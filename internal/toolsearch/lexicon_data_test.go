package toolsearch

import (
	"slices"
	"testing"
)

// TestLexiconData checks phrasings of the data area (tables, columns,
// indexes, storage, migrations, backups, locale, avatars, graphql) that
// rely on lexicon_data.txt: each must rank an acceptable tool in the top 5.
// The phrases were written from the concepts, not copied from the eval.
func TestLexiconData(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		query string
		want  []string
	}{
		// column types
		{"add a checkbox column to the tasks table", []string{"tables_db_create_boolean_column"}},
		{"posts need a bool called published", []string{"tables_db_create_boolean_column"}},
		{"add a decimal field for the price", []string{"tables_db_create_float_column"}},
		{"add a whole number column for the quantity", []string{"tables_db_create_integer_column"}},
		{"add a paragraph column for the bio", []string{"tables_db_create_longtext_column"}},
		{"add latitude and longitude to the stores table", []string{"tables_db_create_point_column"}},
		{"add a birthday column", []string{"tables_db_create_datetime_column"}},
		{"store the visitor ip address in a column", []string{"tables_db_create_ip_column"}},
		{"increase the length of the name column", []string{"tables_db_update_varchar_column", "tables_db_update_string_column", "tables_db_update_text_column"}},
		// relationships
		{"add an fk from comments to posts", []string{"tables_db_create_relationship_column"}},
		{"one to many between authors and books", []string{"tables_db_create_relationship_column", "tables_db_update_relationship_column"}},
		// indexes
		{"make the sku column unique", []string{"tables_db_create_index"}},
		{"speed up queries on the email column", []string{"tables_db_create_index"}},
		{"add a full text search on the title", []string{"tables_db_create_index"}},
		// transactions
		{"begin a txn on the shop database", []string{"tables_db_create_transaction"}},
		{"wrap these three updates in a transaction", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		// rows
		{"seed the products table with dummy data", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		{"truncate the sessions table", []string{"tables_db_delete_rows"}},
		{"empty the events table", []string{"tables_db_delete_rows"}},
		{"backfill the status of every row", []string{"tables_db_update_rows"}},
		// table settings
		{"turn on row level security for the notes table", []string{"tables_db_update_table"}},
		// usage
		{"how big is the orders database", []string{"tables_db_get_usage", "tables_db_list_usage"}},
		{"how much disk space do our files use", []string{"storage_get_usage", "storage_get_bucket_usage"}},
		// storage
		{"remove the uploaded banner.jpg", []string{"storage_delete_file"}},
		{"empty the avatars bucket", []string{"storage_delete_file"}},
		{"only allow png files in the logos bucket", []string{"storage_update_bucket"}},
		{"raise the max upload size of the bucket", []string{"storage_update_bucket"}},
		{"give me a 200 px smaller version of the picture", []string{"storage_get_file_preview"}},
		// migrations
		{"bring my firestore data over", []string{"migrations_create_firebase_migration"}},
		{"we are moving away from supabase", []string{"migrations_create_supabase_migration"}},
		{"load this csv into the contacts table", []string{"migrations_create_csv_import"}},
		{"dump the orders table as csv", []string{"migrations_create_csv_export"}},
		{"dry run before migrating from nhost", []string{"migrations_get_n_host_report"}},
		// backups
		{"restore progress", []string{"backups_get_restoration", "backups_list_restorations"}},
		{"are automatic backups enabled", []string{"backups_list_policies", "backups_get_policy"}},
		{"point in time recovery for the project", []string{"backups_create_restoration"}},
		// locale
		{"which country is this request coming from", []string{"locale_get"}},
		{"list the european union members", []string{"locale_list_countries_eu"}},
		{"all language codes", []string{"locale_list_codes", "locale_list_languages"}},
		// avatars and graphql
		{"proxy an image from another site", []string{"avatars_get_image"}},
		{"make a barcode for this link", []string{"avatars_get_qr"}},
		{"run a graphql query to list users", []string{"graphql_query"}},
		// wave 2: phrasings written from the concepts of the fourth and fifth rounds
		// slow lookups
		{"searching orders by customer takes forever", []string{"tables_db_create_index"}},
		{"filtering products by category is really slow", []string{"tables_db_create_index"}},
		{"queries on the email column are sluggish", []string{"tables_db_create_index"}},
		{"lookups by sku are too slow, fix it", []string{"tables_db_create_index"}},
		{"looking up invoices by customer id takes forever, fix it", []string{"tables_db_create_index"}},
		// container permissions and contents
		{"permissions on the invoices table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"who has access to the products table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"access rules for the posts table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"what's in the avatars bucket", []string{"storage_list_files"}},
		{"list the files inside the docs bucket", []string{"storage_list_files"}},
		// a value in one record
		{"change the quantity on their order", []string{"tables_db_update_row"}},
		{"the customer's order has the wrong shipping address, fix it", []string{"tables_db_update_row"}},
		// site verification records
		{"add the google site verification record to example.com", []string{"domains_create_record_txt"}},
		{"bing webmaster verification for my domain", []string{"domains_create_record_txt"}},
		{"verification record for google search console", []string{"domains_create_record_txt"}},
		// migration reports
		{"how much data would be copied from supabase", []string{"migrations_get_supabase_report"}},
		{"what would come over if we migrate from nhost", []string{"migrations_get_n_host_report"}},
		// wave 3: phrasings written from the concepts of the sixth rounds
		// upsert: insert if missing, else update
		{"add the settings entry if it doesn't exist, otherwise update it", []string{"tables_db_upsert_row", "tables_db_upsert_rows"}},
		{"save this profile row, overwrite if it already exists", []string{"tables_db_upsert_row", "tables_db_upsert_rows"}},
		// bulk update by condition, row filters
		{"mark all expired subscriptions as cancelled", []string{"tables_db_update_rows"}},
		{"set every draft post to published", []string{"tables_db_update_rows"}},
		{"list the tickets where status is open", []string{"tables_db_list_rows"}},
		{"show rows where the status equals failed", []string{"tables_db_list_rows"}},
		// counters moved by an amount
		{"increase the points of player 9 by one", []string{"tables_db_increment_row_column"}},
		{"knock the stock down by 3", []string{"tables_db_decrement_row_column"}},
		{"reduce the stock of sku 44", []string{"tables_db_decrement_row_column"}},
		{"restock item 12 with 20 units", []string{"tables_db_increment_row_column", "tables_db_update_row"}},
		{"add 5 to the score of player 2", []string{"tables_db_increment_row_column"}},
		// relationships said as belonging
		{"link each invoice to the customer it belongs to", []string{"tables_db_create_relationship_column"}},
		{"an author has many books, how do i store that", []string{"tables_db_create_relationship_column"}},
		// many rows from json
		{"insert these records from a json array", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		{"create rows from my json file", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		// transactions said as an outcome
		{"transfer funds between users atomically", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		{"debit one account and credit the other, all or none", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		// schema
		{"what's the table schema for customers", []string{"tables_db_list_columns", "tables_db_get_table"}},
		{"show me the structure of the events table", []string{"tables_db_list_columns", "tables_db_get_table"}},
		// files by type, thumbnails, new buckets, refused uploads, owners
		{"delete the scanned receipt pdf", []string{"storage_delete_file"}},
		{"generate a small thumbnail for the uploaded cover image", []string{"storage_get_file_preview"}},
		{"create a thumbnail of the product photo", []string{"storage_get_file_preview"}},
		{"a new place to store invoices", []string{"storage_create_bucket"}},
		{"somewhere to keep user uploads, images only", []string{"storage_create_bucket"}},
		{"heic uploads get rejected, fix the bucket", []string{"storage_update_bucket"}},
		{"allow mp3 files in the podcast bucket", []string{"storage_update_bucket"}},
		{"users can't upload gif files, allow them", []string{"storage_update_bucket"}},
		{"make the contract file private to the uploader", []string{"storage_update_file"}},
		// migration retry
		{"the nhost migration stopped halfway, run it again", []string{"migrations_retry"}},
		{"rerun the firebase migration that failed", []string{"migrations_retry"}},
	}
	for _, tt := range tests {
		res := ix.Search(Request{Query: tt.query, Limit: 5})
		var got []string
		for _, m := range res.Matches {
			got = append(got, m.Name)
		}
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
			t.Errorf("%q: top 5 %v, want one of %v", tt.query, got, tt.want)
		}
	}
}
