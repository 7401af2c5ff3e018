// Part of `npm run build` (bin/build.mjs), run in a process of its own for each warmed command:
//   node bin/build-cache.mjs KEY OUT   (KAOHE_DB and the rest in the environment)
// loads dist/main.cjs without a cache, runs the command lines of bin/build-warm.mjs whose cache
// name (entry.ts cacheKey) is KEY, and writes V8's code cache of main.cjs to OUT: it then holds
// compiled the functions this one command runs, and not the rest of the program (ISSUE 14).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { warmCommands } from './build-warm.mjs';

const [key, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadBuiltMain, cacheFile, cacheKey, buildIdOf } = require('../dist/entry.cjs');
const built = loadBuiltMain({ KAOHE_CODE_CACHE: 'off' });
const failed = await warmCommands(built.exports, process.env, (argv) => cacheKey(argv) === key);
for (const f of failed) process.stderr.write(`build: warming the code cache of ${key}, ${f}\n`);
writeFileSync(out, cacheFile(buildIdOf(built.source), built.script.createCachedData()));
