#!/usr/bin/env node
// Interop check: the official MCP TypeScript SDK client (the one Claude Code,
// VS Code and Cursor build on) against appwrite-mcp.
//
//   node client.mjs <mcp-url>
//
// It runs the whole OAuth 2.1 flow through the SDK's own auth machinery
// (an OAuthClientProvider: 401 -> protected-resource metadata -> authorization
// server metadata -> dynamic client registration -> authorize with PKCE ->
// token -> initialize), then tools/list, appwrite_search_tools, a read call
// through appwrite_call_tool and a write without confirm_write (which must
// come back as isError). The authorization server must approve /authorize at
// once and redirect (the in-repo fake of Appwrite Cloud does); the script
// reads the code from the Location header instead of running a browser.
//
// Output: one JSON summary on stdout. Exit 0 only when every step passed;
// diagnostics go to stderr. Every wait is bounded. No token is printed.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const TOTAL_TIMEOUT_MS = Number(process.env.INTEROP_TIMEOUT_MS || 30000);
// INTEROP_ISSUER_SUFFIX_DISCOVERY_ONLY=1 answers 404 (locally, without a
// request) for the RFC 8414 / OIDC path-insertion metadata URLs on the
// authorization server's origin, as an authorization server that publishes
// only <issuer>/.well-known/openid-configuration would: the SDK must fall back.
const SUFFIX_DISCOVERY_ONLY = process.env.INTEROP_ISSUER_SUFFIX_DISCOVERY_ONLY === '1';
const REQUEST_TIMEOUT_MS = 10000;
const REDIRECT_URL = 'http://127.0.0.1:1/callback'; // never opened: the code is read from Location

// The read call and the unconfirmed write. The Go test serves the read route
// from the fake and checks that the write never reached it.
const READ_CALL = {
  tool_name: 'tables_db_list_rows',
  project_id: 'shop',
  arguments: { databaseId: 'main', tableId: 'books' },
};
const WRITE_CALL = {
  tool_name: 'tables_db_create_row',
  project_id: 'shop',
  arguments: { databaseId: 'main', tableId: 'books', rowId: 'r2', data: { title: 'Emma' } },
};

const OPERATOR_TOOLS = ['appwrite_call_tool', 'appwrite_get_context', 'appwrite_search_tools'];

function fail(message) {
  throw new Error(message);
}

