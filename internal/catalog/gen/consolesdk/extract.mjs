// extract.mjs reads the pinned Appwrite console SDK (@appwrite.io/console)
// with the TypeScript compiler API and writes one JSON object per REST API
// method to stdout: a JSON array of the generator's Method type
// (internal/catalog/gen/method.go), sorted by service, name and SDK method.
//
// Every service class in src/services/*.ts is read from its syntax tree:
//   - the object-style overload `m(params: { ... })` gives the parameters
//     (names, TypeScript types, optionality) and the JSDoc descriptions;
//   - the implementation body gives the verb (`this.client.call('post', …)`
//     or `this.client.chunkedUpload(…)`), the path template (`const apiPath`
//     and its `.replace('{x}', x)` chain), the wire names (`payload['k'] = v`)
//     and the runtime required checks (`if (typeof v === 'undefined') throw`);
//   - a call with responseType 'arrayBuffer' answers raw bytes (binary);
//   - methods that only build a URL (`return uri.toString()`) are GET
//     endpoints with their parameters in the query; they answer raw bytes
//     (images, downloads: binary) unless the SDK sends the browser there
//     (`window.location.href = …`: the OAuth2 redirects, not binary);
//   - enum types are resolved through the file's `../enums/<name>` imports.
//
// Number types: the SDK types every numeric parameter as `number`, except
// 64-bit integers (`number | bigint`). A parameter is "integer" when its type
// is `number | bigint` or its JSDoc description says "integer"; every other
// `number` is "number" (never claim integer without evidence in the source).
//
// A shape this script does not understand is an error naming the method; the
// script then exits non-zero without writing JSON.
//
// Usage: node extract.mjs   (after npm ci in this directory)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = path.join(here, 'node_modules', '@appwrite.io', 'console');
const source = 'console';
const verbs = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const positionalNote = 'Use the object parameter style method';

// snake mirrors snake() in internal/catalog/gen/build.go: acronyms stay
// together (createMFAAuthenticator → create_mfa_authenticator, TablesDB →
// tables_db, createOAuth2Session → create_oauth2_session).
function snake(s) {
  const r = [...s.replaceAll('OAuth2', 'Oauth2').replaceAll('PHPass', 'Phpass')];
  const isUpper = (c) => c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
  const isLower = (c) => c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
  const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
  let out = '';
  r.forEach((c, i) => {
    if (i > 0 && isUpper(c)) {
      const prev = r[i - 1];
      if (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(r[i + 1]))) {
        out += '_';
      }
    }
    out += c.toLowerCase();
  });
  return out;
}

// cleanText mirrors cleanText() in build.go: folds whitespace and keeps
// markdown links readable as "text (url)", site-relative links made absolute.
function cleanText(s) {
  const text = s.split(/\s+/).filter(Boolean).join(' ');
  return text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, url) =>
    `${label} (${url.startsWith('/') ? 'https://appwrite.io' + url : url})`);
}

class ShapeError extends Error {}

function fail(where, msg) {
  throw new ShapeError(`${where}: ${msg}`);
}

function checkPins() {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
  const want = pkg.dependencies.typescript;
  if (ts.version !== want) {
    throw new Error(`typescript ${ts.version} is installed, package.json pins ${want}: run npm ci --prefix internal/catalog/gen/consolesdk`);
  }
}

