#!/usr/bin/env node
// npm run bench — start-up and query costs, each as a ratio to a baseline measured in the same
// run (this machine is noisy: only ratios of paired runs mean anything).
//   node test/bench/run.mjs [--runs N] [--tickets N] [--moves N] [--fresh] [--inherit-env]
// Baselines: a bare `node -e 0` for start-up; the sqlite3 shell running the same query for reports.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('--runs', 15);
const TICKETS = opt('--tickets', 100000);
const MOVES = opt('--moves', 1000000);
const BIN = fileURLToPath(new URL('../../bin/kaohe.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-bench-'));
const bigDb = join(tmpdir(), `kaohe-bench-${TICKETS}.db`);
// --inherit-env keeps this shell's environment (e.g. NODE_EXTRA_CA_CERTS, which makes every node
// start load the CA store: ~80 ms here); the default is a clean one, like `env -i`.
const base = args.includes('--inherit-env') ? { ...process.env } : { PATH: process.env.PATH, HOME: process.env.HOME };
const env = { ...base, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'en', KAOHE_USER: 'bench', KAOHE_NOW: '2026-11-27 10:00' };

function time(cmd, argv, extraEnv = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Paired runs: baseline and subject alternate, so both see the same machine load. */
function paired(label, base, subject, prepare, runs = RUNS) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs + 2; i++) {
    prepare?.(i);
    const x = base();
    prepare?.(i);
    const y = subject(i);
    if (i >= 2) {
      a.push(x);
      b.push(y);
    }
  }
  const ratio = median(b) / median(a);
  console.log(`${label.padEnd(46)} ${median(b).toFixed(1).padStart(8)} ms  baseline ${median(a).toFixed(1).padStart(7)} ms  ratio ${ratio.toFixed(2)}`);
  return ratio;
}

const node0 = () => time(process.execPath, ['-e', '0']);
const kaohe = (argv, extra) => () => time(process.execPath, [BIN, ...argv], extra);

if (args.includes('--fresh') || !existsSync(bigDb)) {
  rmSync(bigDb, { force: true });
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'demo', '--out', bigDb, '--tickets', String(TICKETS), '--json'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  console.log(`demo database with ${TICKETS} tickets built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${bigDb}`);
}
const db = { KAOHE_DB: bigDb };
const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;

