package fakeappwrite

import "maps"

// Seed timestamps, fixed so the sandbox answers the same every run.
const (
	seedDay1 = "2025-03-03T09:12:44.000+00:00"
	seedDay2 = "2025-03-10T14:05:09.000+00:00"
	seedDay3 = "2025-04-22T08:47:31.000+00:00"
)

// SandboxSeed is a believable account for the local sandbox and for tests:
// DefaultConsole's account and its first organization (org-one) with two
// projects, shop (fra) and blog (nyc). Project shop holds users, a
// database with a table and rows, a bucket with a file record, a function,
// a site, a team with memberships, a messaging topic and provider; the
// console store holds its web platform and an API key whose secret is
// stored as Appwrite stores it (so tests can check it is never shown).
func SandboxSeed() Seed {
	c := DefaultConsole()
	c.Organizations = c.Organizations[:1]
	return Seed{
		Console: &c,
		Documents: map[string]map[string][]Document{
			DefaultProject: consoleSeed(),
			"shop":         shopSeed(),
			"blog":         blogSeed(),
		},
	}
}

// consoleSeed is the console-level content of the sandbox's projects.
func consoleSeed() map[string][]Document {
	return map[string][]Document{
		"/projects/shop/platforms": {
			{"$id": "web-shop", "$createdAt": seedDay1, "type": "web", "name": "Shop storefront", "hostname": "shop.example.com", "key": "", "store": ""},
		},
		"/projects/shop/keys": {
			{
				"$id": "ci-deploy", "$createdAt": seedDay2, "name": "CI deploy", "expire": "", "accessedAt": seedDay3, "sdks": []any{"node"},
				"scopes": []any{"functions.read", "functions.write", "sites.read", "sites.write"},
				"secret": "standard_5ee0b8d1c1a04f0e9d7c3a2b6f4e8d1c0b9a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d",
			},
		},
		"/projects/blog/platforms": {
			{"$id": "web-blog", "$createdAt": seedDay1, "type": "web", "name": "Blog", "hostname": "blog.example.com", "key": "", "store": ""},
		},
	}
}

func seedUser(id, name, email string, verified bool, labels ...any) Document {
	return Document{
		"$id": id, "$createdAt": seedDay1, "$updatedAt": seedDay2, "name": name, "email": email, "phone": "",
		"status": true, "labels": append([]any{}, labels...), "prefs": map[string]any{}, "emailVerification": verified,
		"phoneVerification": false, "mfa": false, "targets": []any{}, "registration": seedDay1, "accessedAt": seedDay3,
		"password": "$argon2id$v=19$m=65536,t=4,p=3$c2VlZGVkLXNhbmRib3g$Zm9yLXRlc3RzLW9ubHk", "hash": "argon2",
		"passwordUpdate": seedDay1,
	}
}

// shopSeed is the content of project shop.
func shopSeed() map[string][]Document {
	docs := map[string][]Document{
		"/users": {
			seedUser("grace", "Grace Hopper", "grace@example.com", true, "admin"),
			seedUser("alan", "Alan Turing", "alan@example.com", true),
			seedUser("katherine", "Katherine Johnson", "katherine@example.com", false, "beta"),
			seedUser("margaret", "Margaret Hamilton", "margaret@example.com", true),
		},
		"/tablesdb": {{"$id": "main", "$createdAt": seedDay1, "name": "Main", "enabled": true, "type": "tablesdb"}},
		"/tablesdb/main/tables": {
			{"$id": "orders", "$createdAt": seedDay1, "name": "Orders", "enabled": true, "rowSecurity": false, "$permissions": []any{`read("users")`}},
		},
		"/tablesdb/main/tables/orders/columns": {
			{"$id": "customer", "key": "customer", "type": "string", "size": float64(128), "required": true, "array": false, "status": "available", "error": ""},
			{"$id": "total", "key": "total", "type": "double", "required": true, "array": false, "status": "available", "error": ""},
			{"$id": "state", "key": "state", "type": "string", "format": "enum", "elements": []any{"open", "paid", "shipped"}, "required": false, "array": false, "status": "available", "error": ""},
		},
		"/tablesdb/main/tables/orders/indexes": {
			{"$id": "by_customer", "key": "by_customer", "type": "key", "columns": []any{"customer"}, "orders": []any{"ASC"}, "status": "available", "error": ""},
		},
		"/tablesdb/main/tables/orders/rows": {
			{"$id": "order-1001", "$createdAt": seedDay1, "customer": "grace", "total": 42.5, "state": "paid"},
			{"$id": "order-1002", "$createdAt": seedDay2, "customer": "alan", "total": 18.0, "state": "open"},
			{"$id": "order-1003", "$createdAt": seedDay3, "customer": "grace", "total": 99.9, "state": "shipped"},
		},
	}
	maps.Copy(docs, shopServicesSeed())
	return docs
}

