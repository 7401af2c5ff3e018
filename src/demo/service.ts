// `kaohe demo`: a fresh demo database, filled by every module that has demo data. It never
// touches the user's real database and never overwrites a file that is not a demo database.
import { seededRandom } from '../core/random.js';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { auditCount } from '../core/audit.js';
import type { DemoOptions, KaoheModule } from '../core/cli.js';
import { Context } from '../core/context.js';
import { APPLICATION_ID, getMeta, loadDriver, setMeta } from '../core/db.js';
import { RuleError } from '../core/errors.js';
import { fsyncPath } from '../core/fsync.js';
import { startProgress } from '../core/progress.js';
import { loadTicketRows } from '../ticket/demo-bulk.js';
import { isLoadTest } from '../ticket/demo-steps.js';

export const DEMO_FILE = 'kaohe-demo.db';

export { seededRandom } from '../core/random.js';

/** The file's own header says whether it is a kaohe database (application_id at byte 68). */
function isKaoheFile(file: string): boolean {
  const head = Buffer.alloc(72);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 72, 0) === 72 && head.toString('latin1', 0, 16) === 'SQLite format 3\u0000' && head.readUInt32BE(68) === APPLICATION_ID;
  } finally {
    closeSync(fd);
  }
}

function isDemoFile(file: string): boolean {
  const Database = loadDriver();
  try {
    // a file that is not ours is never opened by SQLite, which would leave -wal/-shm beside it
    if (!isKaoheFile(file)) return false;
    const db = new Database(file, { fileMustExist: true });
    try {
      return getMeta(db, 'demo') === '1';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

export interface DemoResult {
  file: string;
  records: number;
  months: number;
  seed: number;
}

export function buildDemo(
  ctx: Context,
  modules: KaoheModule[],
  opts: { out?: string; months: number; seed: number; tickets: number; notices?: number; realDb: string | undefined },
): { result: DemoResult; demoCtx: Context } {
  const file = resolve(opts.out ?? DEMO_FILE);
  if (opts.realDb !== undefined && resolve(opts.realDb) === file) throw new RuleError('demo.is_real', { field: '--out', file });
  if (existsSync(file) && !isDemoFile(file)) throw new RuleError('demo.not_demo', { field: '--out', file });
  // built under a name of its own and renamed into place when complete: a demo interrupted (Ctrl-C
  // in the bulk load of a load test) leaves the previous demo, or nothing, under the name asked for
  const building = `${file}.building`;
  const clear = (f: string) => { for (const side of ['', '-wal', '-shm', '-journal']) rmSync(f + side, { force: true }); };
  clear(building);
  const buildCtx = ctx.withDb(building, { anchor: null, enterAtEventTime: true }); // SPEC §0: the demo never touches KAOHE_ANCHOR
  const total = modules.length * 1000 + opts.tickets + (opts.notices ?? 0);
  const progress = startProgress(ctx, total >= 5000 ? total : 0, ctx.t('demo.filling'));
  // `notices`: a guard history of that many notices (a load test of the guard reports)
  const demoOpts: DemoOptions & { notices?: number } = { months: opts.months, tickets: opts.tickets, notices: opts.notices, now: ctx.now, random: seededRandom(opts.seed), progress };
  // the file is new and only ever renamed into place complete, so while it fills it keeps its
  // rollback journal in memory and is never synced (a 1,000,000-ticket load wrote every page twice
  // through the WAL, issue 14); it becomes a WAL file again, synced, before the rename
  const db = buildCtx.initialise();
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  // a load test's tickets go in first, in bulk; the write below records them as the log's baseline
  if (isLoadTest(demoOpts) && modules.some((m) => m.name === 'ticket')) loadTicketRows(buildCtx, building, { ...demoOpts, random: seededRandom(opts.seed + 1) });
  buildCtx.write((db) => {
    setMeta(db, 'demo', '1');
    for (const m of modules) m.demo?.fill(buildCtx, db, demoOpts);
  });
  progress.stop();
  const records = buildCtx.write((db) => auditCount(db));
  if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error(`demo: ${building} did not switch to WAL`);
  db.pragma('synchronous = FULL');
  buildCtx.close(); // checkpoints the log into the file: one file to rename
  fsyncPath(building, 'r+'); // every byte on disk before the file takes the name asked for
  clear(file);
  renameSync(building, file);
  fsyncPath(dirname(file), 'r'); // and the new name, as db backup does
  const demoCtx = ctx.withDb(file, { anchor: null, enterAtEventTime: true });
  return { result: { file, records, months: opts.months, seed: opts.seed }, demoCtx };
}