function parse(file) {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

// loadEnum reads the string values of `export enum Name { A = 'a', … }`.
function loadEnum(file, name) {
  const sf = parse(file);
  for (const st of sf.statements) {
    if (ts.isEnumDeclaration(st) && st.name.text === name) {
      return st.members.map((m) => {
        if (!m.initializer || !ts.isStringLiteral(m.initializer)) {
          fail(`${file}: enum ${name}`, `member ${m.name.getText(sf)} has no string value`);
        }
        return m.initializer.text;
      });
    }
  }
  return fail(file, `no enum ${name}`);
}

// enumImports maps every name a service file imports from ../enums/<file>
// to that enum's values.
function enumImports(sf, cache) {
  const out = new Map();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !st.moduleSpecifier.text.startsWith('../enums/')) {
      continue;
    }
    const file = path.join(sdkDir, 'src', 'enums', path.basename(st.moduleSpecifier.text) + '.ts');
    for (const el of st.importClause?.namedBindings?.elements ?? []) {
      const key = `${file}#${el.name.text}`;
      if (!cache.has(key)) {
        cache.set(key, loadEnum(file, el.name.text));
      }
      out.set(el.name.text, cache.get(key));
    }
  }
  return out;
}

function jsDocs(node) {
  return ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
}

// docOf returns the main comment, the @param descriptions (keyed by the
// name after "params.", or the bare name) and the @deprecated text.
function docOf(node, where) {
  const docs = jsDocs(node);
  if (docs.length !== 1) {
    fail(where, `expected one JSDoc block, found ${docs.length}`);
  }
  const doc = docs[0];
  const params = new Map();
  let deprecated = null;
  for (const tag of doc.tags ?? []) {
    const text = cleanText(ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/^- /, '');
    if (ts.isJSDocParameterTag(tag)) {
      params.set(tag.name.getText().replace(/^params\./, ''), text);
    } else if (tag.tagName.text === 'deprecated' && !text.startsWith(positionalNote)) {
      deprecated = text;
    }
  }
  return { text: cleanText(ts.getTextOfJSDocComment(doc.comment) ?? ''), params, deprecated };
}

function replacedBy(deprecated) {
  const m = deprecated?.match(/`([A-Za-z]+)\.([A-Za-z0-9]+)`/);
  return m ? `${snake(m[1])}_${snake(m[2])}` : '';
}

function isNumberBigint(t) {
  return ts.isUnionTypeNode(t) && t.types.length === 2 &&
    t.types.some((x) => x.kind === ts.SyntaxKind.NumberKeyword) &&
    t.types.some((x) => x.kind === ts.SyntaxKind.BigIntKeyword);
}

const objectRefs = new Set(['Partial', 'Record', 'Omit']);
const keywordTypes = new Map([
  [ts.SyntaxKind.StringKeyword, 'string'],
  [ts.SyntaxKind.BooleanKeyword, 'boolean'],
  [ts.SyntaxKind.ObjectKeyword, 'object'],
  [ts.SyntaxKind.AnyKeyword, ''], // only as an array element: any[]
]);

// scalarType maps a TypeScript type node to a Method type (and enum values).
function scalarType(t, ctx) {
  if (keywordTypes.has(t.kind)) {
    return { type: keywordTypes.get(t.kind) };
  }
  if (t.kind === ts.SyntaxKind.NumberKeyword) {
    return { type: /\binteger\b/i.test(ctx.description) ? 'integer' : 'number' };
  }
  if (isNumberBigint(t)) {
    return { type: 'integer' };
  }
  if (ts.isTypeLiteralNode(t) || ts.isConditionalTypeNode(t)) {
    return { type: 'object' };
  }
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'File') {
      return { type: 'file' };
    }
    if (ctx.enums.has(name)) {
      return { type: 'string', enum: ctx.enums.get(name) };
    }
    if (objectRefs.has(name)) {
      return { type: 'object' };
    }
  }
  return fail(ctx.where, `parameter ${ctx.wire}: unsupported type ${t.getText()}`);
}

function paramType(t, ctx) {
  if (ts.isArrayTypeNode(t)) {
    const el = scalarType(t.elementType, ctx);
    if (el.type === 'array' || el.type === 'file') {
      fail(ctx.where, `parameter ${ctx.wire}: unsupported array ${t.getText()}`);
    }
    return { type: 'array', items: el.type || undefined, enum: el.enum };
  }
  const s = scalarType(t, ctx);
  if (s.type === '') {
    fail(ctx.where, `parameter ${ctx.wire}: untyped (any)`);
  }
  return s;
}