// shopServicesSeed is project shop's storage, functions, sites, teams and
// messaging.
func shopServicesSeed() map[string][]Document {
	return map[string][]Document{
		"/storage/buckets": {
			{
				"$id": "product-images", "$createdAt": seedDay1, "name": "Product images", "enabled": true, "fileSecurity": false,
				"maximumFileSize": float64(30000000), "allowedFileExtensions": []any{"png", "jpg", "webp"}, "compression": "none", "encryption": true, "antivirus": true,
			},
		},
		"/storage/buckets/product-images/files": {
			{
				"$id": "hero-banner", "$createdAt": seedDay2, "name": "hero-banner.png", "mimeType": "image/png", "sizeOriginal": float64(48213),
				"signature": "5d41402abc4b2a76b9719d911017c592", "chunksTotal": float64(1), "chunksUploaded": float64(1), "compression": "none", "encryption": true,
			},
		},
		"/functions": {
			{
				"$id": "send-receipt", "$createdAt": seedDay2, "name": "Send receipt", "runtime": "node-22", "entrypoint": "src/main.js",
				"enabled": true, "live": true, "logging": true, "deploymentId": "", "events": []any{"tablesdb.main.tables.orders.rows.*.create"}, "schedule": "", "timeout": float64(15),
			},
		},
		"/sites": {
			{
				"$id": "storefront", "$createdAt": seedDay2, "name": "Storefront", "framework": "nextjs", "buildRuntime": "node-22",
				"enabled": true, "live": true, "logging": true, "deploymentId": "",
			},
		},
		"/teams": {{"$id": "support", "$createdAt": seedDay1, "name": "Support", "total": float64(2), "prefs": map[string]any{}}},
		"/teams/support/memberships": {
			{"$id": "m-grace", "userId": "grace", "userName": "Grace Hopper", "userEmail": "grace@example.com", "roles": []any{"owner"}, "confirm": true, "joined": seedDay1},
			{"$id": "m-margaret", "userId": "margaret", "userName": "Margaret Hamilton", "userEmail": "margaret@example.com", "roles": []any{"member"}, "confirm": true, "joined": seedDay2},
		},
		"/messaging/topics": {
			{"$id": "order-updates", "$createdAt": seedDay2, "name": "Order updates", "emailTotal": float64(2), "smsTotal": float64(0), "pushTotal": float64(0), "subscribe": []any{"users"}},
		},
		"/messaging/providers": {
			{
				"$id": "sendgrid-main", "$createdAt": seedDay2, "name": "SendGrid", "provider": "sendgrid", "type": "email", "enabled": true,
				"credentials": map[string]any{"apiKey": "SG.fake-sendgrid-api-key"}, "options": map[string]any{"fromName": "Shop", "fromEmail": "orders@shop.example.com"},
			},
		},
	}
}

// blogSeed is the content of project blog.
func blogSeed() map[string][]Document {
	return map[string][]Document{
		"/users": {
			seedUser("edsger", "Edsger Dijkstra", "edsger@example.com", true),
			seedUser("barbara", "Barbara Liskov", "barbara@example.com", true, "editor"),
		},
		"/tablesdb":                {{"$id": "content", "$createdAt": seedDay1, "name": "Content", "enabled": true, "type": "tablesdb"}},
		"/tablesdb/content/tables": {{"$id": "posts", "$createdAt": seedDay1, "name": "Posts", "enabled": true, "rowSecurity": false}},
		"/tablesdb/content/tables/posts/rows": {
			{"$id": "hello-world", "$createdAt": seedDay1, "title": "Hello, world", "author": "edsger", "published": true},
			{"$id": "on-abstraction", "$createdAt": seedDay3, "title": "On abstraction", "author": "barbara", "published": false},
		},
	}
}
