// What `npm run bench` measures. One entry a line or three: a name (for --only), the command,
// its floor and its goal (the largest ratio to the floor that passes; null: shown, not judged).
//   kaohe(name, argv, { db, goal, floor, now, slow })  a kaohe command line
//     db:    a fixture below (the command gets KAOHE_DB); `scratch: true` on the fixture copies
//            it once per bench run, for writes
//     floor: NODE (`node -e 0`, same clean environment) or sqlite(fixture, sql): the sqlite3 shell
//            running the same SQL on the same file
//     now:   () => KAOHE_NOW for a run (writes: `tick`, a clock that only moves forward)
//     slow:  left out by --quick
//     okCodes: exit codes that are not a failure (default [0]; `kaohe check` exits 1 when overdue)
//   peer(name, bin, args, { fixture, goal, runs, setup })  another program, skipped when not
//     installed; runs: at most this many rounds (no warm-up), for peers that take seconds a run;
//     setup(fixture file, fresh): an async step that makes the program before its rounds
// A fixture is built once and kept in the system temp folder (--fresh rebuilds it):
//   fixtures[name] = { file, build(file, env, bin), env(file) → variables for the command, needs?
//   (a program it is for) } or { from: other, scratch: true }: a copy made once per bench run
//   (in a temp folder removed at the end), for writes. `bin` is the kaohe that builds it (this
//   one, or --before's: a build of another schema version gets fixtures of its own).
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixedFloor, FLOOR_RUN } from './fixed-floor.mjs';
import { journal, taskData, taskEnv } from './peers.mjs';
import { SCALE_CASES } from './scale-cases.mjs';

export const NODE = { kind: 'node' };
export const sqlite = (fixture, sql) => ({ kind: 'sqlite', fixture, sql });
const kaohe = (name, argv, o = {}) => ({ kind: 'kaohe', name, argv, fixture: o.db, floor: NODE, goal: null, ...o });
const peer = (name, bin, args, o = {}) => ({ kind: 'peer', name, bin, args, floor: NODE, goal: null, ...o });

const BIN = fileURLToPath(new URL('../../bin/kaohe.js', import.meta.url));
const TICKETS = 100_000;
const MOVES = 1_000_000;
const PEER_SIZE = 100_000;
const SCALE_TICKETS = 1_000_000;

/** The demo's clock: every fixture is made "as of" this time, and reads run at it. */
export const NOW = '2026-11-27 10:00';
/** The clock of writes: one minute later at every call, whichever entry calls (an entry time
 *  never goes backwards in a database, and entries share the scratch copies). */
