// After-images (SPEC §0 "Business rows are covered"): every audit row holds the rows its change
// wrote, as they stood after it. The modules only declare their tables (migrations/index.ts); the
// core does the rest:
// - while kaohe writes, TEMP triggers (on this connection only, so nothing in the file changes)
//   note the key of every row inserted, updated or deleted in a declared table (audit-capture.ts);
// - appendAudit takes those rows' current images into the audit row it writes;
// - `audit verify` replays the images in log order and compares the last image of each record
//   with the tables: a row that differs, a row with no trail, a record that is gone.
// A row changed with the sqlite3 shell fires none of our triggers, so it can only pass verify if
// the log is rewritten too, and that breaks the chain or the anchor kept outside the file.
import { appendAudit, canonicalJson, digest, lastEnteredAt } from './audit.js';
import { capturing, ident } from './audit-capture.js';
import { cachedStatement, type Db } from './db.js';
import { AUDITED_TABLES, type AuditedTable } from './migrations/index.js';

function tableOf(name: string, tables: AuditedTable[] = AUDITED_TABLES): AuditedTable {
  const t = tables.find((x) => x.table === name);
  if (!t) throw new Error(`not an audited table: ${name}`);
  return t;
}

function selectByKey(t: AuditedTable): string {
  return `SELECT * FROM ${ident(t.table)} WHERE ${t.key.map((c) => `${ident(c)} = ?`).join(' AND ')}`;
}

function selectAll(t: AuditedTable): string {
  return `SELECT * FROM ${ident(t.table)}`;
}

/** A page of a table in key order; `after`: the page after a key (row values, SQLite >= 3.15). */
function selectPage(t: AuditedTable, after: boolean): string {
  const keys = t.key.map(ident).join(', ');
  const where = after ? ` WHERE (${keys}) > (${t.key.map(() => '?').join(', ')})` : '';
  return `${selectAll(t)}${where} ORDER BY ${keys} LIMIT ?`;
}

/** One image as it goes into the log: [table, [key...], row or null], the row as the text of its
 *  canonical JSON; and its print: [table, [key...], fingerprint of that text or null]. */
function imageParts(table: string, key: unknown[], row: unknown): { image: string; print: string } {
  const head = `[${JSON.stringify(table)},${JSON.stringify(key)},`;
  if (row === undefined || row === null) return { image: `${head}null]`, print: `${head}null]` };
  const text = canonicalJson(row);
  return { image: `${head}${JSON.stringify(text)}]`, print: `${head}${JSON.stringify(fingerprint(text))}]` };
}

export interface Images {
  images: string;
  prints: string;
}

function joined(parts: Array<{ image: string; print: string }>): Images {
  return { images: `[${parts.map((p) => p.image).join(',')}]`, prints: `[${parts.map((p) => p.print).join(',')}]` };
}

/** The images (and their prints) of the rows written since the last call, as canonical JSON (null
 *  when none), and forgets them. */
export function takeImages(db: Db): Images | null {
  if (!capturing(db)) return null;
  const touched = cachedStatement(db, 'SELECT tbl, k FROM temp.kaohe_touched').all() as Array<{ tbl: string; k: string }>;
  if (touched.length === 0) return null;
  cachedStatement(db, 'DELETE FROM temp.kaohe_touched').run();
  return joined(touched.map(({ tbl, k }) => {
    const key = JSON.parse(k) as unknown[];
    return imageParts(tbl, key, cachedStatement(db, selectByKey(tableOf(tbl))).get(...key));
  }));
}

/** Rows written after the last audit row of a transaction: still to be logged. */
export function pendingImages(db: Db): boolean {
  return capturing(db) && cachedStatement(db, 'SELECT 1 FROM temp.kaohe_touched LIMIT 1').get() !== undefined;
}

/** The images of rows that existed before after-images were kept, in batches: the baseline the
 *  log starts from (migration 5). Read page by page on the key (never an open iterator while the
 *  caller writes the batch to the log: one connection cannot do both). */
export function* baselineImages(db: Db, tables: AuditedTable[], batch = 500): Generator<{ table: string; rows: number; images: Images }> {
  for (const t of tables) {
    const first = db.prepare(selectPage(t, false));
    const next = db.prepare(selectPage(t, true));
    let page = first.all(batch) as Array<Record<string, unknown>>;
    while (page.length > 0) {
      const parts = page.map((row) => imageParts(t.table, t.key.map((c) => row[c]), row));
      yield { table: t.table, rows: parts.length, images: joined(parts) };
      if (page.length < batch) break;
      const last = page[page.length - 1];
      page = next.all(...t.key.map((c) => last[c]), batch) as Array<Record<string, unknown>>;
    }
  }
}