function sdkVersion() {
  try {
    const p = new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url);
    return JSON.parse(readFileSync(p, 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

// Every HTTP request the SDK makes (MCP and OAuth), without query strings,
// headers or bodies: enough to see the discovery order, never a secret.
function tracingFetch(trace) {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method || (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const entry = { method, url: url.origin + url.pathname, status: 0 };
    trace.push(entry);
    if (
      SUFFIX_DISCOVERY_ONLY &&
      /^\/\.well-known\/(oauth-authorization-server|openid-configuration)\/./.test(url.pathname)
    ) {
      entry.status = 404;
      entry.simulated = true;
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
      : AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const res = await fetch(input, { ...init, signal });
    entry.status = res.status;
    return res;
  };
}

// An in-memory OAuthClientProvider: a public client (PKCE, no secret) that
// registers dynamically and "opens the browser" with fetch(redirect: manual).
class InMemoryOAuthProvider {
  constructor(trace) {
    this.trace = trace;
    this._client = undefined;
    this._tokens = undefined;
    this._verifier = undefined;
    this._state = undefined;
    this.registrations = 0;
    this.authorizationCode = undefined;
    this.authorizationRequest = undefined;
  }

  get redirectUrl() {
    return REDIRECT_URL;
  }

  get clientMetadata() {
    return {
      client_name: 'appwrite-mcp interop (TypeScript SDK)',
      redirect_uris: [REDIRECT_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state() {
    this._state = randomBytes(16).toString('base64url');
    return this._state;
  }

  clientInformation() {
    return this._client;
  }

  saveClientInformation(info) {
    if (!this._client || this._client.client_id !== info.client_id) this.registrations++;
    this._client = info;
  }

  tokens() {
    return this._tokens;
  }

  saveTokens(tokens) {
    this._tokens = tokens;
  }

  saveCodeVerifier(v) {
    this._verifier = v;
  }

  codeVerifier() {
    if (!this._verifier) fail('no PKCE code verifier saved');
    return this._verifier;
  }

  // The "browser": GET the authorization URL without following the redirect
  // and take code, state and iss from the Location header.
  async redirectToAuthorization(authorizationUrl) {
    const q = authorizationUrl.searchParams;
    this.authorizationRequest = {
      endpoint: authorizationUrl.origin + authorizationUrl.pathname,
      response_type: q.get('response_type'),
      client_id_matches: q.get('client_id') === this._client?.client_id,
      code_challenge_method: q.get('code_challenge_method'),
      has_code_challenge: Boolean(q.get('code_challenge')),
      resource: q.get('resource'),
      scope_count: (q.get('scope') || '').split(' ').filter(Boolean).length,
      has_state: Boolean(q.get('state')),
    };
    this.trace.push({ method: 'GET', url: this.authorizationRequest.endpoint, status: 0, browser: true });
    const res = await fetch(authorizationUrl, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    this.trace[this.trace.length - 1].status = res.status;
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) {
      fail(`authorize answered ${res.status} without a redirect`);
    }
    const back = new URL(location);
    if (back.origin + back.pathname !== REDIRECT_URL) fail(`authorize redirected elsewhere: ${back.origin}${back.pathname}`);
    const p = back.searchParams;
    if (p.get('error')) fail(`authorize error ${p.get('error')}: ${p.get('error_description')}`);
    if (this._state && p.get('state') !== this._state) fail('authorize returned a different state');
    this.authorizationResponse = { has_code: Boolean(p.get('code')), state_matches: p.get('state') === this._state, iss: p.get('iss') };
    this.authorizationCode = p.get('code') || fail('authorize redirect carries no code');
  }
}

function text(result) {
  return (result.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

function lastJSON(result) {
  const parts = (result.content || []).filter((c) => c.type === 'text');
  for (let i = parts.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(parts[i].text);
    } catch {
      // not JSON: try the previous part
    }
  }
  return undefined;
}

async function run(mcpURL, summary) {
  const trace = summary.http;
  const provider = new InMemoryOAuthProvider(trace);
  const opts = { authProvider: provider, fetch: tracingFetch(trace) };
  const reqOpts = { timeout: REQUEST_TIMEOUT_MS };
  const clientInfo = { name: 'appwrite-mcp-interop-ts', version: '0.0.0' };

  // 1. Without a token: 401 -> discovery -> registration -> authorize.
  const first = new Client(clientInfo);
  const t1 = new StreamableHTTPClientTransport(new URL(mcpURL), opts);
  try {
    await first.connect(t1, reqOpts);
    fail('initialize succeeded without authorization');
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
  } finally {
    await first.close().catch(() => {});
  }
  if (!provider.authorizationCode) fail('the SDK never asked to open the authorization URL');

  // 2. Back from the "browser": code -> token (PKCE verifier, resource).
  await t1.finishAuth(provider.authorizationCode);
  const tokens = provider.tokens();
  if (!tokens?.access_token) fail('no access token after finishAuth');
  summary.oauth = {
    registrations: provider.registrations,
    client_id: provider.clientInformation()?.client_id,
    authorization_request: provider.authorizationRequest,
    authorization_response: provider.authorizationResponse,
    token_type: tokens.token_type,
    has_refresh_token: Boolean(tokens.refresh_token),
    expires_in: tokens.expires_in,
  };

  // 3. Reconnect with the token: initialize.
  const client = new Client(clientInfo);
  const t2 = new StreamableHTTPClientTransport(new URL(mcpURL), opts);
  await client.connect(t2, reqOpts);
  try {
    summary.initialize = {
      server: client.getServerVersion(),
      protocol_version: t2.protocolVersion,
      has_instructions: Boolean(client.getInstructions()),
      capabilities: Object.keys(client.getServerCapabilities() || {}).sort(),
    };

    // 4. tools/list
    const list = await client.listTools({}, reqOpts);
    summary.tools = list.tools.map((t) => t.name).sort();
    for (const name of OPERATOR_TOOLS) {
      if (!summary.tools.includes(name)) fail(`tools/list lacks ${name}`);
    }

    // 5. search
    const search = await client.callTool(
      { name: 'appwrite_search_tools', arguments: { query: 'list rows in a table', argument_hints: { databaseId: 'main' } } },
      undefined,
      reqOpts,
    );
    const found = lastJSON(search);
    const names = (found?.matches || []).map((m) => m.name);
    summary.search = { is_error: Boolean(search.isError), matches: names };
    if (search.isError || !names.includes(READ_CALL.tool_name)) fail(`search did not find ${READ_CALL.tool_name}: ${text(search)}`);

    // 6. read call
    const read = await client.callTool({ name: 'appwrite_call_tool', arguments: READ_CALL }, undefined, reqOpts);
    summary.read = { is_error: Boolean(read.isError), text: text(read).slice(0, 2000), structured: read.structuredContent ?? null };
    if (read.isError) fail(`read call failed: ${text(read)}`);

    // 7. write without confirm_write: must be refused.
    const write = await client.callTool({ name: 'appwrite_call_tool', arguments: WRITE_CALL }, undefined, reqOpts);
    summary.write_unconfirmed = { is_error: Boolean(write.isError), text: text(write).slice(0, 2000) };
    if (!write.isError) fail('a write without confirm_write was not refused');
  } finally {
    await client.close().catch(() => {});
  }
}

async function main() {
  const mcpURL = process.argv[2];
  const summary = { ok: false, sdk: '@modelcontextprotocol/sdk@' + sdkVersion(), node: process.version, url: mcpURL, http: [] };
  const watchdog = setTimeout(() => {
    summary.error = `timed out after ${TOTAL_TIMEOUT_MS} ms`;
    process.stdout.write(JSON.stringify(summary) + '\n', () => process.exit(3));
  }, TOTAL_TIMEOUT_MS);
  watchdog.unref();
  let code = 0;
  try {
    if (!mcpURL) fail('usage: node client.mjs <mcp-url>');
    await run(mcpURL, summary);
    summary.ok = true;
  } catch (err) {
    summary.error = String(err?.stack || err);
    process.stderr.write(`interop client failed: ${summary.error}\n`);
    code = 1;
  }
  clearTimeout(watchdog);
  process.stdout.write(JSON.stringify(summary) + '\n', () => process.exit(code));
}

main();