console.log(`median of ${RUNS} paired runs; node ${process.version}`);
paired('kaohe --version', node0, kaohe(['--version']));
paired('kaohe audit verify (empty db)', node0, kaohe(['audit', 'verify'], { KAOHE_DB: join(dir, 'empty.db') }), () => {
  if (!existsSync(join(dir, 'empty.db'))) time(process.execPath, [BIN, 'db', 'init'], { KAOHE_DB: join(dir, 'empty.db') });
});
paired('kaohe rules show targets', node0, kaohe(['rules', 'show', 'targets']));
paired(`kaohe ticket show (${TICKETS} tickets)`, node0, kaohe(['ticket', 'show', 'T2026-0001'], db));
const scratch = join(dir, 'scratch.db');
copyFileSync(bigDb, scratch);
paired(
  `kaohe ticket open (${TICKETS} tickets)`,
  node0,
  kaohe(['ticket', 'open', '--customer', '齐齐哈尔公交公司', '--phone', '0452-2412345', '--vehicle', '黑B-12345', '--fault', 'body', '--distance', '80'], { KAOHE_DB: scratch }),
);
paired(`kaohe letter list (current month)`, node0, kaohe(['letter', 'list'], db));
paired(`kaohe guard month (${TICKETS} tickets db)`, node0, kaohe(['guard', 'month', '--month', '2026-10'], db));
if (hasSqlite) {
  // the same month's figures straight from the sqlite3 shell: the floor for any SLA report
  const q = `SELECT count(*), sum(responded_at IS NOT NULL AND responded_at <= deadline) FROM tickets WHERE reported_at >= 1759248000000 AND reported_at < 1761926400000 AND status <> 'void';`;
  paired('kaohe report sla --month 2026-10 vs sqlite3 shell', () => time('sqlite3', [bigDb, q]), kaohe(['report', 'sla', '--month', '2026-10', '--json'], db));
  paired('kaohe report sla --year 2026 --by month vs node -e 0', node0, kaohe(['report', 'sla', '--year', '2026', '--by', 'month', '--json'], db));
  // audit verify hashes every row of the log (and replays its after-images): the floor is the
  // sqlite3 shell reading and hashing the same columns of every row
  const rows = Number(spawnSync('sqlite3', [bigDb, 'SELECT count(*) FROM audit'], { encoding: 'utf8' }).stdout.trim());
  const hashAll = "SELECT count(sha3(prev_hash || actor || action || change || coalesce(images, ''), 256)) FROM audit;";
  const vRuns = Math.max(3, Math.min(RUNS, 5));
  const ratio = paired(`kaohe audit verify (${rows} rows) vs sqlite3 sha3`, () => time('sqlite3', [bigDb, hashAll]), kaohe(['audit', 'verify'], db), undefined, vRuns);
  void ratio;
} else {
  console.log('sqlite3 shell not found: skipping the query baseline');
}
// the parts store: a movement entered on MOVES movements, the balances and the report there, and one
// part's ledger against the sqlite3 shell running the same query (test/bench/stock-db.mjs builds it)
// named after the schema it was built with (migration 11 added the ledger index): an older one is rebuilt
const stockDb = join(tmpdir(), `kaohe-bench-stock-${MOVES}-v11.db`);
if (args.includes('--fresh') || !existsSync(stockDb)) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./stock-db.mjs', import.meta.url)), stockDb, String(MOVES)], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stock db failed: ${r.stderr}`);
  console.log(`stock database with ${MOVES} movements built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${stockDb}`);
}
const stockScratch = join(dir, 'stock.db');
copyFileSync(stockDb, stockScratch);
const minute = (h, i) => `2026-11-27 ${h}:${String(i).padStart(2, '0')}`;
paired(`kaohe stock transfer (${MOVES} movements)`, node0, (i) =>
  time(process.execPath, [BIN, 'stock', 'transfer', '--part', 'P-0001', '--qty', '1', '--from', 'main', '--to', 'station:A'], { KAOHE_DB: stockScratch, KAOHE_NOW: minute(12, i) }));
paired(`kaohe stock transfer back-dated (${MOVES} movements)`, node0, (i) =>
  time(process.execPath, [BIN, 'stock', 'transfer', '--part', 'P-0002', '--qty', '1', '--from', 'main', '--to', 'station:A', '--at', '2026-03-01 10:00', '--reason', 'bench'],
    { KAOHE_DB: stockScratch, KAOHE_NOW: minute(13, i) }));
const stock = { KAOHE_DB: stockDb, KAOHE_NOW: '2026-11-28 10:00' };
paired(`kaohe stock balance (${MOVES} movements)`, node0, kaohe(['stock', 'balance', '--json'], stock));
paired(`kaohe report stock (${MOVES} movements)`, node0, kaohe(['report', 'stock', '--json'], stock));
if (hasSqlite) {
  // the query `stock ledger` runs (src/stock/store-report.ts LEDGER_ALL, with its opening balance)
  const q = `SELECT loc, sum(qty) FROM stock_moves INDEXED BY stock_moves_ledger WHERE part = 'P-0003' AND at < 1767196800000 AND entered_at <= 1795831200000 GROUP BY loc;
    SELECT m.slip, s.kind, m.loc, m.quality, m.at, m.qty, s.person, s.requisition, s.at FROM stock_moves m INDEXED BY stock_moves_ledger JOIN stock_slips s ON s.id = m.slip
    WHERE m.part = 'P-0003' AND m.at >= 1767196800000 AND m.at < 1798732800000 AND m.entered_at <= 1795831200000 ORDER BY m.at, m.id;`;
  paired('kaohe stock ledger P-0003 --year 2026 vs sqlite3 shell', () => time('sqlite3', [stockDb, q]), kaohe(['stock', 'ledger', 'P-0003', '--year', '2026', '--json'], stock));
}
rmSync(dir, { recursive: true, force: true });
