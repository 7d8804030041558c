package toolsearch

import (
	"slices"
	"testing"
)

// TestLexiconPlatform pins phrasings of the platform area (functions,
// sites, vcs, domains, proxy, project variables, health) that only
// lexicon_platform.txt maps to Appwrite's words: each must bring one of
// the acceptable tools into the top 5.
func TestLexiconPlatform(t *testing.T) {
	ix := NewIndex(realTools(t))
	tests := []struct {
		concept, query string
		want           []string
	}{
		{"failure words", "function crashed with an exception", []string{"functions_list_executions", "functions_get_execution"}},
		{"failure words", "show the stack trace from the function", []string{"functions_list_executions", "functions_get_execution"}},
		{"failure words", "what did the function print", []string{"functions_list_executions", "functions_get_execution"}},
		{"runs are executions", "show the recent runs of my function", []string{"functions_list_executions"}},
		{"timer is a schedule", "run my function every 10 minutes", []string{"projects_create_schedule", "functions_update"}},
		{"languages are runtimes", "which programming languages do functions support", []string{"functions_list_runtimes"}},
		{"languages are runtimes", "is golang supported for functions", []string{"functions_list_runtimes"}},
		{"machine size", "what ram does the function have", []string{"functions_list_specifications"}},
		{"starting point", "list starter templates for sites", []string{"sites_list_templates"}},
		{"starting point", "create a site from a template", []string{"sites_create_template_deployment"}},
		{"putting back", "go back to the last good version of the site", []string{"sites_update_site_deployment"}},
		{"putting back", "use the old build of the function", []string{"functions_update_function_deployment"}},
		{"building again", "build the function again", []string{"functions_create_duplicate_deployment"}},
		{"build state", "is the build finished", []string{"functions_get_deployment", "sites_get_deployment", "functions_list_deployments", "sites_list_deployments"}},
		{"on or off", "pause the function", []string{"functions_update"}},
		{"git deploy", "redeploy the site from the git repo", []string{"sites_create_vcs_deployment"}},
		{"git deploy", "deploy the latest commit of the function", []string{"functions_create_vcs_deployment"}},
		{"website words", "show the landing page's access logs", []string{"sites_list_logs"}},
		{"website words", "put back yesterday's release of the storefront", []string{"sites_update_site_deployment"}},
		{"shared variables", "shared secret for all functions and sites", []string{"project_list_variables", "project_create_variable"}},
		{"repository", "show the readme of the repo", []string{"vcs_get_repository_contents"}},
		{"repository", "analyze the repo to work out its runtime", []string{"vcs_create_repository_detection"}},
		{"pull requests", "enable preview deployments for this pr", []string{"vcs_update_external_deployments"}},
		{"buying a name", "domain ideas for petpal", []string{"domains_list_suggestions"}},
		{"buying a name", "is petpal.io taken", []string{"domains_list_suggestions", "domains_get_price"}},
		{"transfer out", "transfer my domain to namecheap", []string{"domains_create_transfer_out"}},
		{"transfer out", "get the epp code for acme.com", []string{"domains_create_transfer_out"}},
		{"record types", "set up dmarc", []string{"domains_create_record_txt"}},
		{"record types", "point the apex to my load balancer", []string{"domains_create_record_alias"}},
		{"record types", "add caa so only letsencrypt can issue", []string{"domains_create_record_caa"}},
		{"record types", "point the blog subdomain to netlify", []string{"domains_create_record_cname"}},
		{"own domain", "custom domain for my function", []string{"proxy_create_function_rule"}},
		{"forwarding", "forward old.com to new.com", []string{"proxy_create_redirect_rule"}},
		{"own domain", "make my site reachable at shop.acme.com", []string{"proxy_create_site_rule"}},
		{"buying a name", "buy a web address for the shop", []string{"domains_create"}},
		{"build state", "the docs site won't build", []string{"sites_list_deployments", "sites_get_deployment"}},
		{"whole server", "is appwrite down", []string{"health_get"}},
		{"whole server", "is everything ok on the backend", []string{"health_get"}},
		{"one component", "is realtime working", []string{"health_get_pub_sub"}},
		{"queues", "are emails delayed", []string{"health_get_queue_mails"}},
		{"queues", "any dead letter jobs", []string{"health_get_failed_jobs"}},
		// wave 2: phrasings written from the concepts of the fourth and fifth rounds
		{"pending certificate", "verify the domain again, the certificate is still not issued", []string{"proxy_update_rule_verification"}},
		{"pending certificate", "ssl not provisioned yet on the site domain", []string{"proxy_update_rule_verification"}},
		{"stuck build", "the site build is stuck, cancel it", []string{"sites_update_deployment_status"}},
		{"stuck build", "abort the deployment that's hanging", []string{"functions_update_deployment_status", "sites_update_deployment_status"}},
		{"stuck build", "kill the running build", []string{"functions_update_deployment_status", "sites_update_deployment_status"}},
		{"git branch", "make the site track the release branch", []string{"sites_update"}},
		{"git branch", "change which branch the function builds from", []string{"functions_update"}},
		{"repo detection", "what framework does this repo use", []string{"vcs_create_repository_detection"}},
		{"repo detection", "figure out what kind of project this repo is", []string{"vcs_create_repository_detection"}},
		{"runtimes", "which languages can functions be written in", []string{"functions_list_runtimes"}},
		{"build settings", "change the install command of the site", []string{"sites_update"}},
		{"project variables", "a variable every function can read", []string{"project_create_variable", "project_list_variables"}},
		{"usage", "how much cpu time did the function use", []string{"functions_get_usage"}},
		{"usage", "how many invocations did the api function get today", []string{"functions_get_usage"}},
		{"past runs", "show yesterday's runs of the cleanup function", []string{"functions_list_executions"}},
		{"dated rollback", "roll the api function back to last week's build", []string{"functions_update_function_deployment"}},
		{"dated rollback", "put the site back to yesterday's deploy", []string{"sites_update_site_deployment"}},
		{"whose fault", "is appwrite down on their side", []string{"health_get"}},
		{"storage health", "can't upload files, is storage down", []string{"health_get_storage"}},
		{"storage health", "uploads are failing, check storage", []string{"health_get_storage"}},
		{"queues", "are the function executions piling up in the queue", []string{"health_get_queue_functions"}},
		{"set a variable", "set an API_TOKEN env var for the site", []string{"sites_create_variable"}},
		{"storage health", "file uploads keep failing, is storage even working", []string{"health_get_storage"}},
		{"repeated failure", "the checkout function keeps timing out", []string{"functions_list_executions", "functions_get_execution"}},
		// wave 3: phrasings written from the concepts of the sixth rounds
		{"same code", "redeploy the api function with the same code", []string{"functions_create_duplicate_deployment"}},
		{"same code", "rebuild the site deployment without code changes", []string{"sites_create_duplicate_deployment"}},
		{"same code", "redo the last site build", []string{"sites_create_duplicate_deployment"}},
		{"git branch", "deploy the docs site from the staging branch", []string{"sites_create_vcs_deployment"}},
		{"site requests", "the storefront throws 500s, show the incoming requests", []string{"sites_list_logs"}},
		{"site requests", "check the logs of the marketing site", []string{"sites_list_logs"}},
		{"build settings", "set the install command to pnpm install", []string{"sites_update", "functions_update"}},
		{"build settings", "change the site's build command to yarn build", []string{"sites_update"}},
		{"failed job", "the scheduled task failed last night", []string{"functions_list_executions", "functions_get_execution"}},
		{"failed job", "why did the cron job fail yesterday", []string{"functions_list_executions", "functions_get_execution"}},
		{"failed job", "my backend job crashed, why", []string{"functions_list_executions", "functions_get_execution"}},
		{"schedule", "run the cleanup function every 10 minutes", []string{"functions_update"}},
		{"schedule", "the report job runs daily, make it hourly", []string{"functions_update"}},
		{"templates", "is there a premade function for sending emails", []string{"functions_list_templates", "functions_get_template"}},
		{"templates", "ready made site for a blog", []string{"sites_list_templates", "sites_get_template"}},
		{"slow app", "app is slow today, is the db ok", []string{"health_get_db"}},
		{"slow app", "the app is very slow, is appwrite having issues", []string{"health_get", "health_get_db"}},
		{"db health", "is the database healthy right now", []string{"health_get_db"}},
	}
	for _, tt := range tests {
		got := matchNames(ix.Search(Request{Query: tt.query, Limit: 5}))
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
			t.Errorf("%s: Search(%q) = %v, want one of %v", tt.concept, tt.query, got, tt.want)
		}
	}
}
