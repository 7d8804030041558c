// Resolve hook registered by node20.mjs: `fs` / `node:fs` imported from the
// conformance suite resolves to node20-fs.mjs. Nothing else changes.
const SHIM = new URL('./node20-fs.mjs', import.meta.url).href;
const SUITE = '/node_modules/@modelcontextprotocol/conformance/';

export async function resolve(specifier, context, next) {
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL?.includes(SUITE)) {
    return { url: SHIM, shortCircuit: true };
  }
  return next(specifier, context);
}
