#!/usr/bin/env node
// Builds the stock benchmark database: `kaohe db init`, then N movements (default 1,000,000) of
// 500 parts between `main` and one station over 2026, written straight into the tables (one slip
// each, the book balances kept, no running balance below zero), so that `npm run bench` can time a
// movement entered on it and the reads. Not audited row by row: a fixture for timing, not a ledger.
//   node test/bench/stock-db.mjs FILE [N [BIN]]   (BIN: the kaohe whose `db init` makes the schema)
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file, nText, bin] = process.argv.slice(2);
const N = Number(nText ?? 1_000_000);
const BIN = bin ?? fileURLToPath(new URL('../../bin/kaohe.js', import.meta.url));
rmSync(file, { force: true });
const init = spawnSync(process.execPath, [BIN, 'db', 'init'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, KAOHE_DB: file, KAOHE_TZ: 'Asia/Shanghai', KAOHE_NOW: '2026-01-01 00:00' }, encoding: 'utf8' });
if (init.status !== 0) throw new Error(`db init failed: ${init.stderr}`);

const Database = createRequire(import.meta.url)('better-sqlite3');
const db = new Database(file);
db.pragma('synchronous = OFF');
const PARTS = 500;
const LOCS = ['main', 'station:A'];
const start = Date.UTC(2026, 0, 1);
const span = Date.UTC(2026, 10, 20) - start;
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

db.transaction(() => {
  const part = db.prepare('INSERT INTO stock_parts (code, name, unit, price_fen, created_at) VALUES (?, ?, ?, ?, ?)');
  for (let p = 1; p <= PARTS; p++) part.run(`P-${String(p).padStart(4, '0')}`, `配件${p}`, '件', 1000 + p, start - 86_400_000);
  const slip = db.prepare("INSERT INTO stock_slips (id, kind, part, qty, from_loc, to_loc, quality, at, entered_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'ok', ?, ?, 'bench')");
  const move = db.prepare("INSERT INTO stock_moves (slip, part, loc, quality, at, entered_at, qty) VALUES (?, ?, ?, 'ok', ?, ?, ?)");
  const bal = db.prepare("INSERT INTO stock_balances (part, loc, quality, qty) VALUES (?, ?, 'ok', ?)");
  const perKey = Math.ceil(N / (PARTS * LOCS.length));
  let n = 0;
  for (let p = 1; p <= PARTS && n < N; p++) {
    const code = `P-${String(p).padStart(4, '0')}`;
    for (const loc of LOCS) {
      let running = 0;
      for (let k = 0; k < perKey && n < N; k++) {
        const at = start + Math.floor((k / perKey) * span) + Math.floor(rnd() * 1000);
        const take = running > 3 && rnd() < 0.5;
        const qty = take ? -(1 + Math.floor(rnd() * 3)) : 1 + Math.floor(rnd() * 5);
        running += qty;
        const id = `S2026-${String(++n).padStart(7, '0')}`;
        slip.run(id, take ? 'issue' : 'receive', code, Math.abs(qty), take ? loc : null, take ? null : loc, at, at);
        move.run(id, code, loc, at, at, qty);
      }
      bal.run(code, loc, running);
    }
  }
  db.prepare("INSERT INTO serials (kind, year, last) VALUES ('S', 2026, ?) ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last").run(n);
  console.log(`${n} movements of ${PARTS} parts at ${LOCS.length} locations: ${file}`);
})();
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
