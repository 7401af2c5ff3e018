// The start-up floor of the packages kaohe is built on (issue 14, DEVELOPERS.md "Fixed choices"):
// a program that does the least any kaohe read must do, built the way dist/ is built. It parses
// `ticket show ID` with commander, opens the database with better-sqlite3, reads the ticket and
// prints it as JSON; both packages are bundled by esbuild into one CommonJS file, compiled from
// a V8 code cache made after one run (as dist/main.cjs is). No rules, zone, schema check, i18n or
// table: what kaohe adds above this row of the bench is its own cost, what this row adds above
// `node -e 0` is the fixed packages'.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLOOR_DIR = join(tmpdir(), 'kaohe-bench-fixed-floor');
export const FLOOR_RUN = join(FLOOR_DIR, 'run.cjs');

const root = fileURLToPath(new URL('../..', import.meta.url));

// the program: commander's tree of one command, better-sqlite3's statement, fs.writeSync
const PROGRAM = `const { Command } = require('commander');
const Database = require('better-sqlite3');
exports.go = (argv, dbFile, nativeBinding) => {
  const program = new Command('floor');
  program.command('ticket').command('show <id>').action((id) => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true, nativeBinding });
    const row = db.prepare('SELECT * FROM tickets WHERE id = ?').get(id);
    db.close();
    require('node:fs').writeSync(1, JSON.stringify(row ?? null) + '\\n');
  });
  program.parse(argv, { from: 'user' });
};
`;

// what runs it: bundle compiled from its code cache (made on the first run when there is none)
const RUNNER = `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const file = require('node:path').join(__dirname, 'bundle.cjs');
const source = readFileSync(file, 'latin1');
let cachedData;
try { cachedData = readFileSync(file + '.cache'); } catch {}
const script = new Script('(function (exports, require, module, __filename, __dirname) { ' + source + '\\n})', { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, file, __dirname);
mod.exports.go(process.argv.slice(2), process.env.KAOHE_DB, NATIVE);
if (!cachedData) writeFileSync(file + '.cache', script.createCachedData());
`;

/** Builds the program under the temp folder (once; again when asked), and warms its cache. */
export async function buildFixedFloor(dbFile, fresh = false) {
  if (!fresh && existsSync(`${join(FLOOR_DIR, 'bundle.cjs')}.cache`)) return;
  mkdirSync(FLOOR_DIR, { recursive: true });
  const require = createRequire(join(root, 'package.json'));
  const { build } = require('esbuild');
  writeFileSync(join(FLOOR_DIR, 'program.cjs'), PROGRAM);
  await build({ entryPoints: [join(FLOOR_DIR, 'program.cjs')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(FLOOR_DIR, 'bundle.cjs'), nodePaths: [join(root, 'node_modules')], logLevel: 'warning' });
  // the native file itself, as kaohe names it (no `bindings` lookup)
  const native = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  writeFileSync(FLOOR_RUN, RUNNER.replace('NATIVE', JSON.stringify(native)));
  const r = spawnSync(process.execPath, [FLOOR_RUN, 'ticket', 'show', 'T2026-0001'], { env: { KAOHE_DB: dbFile }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the fixed-packages floor failed: ${r.stderr}`);
}
