package toolsearch

import "testing"

// TestLexiconData checks phrasings of the data area (tables, columns,
// indexes, storage, migrations, backups, locale, avatars, graphql) that
// rely on lexicon_data.txt: each must rank an acceptable tool in the top 5.
// The phrases were written from the concepts, not copied from the eval.
func TestLexiconData(t *testing.T) {
	checkProbes(t, []probe{
		// column types
		{"column types", "add a checkbox column to the tasks table", []string{"tables_db_create_boolean_column"}},
		{"column types", "posts need a bool called published", []string{"tables_db_create_boolean_column"}},
		{"column types", "add a decimal field for the price", []string{"tables_db_create_float_column"}},
		{"column types", "add a whole number column for the quantity", []string{"tables_db_create_integer_column"}},
		{"column types", "add a paragraph column for the bio", []string{"tables_db_create_longtext_column"}},
		{"column types", "add latitude and longitude to the stores table", []string{"tables_db_create_point_column"}},
		{"column types", "add a birthday column", []string{"tables_db_create_datetime_column"}},
		{"column types", "store the visitor ip address in a column", []string{"tables_db_create_ip_column"}},
		{"column types", "increase the length of the name column", []string{"tables_db_update_varchar_column", "tables_db_update_string_column", "tables_db_update_text_column"}},
		// relationships
		{"relationships", "add an fk from comments to posts", []string{"tables_db_create_relationship_column"}},
		{"relationships", "one to many between authors and books", []string{"tables_db_create_relationship_column", "tables_db_update_relationship_column"}},
		// indexes
		{"indexes", "make the sku column unique", []string{"tables_db_create_index"}},
		{"indexes", "speed up queries on the email column", []string{"tables_db_create_index"}},
		{"indexes", "add a full text search on the title", []string{"tables_db_create_index"}},
		// transactions
		{"transactions", "begin a txn on the shop database", []string{"tables_db_create_transaction"}},
		{"transactions", "wrap these three updates in a transaction", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		// rows
		{"rows", "seed the products table with dummy data", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		{"rows", "truncate the sessions table", []string{"tables_db_delete_rows"}},
		{"rows", "empty the events table", []string{"tables_db_delete_rows"}},
		{"rows", "backfill the status of every row", []string{"tables_db_update_rows"}},
		// table settings
		{"table settings", "turn on row level security for the notes table", []string{"tables_db_update_table"}},
		// usage
		{"usage", "how big is the orders database", []string{"tables_db_get_usage", "tables_db_list_usage"}},
		{"usage", "how much disk space do our files use", []string{"storage_get_usage", "storage_get_bucket_usage"}},
		// storage
		{"storage", "remove the uploaded banner.jpg", []string{"storage_delete_file"}},
		{"storage", "empty the avatars bucket", []string{"storage_delete_file"}},
		{"storage", "only allow png files in the logos bucket", []string{"storage_update_bucket"}},
		{"storage", "raise the max upload size of the bucket", []string{"storage_update_bucket"}},
		{"storage", "give me a 200 px smaller version of the picture", []string{"storage_get_file_preview"}},
		// migrations
		{"migrations", "bring my firestore data over", []string{"migrations_create_firebase_migration"}},
		{"migrations", "we are moving away from supabase", []string{"migrations_create_supabase_migration"}},
		{"migrations", "load this csv into the contacts table", []string{"migrations_create_csv_import"}},
		{"migrations", "dump the orders table as csv", []string{"migrations_create_csv_export"}},
		{"migrations", "dry run before migrating from nhost", []string{"migrations_get_n_host_report"}},
		// backups
		{"backups", "restore progress", []string{"backups_get_restoration", "backups_list_restorations"}},
		{"backups", "are automatic backups enabled", []string{"backups_list_policies", "backups_get_policy"}},
		{"backups", "point in time recovery for the project", []string{"backups_create_restoration"}},
		// locale
		{"locale", "which country is this request coming from", []string{"locale_get"}},
		{"locale", "list the european union members", []string{"locale_list_countries_eu"}},
		{"locale", "all language codes", []string{"locale_list_codes", "locale_list_languages"}},
		// avatars and graphql
		{"avatars and graphql", "proxy an image from another site", []string{"avatars_get_image"}},
		{"avatars and graphql", "make a barcode for this link", []string{"avatars_get_qr"}},
		{"avatars and graphql", "run a graphql query to list users", []string{"graphql_query"}},
		// wave 2: phrasings written from the concepts of the fourth and fifth rounds
		// slow lookups
		{"slow lookups", "searching orders by customer takes forever", []string{"tables_db_create_index"}},
		{"slow lookups", "filtering products by category is really slow", []string{"tables_db_create_index"}},
		{"slow lookups", "queries on the email column are sluggish", []string{"tables_db_create_index"}},
		{"slow lookups", "lookups by sku are too slow, fix it", []string{"tables_db_create_index"}},
		{"slow lookups", "looking up invoices by customer id takes forever, fix it", []string{"tables_db_create_index"}},
		// container permissions and contents
		{"container permissions and contents", "permissions on the invoices table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"container permissions and contents", "who has access to the products table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"container permissions and contents", "access rules for the posts table", []string{"tables_db_get_table", "tables_db_update_table"}},
		{"container permissions and contents", "what's in the avatars bucket", []string{"storage_list_files"}},
		{"container permissions and contents", "list the files inside the docs bucket", []string{"storage_list_files"}},
		// a value in one record
		{"a value in one record", "change the quantity on their order", []string{"tables_db_update_row"}},
		{"a value in one record", "the customer's order has the wrong shipping address, fix it", []string{"tables_db_update_row"}},
		// site verification records
		{"site verification records", "add the google site verification record to example.com", []string{"domains_create_record_txt"}},
		{"site verification records", "bing webmaster verification for my domain", []string{"domains_create_record_txt"}},
		{"site verification records", "verification record for google search console", []string{"domains_create_record_txt"}},
		// migration reports
		{"migration reports", "how much data would be copied from supabase", []string{"migrations_get_supabase_report"}},
		{"migration reports", "what would come over if we migrate from nhost", []string{"migrations_get_n_host_report"}},
		// wave 3: phrasings written from the concepts of the sixth rounds
		// upsert: insert if missing, else update
		{"upsert: insert if missing, else update", "add the settings entry if it doesn't exist, otherwise update it", []string{"tables_db_upsert_row", "tables_db_upsert_rows"}},
		{"upsert: insert if missing, else update", "save this profile row, overwrite if it already exists", []string{"tables_db_upsert_row", "tables_db_upsert_rows"}},
		// bulk update by condition, row filters
		{"bulk update by condition, row filters", "mark all expired subscriptions as cancelled", []string{"tables_db_update_rows"}},
		{"bulk update by condition, row filters", "set every draft post to published", []string{"tables_db_update_rows"}},
		{"bulk update by condition, row filters", "list the tickets where status is open", []string{"tables_db_list_rows"}},
		{"bulk update by condition, row filters", "show rows where the status equals failed", []string{"tables_db_list_rows"}},
		// counters moved by an amount
		{"counters moved by an amount", "increase the points of player 9 by one", []string{"tables_db_increment_row_column"}},
		{"counters moved by an amount", "knock the stock down by 3", []string{"tables_db_decrement_row_column"}},
		{"counters moved by an amount", "reduce the stock of sku 44", []string{"tables_db_decrement_row_column"}},
		{"counters moved by an amount", "restock item 12 with 20 units", []string{"tables_db_increment_row_column", "tables_db_update_row"}},
		{"counters moved by an amount", "add 5 to the score of player 2", []string{"tables_db_increment_row_column"}},
		// relationships said as belonging
		{"relationships said as belonging", "link each invoice to the customer it belongs to", []string{"tables_db_create_relationship_column"}},
		{"relationships said as belonging", "an author has many books, how do i store that", []string{"tables_db_create_relationship_column"}},
		// many rows from json
		{"many rows from json", "insert these records from a json array", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		{"many rows from json", "create rows from my json file", []string{"tables_db_create_rows", "tables_db_upsert_rows"}},
		// transactions said as an outcome
		{"transactions said as an outcome", "transfer funds between users atomically", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		{"transactions said as an outcome", "debit one account and credit the other, all or none", []string{"tables_db_create_transaction", "tables_db_create_operations"}},
		// schema
		{"schema", "what's the table schema for customers", []string{"tables_db_list_columns", "tables_db_get_table"}},
		{"schema", "show me the structure of the events table", []string{"tables_db_list_columns", "tables_db_get_table"}},
		// files by type, thumbnails, new buckets, refused uploads, owners
		{"files by type, thumbnails, new buckets, refused uploads, owners", "delete the scanned receipt pdf", []string{"storage_delete_file"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "generate a small thumbnail for the uploaded cover image", []string{"storage_get_file_preview"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "create a thumbnail of the product photo", []string{"storage_get_file_preview"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "a new place to store invoices", []string{"storage_create_bucket"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "somewhere to keep user uploads, images only", []string{"storage_create_bucket"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "heic uploads get rejected, fix the bucket", []string{"storage_update_bucket"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "allow mp3 files in the podcast bucket", []string{"storage_update_bucket"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "users can't upload gif files, allow them", []string{"storage_update_bucket"}},
		{"files by type, thumbnails, new buckets, refused uploads, owners", "make the contract file private to the uploader", []string{"storage_update_file"}},
		// migration retry
		{"migration retry", "the nhost migration stopped halfway, run it again", []string{"migrations_retry"}},
		{"migration retry", "rerun the firebase migration that failed", []string{"migrations_retry"}},
		// wave 4: phrasings written from the concepts of a walk over the data area's catalog
		// favicons
		{"favicons", "show me the tab icon for stripe.com", []string{"avatars_get_favicon"}},
		{"favicons", "get the bookmark icon of that website", []string{"avatars_get_favicon"}},
		// remote images
		{"remote images", "resize an image from their cdn to 300px", []string{"avatars_get_image"}},
		{"remote images", "crop a picture from a url into a square", []string{"avatars_get_image"}},
		// initials
		{"initials", "a placeholder picture for members with no profile photo", []string{"avatars_get_initials"}},
		// qr codes
		{"qr codes", "a code people can scan to open the menu", []string{"avatars_get_qr"}},
		{"qr codes", "make a scannable code for our website", []string{"avatars_get_qr"}},
		// screenshots
		{"screenshots", "grab a picture of the website for the docs", []string{"avatars_get_screenshot"}},
		{"screenshots", "what does our landing page look like on mobile", []string{"avatars_get_screenshot"}},
		// backup now
		{"backup now", "make a backup of everything before the release", []string{"backups_create_archive"}},
		{"backup now", "snapshot everything right now", []string{"backups_create_archive"}},
		// restore
		{"restore", "put the data back the way it was on monday", []string{"backups_create_restoration"}},
		// backup schedules
		{"backup schedules", "disable the weekly backups", []string{"backups_update_policy", "backups_delete_policy"}},
		{"backup schedules", "how often do we back up the project", []string{"backups_get_policy", "backups_list_policies"}},
		// backup copies
		{"backup copies", "list every saved backup copy", []string{"backups_list_archives"}},
		// restore history
		{"restore history", "show previous restores", []string{"backups_list_restorations"}},
		// graphql
		{"graphql", "query the database through graphql", []string{"graphql_query"}},
		{"graphql", "update a row via graphql", []string{"graphql_mutation"}},
		// locale
		{"locale", "which country am i connecting from", []string{"locale_get"}},
		{"locale", "show the supported locale codes", []string{"locale_list_codes"}},
		// appwrite migration
		{"appwrite migration", "copy the data from our self hosted server", []string{"migrations_create_appwrite_migration"}},
		// spreadsheets
		{"spreadsheets", "export the invoices table as a spreadsheet", []string{"migrations_create_csv_export"}},
		{"spreadsheets", "import products from a spreadsheet", []string{"migrations_create_csv_import"}},
		// leaving a provider
		{"leaving a provider", "we are leaving supabase, move everything", []string{"migrations_create_supabase_migration"}},
		{"leaving a provider", "ditch firebase and bring the users here", []string{"migrations_create_firebase_migration"}},
		// import progress
		{"import progress", "what's the import status", []string{"migrations_get", "migrations_list"}},
		// upload caps
		{"upload caps", "limit uploads to 5mb", []string{"storage_update_bucket"}},
		// downloads
		{"downloads", "save the uploaded contract to my laptop", []string{"storage_get_file_download"}},
		// inline view
		{"inline view", "open the invoice pdf in the browser", []string{"storage_get_file_view"}},
		// storage bill
		{"storage bill", "what are we paying for storage", []string{"storage_get_usage", "storage_get_bucket_usage"}},
		// storage across buckets
		{"storage across buckets", "total GB stored in all buckets", []string{"storage_get_usage"}},
		// columns said by content
		{"columns said by content", "add a column for when the invoice was paid", []string{"tables_db_create_datetime_column"}},
		{"columns said by content", "the size field can only be s, m or l", []string{"tables_db_create_enum_column", "tables_db_update_enum_column"}},
		{"columns said by content", "add a delivery route column to the trips table", []string{"tables_db_create_line_column"}},
		{"columns said by content", "add a delivery zone column for each restaurant", []string{"tables_db_create_polygon_column"}},
		{"columns said by content", "add a column for the article body", []string{"tables_db_create_longtext_column"}},
		// column ranges
		{"column ranges", "prices should never go below zero", []string{"tables_db_update_float_column"}},
		// column defaults
		{"column defaults", "make the verified field default to false", []string{"tables_db_update_boolean_column"}},
		// alter
		{"alter", "alter the url column", []string{"tables_db_update_url_column"}},
		// table settings
		{"table settings", "describe the invoices table", []string{"tables_db_get_table"}},
		// table history
		{"table history", "audit log for the invoices table", []string{"tables_db_list_table_logs"}},
		// table usage
		{"table usage", "how busy is the events table", []string{"tables_db_get_table_usage"}},
		// decrement
		{"decrement", "one less ticket left after each purchase", []string{"tables_db_decrement_row_column"}},
		{"decrement", "take one off the quantity of item 7", []string{"tables_db_decrement_row_column"}},
		// upsert
		{"upsert", "write the cart row if it's new, otherwise update it", []string{"tables_db_upsert_row", "tables_db_upsert_rows"}},
		// row conditions
		{"row conditions", "delete all subscribers whose plan is free", []string{"tables_db_delete_rows"}},
		// databases
		{"databases", "switch off the legacy database for now", []string{"tables_db_update"}},
		// column defaults
		{"column defaults", "the archived flag should default to true", []string{"tables_db_update_boolean_column"}},
	})
}