/** Migration 5: the rows already in the file become the log's baseline, said so in the log
 *  (one `audit.baseline` row per batch of a table's rows), at the clock of the command that
 *  opened the file, else at the last entry: the log's entry times never jump ahead of the clocks
 *  using it. */
export function writeBaseline(db: Db, tables: AuditedTable[], clock: number | undefined, note = 'rows present before the log kept after-images'): void {
  const last = cachedStatement(db, 'SELECT at FROM audit ORDER BY seq DESC LIMIT 1').get() as { at: number } | undefined;
  const now = clock ?? lastEnteredAt(db) ?? last?.at ?? 0;
  for (const b of baselineImages(db, tables)) {
    appendAudit(db, {
      at: now, enteredAt: now, actor: 'kaohe', action: 'audit.baseline', recordId: null,
      change: { table: b.table, rows: b.rows, note },
      images: b.images,
    });
  }
}

// ---- replay --------------------------------------------------------------------------------

export interface RecordsVerdict {
  /** rows of the business tables compared with the log */
  checked: number;
  /** records whose row differs from their last image */
  differs: string[];
  /** rows with no trail in the log */
  untracked: string[];
  /** audited records that are gone */
  missing: string[];
}

const SEP = '\u0001';

/** How a record is named to people and scripts: tickets:T2026-0001, guard_notice_guards:G2026-0001,GD001. */
export function recordName(table: string, key: unknown[]): string {
  return `${table}:${key.map(String).join(',')}`;
}

/** The last image of every record, as a short digest (a million records fit in memory). */
export class Replay {
  private readonly last = new Map<string, string>();

  /** Takes one audit row's prints (the fingerprints of its images), in log order. */
  add(prints: string): void {
    let list: unknown;
    try {
      list = JSON.parse(prints);
    } catch {
      return; // a row whose prints are not JSON was changed, and the chain has said so already
    }
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
      const [table, key, print] = item as [string, unknown[], unknown];
      this.last.set(table + SEP + JSON.stringify(key), typeof print === 'string' ? print : '');
    }
  }

  /** Every row of every table against its last image (the full check). */
  compareAll(db: Db, tables: AuditedTable[] = AUDITED_TABLES): RecordsVerdict {
    const v: RecordsVerdict = { checked: 0, differs: [], untracked: [], missing: [] };
    const expected = new Map(this.last);
    for (const t of tables) {
      const st = db.prepare(selectAll(t)).raw(true);
      const columns = st.columns().map((c) => c.name);
      const render = rowRenderer(columns);
      const keyAt = t.key.map((k) => columns.indexOf(k));
      for (const raw of st.iterate() as IterableIterator<unknown[]>) {
        v.checked += 1;
        const key = keyAt.map((i) => raw[i]);
        const id = t.table + SEP + JSON.stringify(key);
        const want = expected.get(id);
        if (want === undefined) v.untracked.push(recordName(t.table, key));
        else {
          expected.delete(id);
          if (want === '' || want !== fingerprint(render(raw))) v.differs.push(recordName(t.table, key));
        }
      }
    }
    for (const [id, want] of expected) {
      if (want === '') continue; // deleted by kaohe itself, and still gone
      const [table, key] = id.split(SEP);
      if (tables.some((t) => t.table === table)) v.missing.push(recordName(table, JSON.parse(key) as unknown[]));
    }
    return v;
  }

  /** Only the records imaged since a checkpoint against their rows (the quick check for cron). */
  compareTouched(db: Db, tables: AuditedTable[] = AUDITED_TABLES): RecordsVerdict {
    const v: RecordsVerdict = { checked: 0, differs: [], untracked: [], missing: [] };
    for (const [id, want] of this.last) {
      const [table, keyText] = id.split(SEP);
      const t = tables.find((x) => x.table === table);
      if (!t) continue;
      const key = JSON.parse(keyText) as unknown[];
      const row = cachedStatement(db, selectByKey(t)).get(...key) as Record<string, unknown> | undefined;
      v.checked += 1;
      if (row === undefined) {
        if (want !== '') v.missing.push(recordName(table, key));
      } else if (want === '' || want !== fingerprint(canonicalJson(row))) v.differs.push(recordName(table, key));
    }
    return v;
  }
}

/** Canonical JSON of a raw row (keys sorted), built without an object per row. Gives exactly
 *  canonicalJson's text for the same row read as an object. */
function rowRenderer(columns: string[]): (raw: unknown[]) => string {
  const order = columns.map((name, i) => ({ name, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const prefixes = order.map((c, n) => `${n === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return (raw) => {
    let s = '';
    for (let n = 0; n < order.length; n++) s += prefixes[n] + JSON.stringify(raw[order[n].i] ?? null);
    return order.length === 0 ? '{}' : `${s}}`;
  };
}

function fingerprint(text: string): string {
  return digest('sha1', text, 'base64');
}