function isOnProgress(prop) {
  return prop.name.getText() === 'onProgress' && ts.isFunctionTypeNode(prop.type);
}

// objectOverload returns the `m(params: { … })` declaration of a method,
// or null for a method without parameters.
function objectOverload(decls, impl, where) {
  const obj = decls.filter((d) => d.parameters.length === 1 && d.parameters[0].name.getText() === 'params');
  if (obj.length === 1 && ts.isTypeLiteralNode(obj[0].parameters[0].type)) {
    return obj[0];
  }
  if (decls.length === 0 && impl.parameters.length === 0) {
    return null;
  }
  return fail(where, `no single object-style overload (${decls.length} overloads)`);
}

function stringArg(node, where, what) {
  if (!node || !ts.isStringLiteral(node)) {
    fail(where, `${what} is not a string literal`);
  }
  return node.text;
}

// apiPathOf reads `const apiPath = '/x/{a}'.replace('{a}', a)…` into the
// template and the placeholder → local variable pairs.
function apiPathOf(init, where) {
  const replaces = [];
  let e = init;
  while (ts.isCallExpression(e)) {
    if (!ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'replace' ||
      e.arguments.length !== 2 || !ts.isIdentifier(e.arguments[1])) {
      fail(where, `apiPath: unsupported expression ${e.getText()}`);
    }
    const ph = stringArg(e.arguments[0], where, 'apiPath placeholder').match(/^\{([A-Za-z0-9_]+)\}$/);
    if (!ph) {
      fail(where, `apiPath: placeholder ${e.arguments[0].getText()}`);
    }
    replaces.unshift({ wire: ph[1], local: e.arguments[1].text });
    e = e.expression.expression;
  }
  return { template: stringArg(e, where, 'apiPath'), replaces };
}

function isClientProject(e) {
  return e.getText() === 'this.client.config.project';
}

// isUndefinedCheck recognises `typeof x === 'undefined'`.
function isUndefinedCheck(e) {
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
    ts.isTypeOfExpression(e.left) && ts.isIdentifier(e.left.expression) &&
    ts.isStringLiteral(e.right) && e.right.text === 'undefined';
}

function throws(st) {
  const first = ts.isBlock(st) ? st.statements[0] : st;
  return first !== undefined && ts.isThrowStatement(first);
}

// clientCall recognises `this.client.call('verb', uri, apiHeaders, payload
// [, 'arrayBuffer'])` and `this.client.chunkedUpload('verb', uri,
// apiHeaders, payload, onProgress)`.
function clientCall(e, body, where) {
  const callee = e.expression.getText();
  if (callee !== 'this.client.call' && callee !== 'this.client.chunkedUpload') {
    return;
  }
  if (body.verb) {
    fail(where, 'more than one client call');
  }
  body.verb = stringArg(e.arguments[0], where, 'verb').toUpperCase();
  body.upload = callee === 'this.client.chunkedUpload';
  const args = e.arguments.map((a) => a.getText());
  const last = e.arguments[4];
  const lastOK = last === undefined || (body.upload ? args[4] === 'onProgress' : ts.isStringLiteral(last) && last.text === 'arrayBuffer');
  if (args.slice(1, 4).join(',') !== 'uri,apiHeaders,payload' || args.length > 5 || !lastOK) {
    fail(where, `unsupported client call arguments ${args.join(', ')}`);
  }
  body.bytes = !body.upload && last !== undefined;
}

