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
	}
	for _, tt := range tests {
		got := matchNames(ix.Search(Request{Query: tt.query, Limit: 5}))
		if !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(tt.want, n) }) {
			t.Errorf("%s: Search(%q) = %v, want one of %v", tt.concept, tt.query, got, tt.want)
		}
	}
}