let written = Date.parse('2026-11-28T00:00:00+08:00');
const tick = () => {
  written += 60_000;
  return new Date(written + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
};

function run(file, args, env) {
  const r = spawnSync(file, args, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.stderr || r.error}`);
}
const demoDb = (tickets) => (file, env, bin = BIN) => run(process.execPath, [bin, 'demo', '--out', file, '--tickets', String(tickets), '--json'], env);

const db = (file) => ({ KAOHE_DB: file });
export const fixtures = {
  tickets: { file: join(tmpdir(), `kaohe-bench-${TICKETS}.db`), build: demoDb(TICKETS), env: db },
  'tickets-scratch': { from: 'tickets', scratch: true },
  empty: { scratch: true, build: (file, env, bin = BIN) => run(process.execPath, [bin, 'db', 'init', '--db', file], env), env: db },
  stock: {
    // named after the schema it was built with (migration 11 added the ledger index): an older one is rebuilt
    file: join(tmpdir(), `kaohe-bench-stock-${MOVES}-v11.db`),
    build: (file, env, bin = BIN) => run(process.execPath, [fileURLToPath(new URL('./stock-db.mjs', import.meta.url)), file, String(MOVES), bin], env),
    env: db,
  },
  'stock-scratch': { from: 'stock', scratch: true },
  // reports at scale (ISSUE 14): 1,000,000 tickets and 100,000 guard notices (minutes to build)
  scale: {
    file: join(tmpdir(), `kaohe-bench-scale-${SCALE_TICKETS}.db`),
    build: (file, env, bin = BIN) => run(process.execPath, [bin, 'demo', '--out', file, '--tickets', String(SCALE_TICKETS), '--notices', String(SCALE_TICKETS / 10), '--json'], env),
    env: db,
  },
  task: { file: join(tmpdir(), `kaohe-bench-task-${PEER_SIZE}`), build: (dir) => taskData(dir, PEER_SIZE), env: taskEnv },
  'task-scratch': { from: 'task', scratch: true },
  journal: { file: join(tmpdir(), `kaohe-bench-ledger-${PEER_SIZE}.journal`), build: (file) => journal(file, PEER_SIZE), env: (file) => ({ LEDGER_FILE: file }) },
};

// the same month's SLA figures straight from the sqlite3 shell: the floor for the report's query
const SLA_OCT = `SELECT count(*), sum(responded_at IS NOT NULL AND responded_at <= deadline) FROM tickets
  WHERE reported_at >= 1759248000000 AND reported_at < 1761926400000 AND status <> 'void';`;
// the queries `stock ledger` runs (src/stock/store-report.ts LEDGER_ALL, with its opening balance)
const LEDGER_P3 = `SELECT loc, sum(qty) FROM stock_moves INDEXED BY stock_moves_ledger WHERE part = 'P-0003' AND at < 1767196800000 AND entered_at <= 1795831200000 GROUP BY loc;
  SELECT m.slip, s.kind, m.loc, m.quality, m.at, m.qty, s.person, s.requisition, s.at FROM stock_moves m INDEXED BY stock_moves_ledger JOIN stock_slips s ON s.id = m.slip
  WHERE m.part = 'P-0003' AND m.at >= 1767196800000 AND m.at < 1798732800000 AND m.entered_at <= 1795831200000 ORDER BY m.at, m.id;`;
// what a full audit verify reads, hashed by the sqlite3 shell: the floor for `audit verify`
const VERIFY_FLOOR = "SELECT count(sha3(prev_hash || actor || action || change || coalesce(images, ''), 256)) FROM audit;";
const OPEN = ['ticket', 'open', '--customer', '齐齐哈尔公交公司', '--phone', '0452-2412345', '--vehicle', '黑B-12345', '--fault', 'body', '--distance', '80'];

export const entries = [
  // start-up (ISSUE 14): within 1.3x of `node -e 0` for answers that need no module ...
  kaohe('version', ['--version'], { goal: 1.3 }),
  kaohe('help', ['--help'], { goal: 1.3 }),
  // ... and 1.5x for every read and single write on a 100,000-ticket database
  kaohe('rules-show', ['rules', 'show'], { goal: 1.5 }),
  kaohe('ticket-show', ['ticket', 'show', 'T2026-0001'], { db: 'tickets', goal: 1.5 }),
  // the same read by the least program on kaohe's fixed packages (commander + better-sqlite3,
  // bundled and code-cached as dist/ is; fixed-floor.mjs): how much of the 1.5x they leave
  peer('floor-fixed-packages', process.execPath, [FLOOR_RUN, 'ticket', 'show', 'T2026-0001'], { fixture: 'tickets', setup: buildFixedFloor }),
  kaohe('report-sla-month', ['report', 'sla', '--month', '2026-10'], { db: 'tickets', goal: 1.5 }),
  kaohe('check', ['check'], { db: 'tickets', goal: 1.5, okCodes: [0, 1] }),
  kaohe('ticket-open', OPEN, { db: 'tickets-scratch', goal: 1.5, now: tick }),
  kaohe('guard-deduct', ['guard', 'deduct', '--guard', 'GD001', '--rule', '1', '--inspector', '王建国', '--kind', 'spot'],
    { db: 'tickets-scratch', goal: 1.5, now: tick }),
  kaohe('audit-verify-empty', ['audit', 'verify'], { db: 'empty', goal: 1.5 }),
  kaohe('letter-list', ['letter', 'list'], { db: 'tickets' }),
  kaohe('guard-month', ['guard', 'month', '--month', '2026-10'], { db: 'tickets' }),
  // reports against the sqlite3 shell on the same SQL
  kaohe('report-sla-month-json-vs-sqlite3', ['report', 'sla', '--month', '2026-10', '--json'], { db: 'tickets', floor: sqlite('tickets', SLA_OCT) }),
  // a full `audit verify` (issue 8: the chain, the after-images, every business row against the
  // log) against the sqlite3 shell hashing the same rows (sha3 over each row's fields and images)
  kaohe('audit-verify-vs-sqlite3', ['audit', 'verify'], { db: 'tickets', floor: sqlite('tickets', VERIFY_FLOOR), slow: true }),
  kaohe('report-sla-year-by-month', ['report', 'sla', '--year', '2026', '--by', 'month', '--json'], { db: 'tickets', slow: true }),
  // the parts store (test/bench/stock-db.mjs): 1,000,000 movements
  kaohe('stock-transfer', ['stock', 'transfer', '--part', 'P-0001', '--qty', '1', '--from', 'main', '--to', 'station:A'],
    { db: 'stock-scratch', now: tick, slow: true }),
  kaohe('stock-transfer-backdated', ['stock', 'transfer', '--part', 'P-0002', '--qty', '1', '--from', 'main', '--to', 'station:A', '--at', '2026-03-01 10:00', '--reason', 'bench'],
    { db: 'stock-scratch', now: tick, slow: true }),
  kaohe('stock-balance', ['stock', 'balance', '--json'], { db: 'stock', now: () => '2026-11-28 10:00', slow: true }),
  kaohe('report-stock', ['report', 'stock', '--json'], { db: 'stock', now: () => '2026-11-28 10:00', slow: true }),
  kaohe('stock-ledger-vs-sqlite3', ['stock', 'ledger', 'P-0003', '--year', '2026', '--json'],
    { db: 'stock', now: () => '2026-11-28 10:00', floor: sqlite('stock', LEDGER_P3), slow: true }),
  // every report and list at 1,000,000 tickets against the sqlite3 shell on the same SQL
  // (test/bench/scale-cases.mjs; its memory limits are checked by running it alone)
  ...SCALE_CASES.map((c) => kaohe(`scale-${c.name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}`, c.cmd,
    { db: 'scale', floor: sqlite('scale', c.sqlFloor), goal: c.goal, slow: true, okCodes: [0, 1] })),
  // peers, where installed: what the same kind of work costs in tools people know
  // (taskwarrior 100,000 tasks, hledger 100,000 transactions)
  // (taskwarrior 2.6 reads all 100,000 tasks for each command: seconds each, so 3 runs)
  peer('peer-task-add', 'task', ['add', 'bench task', 'due:tomorrow'], { fixture: 'task-scratch', runs: 3, slow: true }),
  peer('peer-task-overdue', 'task', ['rc.gc=off', 'overdue'], { fixture: 'task', okCodes: [0, 1], runs: 3, slow: true }),
  peer('peer-hledger-balance-M', 'hledger', ['balance', '-M'], { fixture: 'journal', runs: 3, slow: true }),
];