function visitStatement(n, body, where) {
  if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
    const init = n.initializer;
    if (n.name.text === 'apiPath') {
      body.apiPath = apiPathOf(init, where);
    } else if (ts.isPropertyAccessExpression(init) && init.expression.getText() === 'params') {
      body.locals.set(n.name.text, init.name.text);
    }
  } else if (ts.isIfStatement(n) && isUndefinedCheck(n.expression) && throws(n.thenStatement)) {
    body.checked.add(n.expression.left.expression.text);
  } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    n.left.getText() === 'window.location.href') {
    body.redirect = true;
  } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isElementAccessExpression(n.left) && n.left.expression.getText() === 'payload') {
    const key = stringArg(n.left.argumentExpression, where, 'payload key');
    if (isClientProject(n.right)) {
      body.injected.push(key);
    } else if (ts.isIdentifier(n.right)) {
      body.payload.push({ wire: key, local: n.right.text });
    } else {
      fail(where, `payload['${key}'] = ${n.right.getText()}`);
    }
  } else if (ts.isCallExpression(n)) {
    clientCall(n, body, where);
  } else if (ts.isReturnStatement(n) && n.expression?.getText() === 'uri.toString()') {
    body.urlOnly = true;
  }
}

// readBody walks an implementation body and collects what it sends.
function readBody(impl, where) {
  const body = { locals: new Map(), checked: new Set(), payload: [], injected: [], apiPath: null, verb: '', upload: false, bytes: false, urlOnly: false, redirect: false };
  const walk = (n) => {
    visitStatement(n, body, where);
    ts.forEachChild(n, walk);
  };
  walk(impl.body);
  if (!body.apiPath) {
    fail(where, 'no apiPath');
  }
  if (body.urlOnly === Boolean(body.verb)) {
    fail(where, 'neither (or both) a client call and a returned URL');
  }
  if (body.urlOnly) {
    body.verb = 'GET';
  }
  if (!verbs.has(body.verb)) {
    fail(where, `verb ${body.verb}`);
  }
  if (body.injected.some((k) => k !== 'project') || body.injected.length > (body.urlOnly ? 1 : 0)) {
    fail(where, `unexpected client-injected payload ${body.injected.join(', ')}`);
  }
  return body;
}

// wiring maps every params property to its location and wire name.
function wiring(body, where) {
  const byProp = new Map();
  const add = (local, wire, inLoc) => {
    const prop = body.locals.get(local);
    if (!prop) {
      fail(where, `${local} is not read from params`);
    }
    if (byProp.has(prop)) {
      fail(where, `${prop} is sent twice`);
    }
    byProp.set(prop, { wire, in: inLoc, checked: body.checked.has(local) });
  };
  for (const r of body.apiPath.replaces) {
    add(r.local, r.wire, 'path');
  }
  for (const p of body.payload) {
    add(p.local, p.wire, body.verb === 'GET' ? 'query' : 'body');
  }
  return byProp;
}

function buildParams(overload, body, doc, ctx) {
  const byProp = wiring(body, ctx.where);
  const props = overload ? overload.parameters[0].type.members : [];
  const params = [];
  for (const prop of props) {
    if (!ts.isPropertySignature(prop) || !prop.type) {
      fail(ctx.where, `unsupported params member ${prop.getText()}`);
    }
    const name = prop.name.getText();
    if (isOnProgress(prop) && body.upload) {
      continue;
    }
    const w = byProp.get(name);
    if (!w) {
      fail(ctx.where, `parameter ${name} is never sent`);
    }
    byProp.delete(name);
    const description = doc.params.get(name);
    if (description === undefined) {
      fail(ctx.where, `parameter ${name} has no @param`);
    }
    const t = paramType(prop.type, { ...ctx, wire: w.wire, description });
    params.push({
      name: snake(w.wire), wire: w.wire, in: w.in, type: t.type,
      ...(t.items ? { items: t.items } : {}), ...(t.enum ? { enum: t.enum } : {}),
      required: !prop.questionToken || w.checked, description,
    });
  }
  if (byProp.size > 0) {
    fail(ctx.where, `sends ${[...byProp.keys()].join(', ')} which the params type lacks`);
  }
  const declared = new Set(props.map((p) => p.name.getText()));
  const stray = [...doc.params.keys()].filter((k) => !declared.has(k));
  if (stray.length > 0) {
    fail(ctx.where, `@param ${stray.join(', ')} is not a parameter`);
  }
  return params;
}

