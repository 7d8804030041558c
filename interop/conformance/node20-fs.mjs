// node:fs plus globSync for Node 20. The suite calls globSync only as
// globSync('**/<name>', { cwd }) (tier-check collecting checks.json); this
// supports exactly that form and refuses any other pattern.
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

export function globSync(pattern, options = {}) {
  const m = /^\*\*\/([^*?[\]{}/]+)$/.exec(String(pattern));
  if (!m) throw new Error(`node20-fs: unsupported glob pattern ${JSON.stringify(pattern)}`);
  const cwd = options.cwd ? String(options.cwd) : process.cwd();
  return fs
    .readdirSync(cwd, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((p) => path.basename(p) === m[1])
    .sort();
}
