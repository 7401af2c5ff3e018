// Stands in for node:module in the CommonJS build of the main part (bin/build.mjs aliases it):
// every createRequire(import.meta.url) of ours there asks for the require of dist/main.cjs, which
// the file already has (entry.ts passes it in); loading node:module would load parts of Node's
// ES-module loader at every start (ISSUE 14). Any other URL gets node:module's own.
import type { createRequire as CreateRequire } from 'node:module';

export function createRequire(url: string | URL): NodeJS.Require {
  if (String(url) === import.meta.url) return require;
  const name = 'node:module'; // not a literal: the build's alias would give this file again
  return (require(name) as { createRequire: typeof CreateRequire }).createRequire(url);
}
