// Changes made behind kaohe's back, as an attacker with the sqlite3 shell would: kaohe's triggers
// dropped first, then plain SQL (behindKaohe); or the whole log rewritten with every hash
// recomputed, as only an anchor kept outside the file can catch (forge).
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { digest } from '../../src/core/audit.js';
import { tempDir } from '../helpers.js';

/** The file opened with plain SQLite, kaohe's triggers dropped and foreign keys off. */
function opened(file: string): Database.Database {
  const raw = new Database(file);
  for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) raw.exec(`DROP TRIGGER "${name}"`);
  raw.pragma('foreign_keys = OFF');
  return raw;
}

/** `edit` (SQL, or a function given the connection) done to the file with plain SQLite. */
export function behindKaohe(file: string, edit: string | ((raw: Database.Database) => void)): void {
  const raw = opened(file);
  try {
    if (typeof edit === 'string') raw.exec(edit);
    else edit(raw);
  } finally {
    raw.close();
  }
}

/** A copy of `from` in a fresh temp folder, with `edit` done to it behind kaohe's back. */
export function changedCopy(from: string, edit: Parameters<typeof behindKaohe>[1]): string {
  const file = join(tempDir(), 'copy.db');
  copyFileSync(from, file);
  behindKaohe(file, edit);
  return file;
}

/** Recomputes every hash and the head after changing the log: a forger who knows the format. */
export function forge(file: string, sql: string): void {
  const raw = opened(file);
  raw.exec(sql);
  let prev = '0'.repeat(64);
  const rows = raw.prepare('SELECT * FROM audit ORDER BY seq').all() as Array<Record<string, unknown>>;
  const update = raw.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?');
  raw.transaction(() => {
    for (const r of rows) {
      const change = r.change as string;
      const images = r.images as string | null;
      const prints = r.prints as string | null;
      const text = r.format === 2
        ? JSON.stringify([2, r.seq, r.at, r.entered_at, r.actor, r.action, r.record_id, r.late, Buffer.byteLength(change), images === null ? -1 : Buffer.byteLength(images), prints === null ? -1 : Buffer.byteLength(prints)]) + change + (images ?? '') + (prints ?? '')
        : JSON.stringify([r.seq, r.at, r.actor, r.action, r.record_id, r.change]);
      const hash = digest('sha256', prev + text);
      update.run(prev, hash, r.seq);
      prev = hash;
    }
    raw.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(`${rows.length ? rows[rows.length - 1].seq : 0}:${prev}`);
  })();
  raw.close();
}
