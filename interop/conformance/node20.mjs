// Node 20 support for @modelcontextprotocol/conformance, which imports
// fs.globSync (added in Node 22):
//
//   node --import ./node20.mjs node_modules/@modelcontextprotocol/conformance/dist/index.js ...
//
// On a Node without fs.globSync it registers a resolve hook that hands the
// suite's `fs` imports a module re-exporting node:fs plus a small globSync
// (node20-fs.mjs). On Node 22+ it does nothing.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register('./node20-hooks.mjs', import.meta.url);
}