function checkShape(m, where) {
  const files = m.params.filter((p) => p.type === 'file');
  if (m.upload !== (files.length === 1) || files.length > 1) {
    fail(where, `upload=${m.upload} with ${files.length} file parameters`);
  }
  if (!m.path.startsWith('/')) {
    fail(where, `path ${m.path}`);
  }
}

function extractMethod(service, name, decls, impl, ctx) {
  const where = `${ctx.file}: ${ctx.className}.${name}`;
  const overload = objectOverload(decls, impl, where);
  const doc = docOf(overload ?? impl, where);
  const body = readBody(impl, where);
  const m = {
    source, service, name: snake(name), sdkMethod: name, verb: body.verb,
    path: body.apiPath.template, description: doc.text, deprecated: doc.deprecated !== null,
  };
  const rb = replacedBy(doc.deprecated);
  if (rb) {
    m.replacedBy = rb;
  }
  Object.assign(m, { upload: body.upload, binary: body.bytes || (body.urlOnly && !body.redirect) });
  m.params = buildParams(overload, body, doc, { ...ctx, where });
  checkShape(m, where);
  return m;
}

// declaresApiPath reports whether a method body declares `const apiPath`.
function declaresApiPath(body) {
  const walk = (n) => (ts.isVariableDeclaration(n) && n.name.getText() === 'apiPath') || ts.forEachChild(n, walk);
  return Boolean(walk(body));
}

// extractClass returns the API methods of a service class, or null for a
// class that sends no REST request (Realtime).
function extractClass(cls, ctx) {
  const impls = cls.members.filter((m) => ts.isMethodDeclaration(m) && m.body);
  const api = impls.filter((m) => declaresApiPath(m.body));
  if (api.length === 0) {
    return null;
  }
  const service = snake(cls.name.text);
  const out = [];
  for (const impl of impls) {
    const name = impl.name.getText();
    const decls = cls.members.filter((m) => ts.isMethodDeclaration(m) && !m.body && m.name.getText() === name);
    try {
      if (!api.includes(impl)) {
        fail(`${ctx.file}: ${cls.name.text}.${name}`, 'method sends no API request');
      }
      out.push(extractMethod(service, name, decls, impl, { ...ctx, className: cls.name.text }));
    } catch (e) {
      if (!(e instanceof ShapeError)) {
        throw e;
      }
      ctx.errors.push(e.message);
    }
  }
  return out;
}

function extractFile(file, cache, errors) {
  const sf = parse(file);
  const ctx = { file: path.relative(sdkDir, file), enums: enumImports(sf, cache), errors };
  const classes = sf.statements.filter(ts.isClassDeclaration);
  if (classes.length !== 1) {
    fail(ctx.file, `expected one class, found ${classes.length}`);
  }
  return extractClass(classes[0], ctx) ?? [];
}

function main() {
  checkPins();
  const dir = path.join(sdkDir, 'src', 'services');
  const cache = new Map();
  const errors = [];
  const methods = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    try {
      methods.push(...extractFile(path.join(dir, f), cache, errors));
    } catch (e) {
      if (!(e instanceof ShapeError)) {
        throw e;
      }
      errors.push(e.message);
    }
  }
  if (errors.length > 0) {
    process.stderr.write(errors.map((e) => `extract: ${e}\n`).join(''));
    process.exit(1);
  }
  const key = (m) => [m.service, m.name, m.sdkMethod];
  methods.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const i = x.findIndex((v, j) => v !== y[j]);
    if (i < 0) {
      return 0;
    }
    return x[i] < y[i] ? -1 : 1;
  });
  process.stdout.write(JSON.stringify(methods) + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`extract: ${e.message}\n`);
  process.exit(1);
}
