// The two sides of a full verify's comparison of the tables with the log (audit-fast.ts): each
// table's rows as `key<TAB>print` lines (tableSide, read a page at a time by pagedSide), and the
// log's last print of each record, replayed from the form-2 rows (logSql). runSide runs either, on
// the verify's thread or in a worker (runSide and pagedSide are self-contained: a worker gets their
// source text). Both give per table a count and the digest of its lines; the fast path compares
// the two and, on any difference, leaves the verdict to the row-by-row walk.
import type { SideRows, SideTask } from './audit-fast-worker.js';
import type { Db } from './db.js';

const NAME = /^[a-z_][a-z0-9_]*$/;

/** A row of the table as SQL writing its canonical JSON (as JavaScript writes it: see audit-fast.ts fingerprintSql), and whether the
 *  table is narrow (its rows hashed as text). Null for a table with a hidden or generated column:
 *  the row-by-row compare reads those (SELECT *) and pragma_table_info leaves them out, so such a
 *  table (kaohe makes none) is compared the slow way. */
export function rowJsonSql(db: Db, table: string): { json: string; narrow: boolean } | null {
  const columns = db.prepare('SELECT name, type, hidden FROM pragma_table_xinfo(?)').all(table) as Array<{ name: string; type: string; hidden: number }>;
  if (columns.some((c) => c.hidden !== 0)) return null;
  const sorted = columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = sorted.map(({ name, type }) => {
    if (!NAME.test(name)) throw new Error(`not a column name: ${name}`);
    const c = `"${name}"`;
    const value = type === 'TEXT' || type === 'INTEGER' ? c : `iif(${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15, CAST(${c} AS INTEGER), ${c})`;
    return `'${name}', ${value}`;
  });
  return { json: `json_object(${parts.join(', ')})`, narrow: sorted.length <= NARROW };
}

/** Up to this many columns, a row is short enough to be hashed as text (tableSide, pagedSide). */
const NARROW = 8;

/** One table's side of the quick comparison: how many rows, and the digest of the text
 *  `key<TAB>print` of every row in key order. The rows are sorted in the subquery (SQLite's
 *  sorter) and joined in the order they come: an ORDER BY inside group_concat builds a B-tree
 *  instead, row by row, which cost more than the sort. Should they ever come in another order,
 *  the digests differ and the slow way compares: never a wrong verdict. Null: the table is
 *  compared the slow way (rowJsonSql).
 *  A table with a rowid of its own (not WITHOUT ROWID, no column shadowing the name) is read in
 *  pages by rowid instead (audit-fast-worker.ts pagedSide): SQLite writes each page's rows and
 *  keys as two texts, one a line, and the rows are hashed there, one call per row but no call
 *  from SQLite into JavaScript per row (150,000 tickets: 1.96 -> 1.73 CPU s on a loaded machine). */
export function tableSide(db: Db, { table, key }: { table: string; key: string[] }, page: number): SideTask | null {
  if (![table, ...key].every((n) => NAME.test(n))) throw new Error(`not a table or column name: ${table}`);
  const keyText = `json_array(${key.map((c) => `"${c}"`).join(', ')})`;
  const row = rowJsonSql(db, table);
  if (row === null) return null;
  const { json, narrow } = row;
  // names checked above, all from the declared tables and their columns
  if (hasOwnRowid(db, table)) {
    const rows = narrow ? 'group_concat(j, char(10))' : 'CAST(group_concat(j, char(10)) AS BLOB)';
    const sql = `SELECT count(*), max(r), ${rows}, group_concat(k, char(10)) FROM (SELECT _rowid_ AS r, ${json} AS j, ${keyText} AS k FROM "${table}" WHERE _rowid_ >= ? ORDER BY _rowid_ LIMIT ${Math.trunc(page)})`;
    return { kind: 'table', sql, params: [], paged: { table, page: Math.trunc(page) } };
  }
  // a WITHOUT ROWID table, or one with a column named like the rowid: its rows as text, as JavaScript reads them
  return { kind: 'table', sql: `SELECT '${table}', count(*), kaohe_fp(CAST(group_concat(k || char(9) || p, char(10)) AS BLOB)) FROM (SELECT ${keyText} AS k, kaohe_fp(${json}) AS p FROM "${table}" ORDER BY k)`, params: [] };
}

/** A rowid table none of whose columns is called rowid, _rowid_ or oid (one would hide it). */
function hasOwnRowid(db: Db, table: string): boolean {
  const wr = db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ? AND type = 'table'").pluck().get(table);
  if (wr !== 0) return false;
  const names = db.prepare('SELECT lower(name) FROM pragma_table_info(?)').pluck().all(table) as string[];
  return !names.some((n) => n === 'rowid' || n === '_rowid_' || n === 'oid');
}

/** The log's side, replayed in SQL (the same rules as audit-images.ts Replay.add): every item
 *  [table, [key...], print] of every form-2 row's prints, the last one of each record (the
 *  highest row, then the highest place in it), the records whose last print is not a deletion;
 *  per table the same count and digest as tableSide. jsonb_each gives each item as JSONB, which
 *  ->> reads without parsing text again. One sort, of the items (the GROUP BY then takes them in
 *  that order as they come, with no B-tree of its own): the records come out of GROUP BY t, k sorted,
 *  and the outer GROUP BY t and group_concat take them in that order (as in tableSide, another
 *  order only sends the compare the slow way). A form-1 row's prints are not covered by its hash
 *  and vouch for nothing. An item kaohe never writes (a print that is not a string) makes a line
 *  no table has: the slow way then says what differs.
 *  The form-2 rows are found through the index audit_form2 (migration 15) when the file has it as
 *  kaohe made it, else by a scan of the log. The index is not trusted: it could be forged to leave
 *  out a row, repeat one or point to another, so that an older print passes for a record's last.
 *  So each row's format is checked on the row itself (a second reference to the table, read by its
 *  primary key: SQLite cannot take the index's word for it), the seqs so found are kept
 *  (MATERIALIZED: read once), the replay reads exactly those rows by primary key, and the last
 *  line [NULL, rows, seqs] lists them: they must be exactly the form-2 rows the chain's scan
 *  found row by row (rangeFits); otherwise the slow way compares. */
export function logSql(indexed: boolean): string {
  // a row whose prints are not a JSON array as JSON.parse reads it (SQLite also reads JSON5, and
  // jsonb_each walks an object too) is one Replay.add skips: left out of r, so the list of seqs read
  // is not the chain's and the slow way compares
  const strict = "(a.prints IS NULL OR (json_valid(a.prints, 1) AND json_type(a.prints) = 'array'))";
  const rows = indexed
    ? `SELECT a.seq FROM audit i INDEXED BY audit_form2 CROSS JOIN audit a ON a.seq = i.seq WHERE i.format = 2 AND a.format IS 2 AND ${strict} AND i.seq > ? AND i.seq <= ?`
    : `SELECT a.seq FROM audit a NOT INDEXED WHERE a.format IS 2 AND ${strict} AND a.seq > ? AND a.seq <= ?`;
  return `WITH r AS MATERIALIZED (${rows})
  SELECT t, iif(count(*) FILTER (WHERE coalesce(p, '') = '' AND NOT ${CANONICAL_KEY}) > 0, -1, count(*) FILTER (WHERE p <> '')),
    kaohe_fp(CAST(group_concat(iif(p <> '', k || char(9) || p, NULL), char(10)) AS BLOB)) FROM (
    SELECT t, k, p, max(o) FROM (SELECT * FROM (
      SELECT j.value ->> 0 AS t, j.value -> 1 AS k, j.value ->> 2 AS p, a.seq * 4294967296 + j.key AS o
      FROM r CROSS JOIN audit a ON a.seq = r.seq, jsonb_each(a.prints) j WHERE a.prints IS NOT NULL) ORDER BY t, k)
    GROUP BY t, k ORDER BY t, k)
  GROUP BY t
  UNION ALL SELECT NULL, count(*), group_concat(seq) FROM r`;
}

/** A record's key as the log's items spell it (k) is the one JSON.stringify(JSON.parse(k)) gives,
 *  for keys of text and integers JavaScript holds exactly: no escape (SQLite keeps an item's
 *  escapes as written, \u0041 for A), and the same text written again. The replay in SQL takes the
 *  last print of each key as spelled, Replay.add of each key as parsed: two spellings of one key
 *  would be two records here and one there. A spelling whose last print is a string can only pass
 *  if a table row has that key as json_array writes it; one whose last print is not (a deletion,
 *  not shown) is checked with this, and when it is not so spelled, the table's count is -1 and the
 *  slow way compares. */
const CANONICAL_KEY = `(instr(k, '\\') = 0 AND k = (SELECT json_group_array(e.atom) FROM json_each(k) e)
    AND NOT EXISTS (SELECT 1 FROM json_each(k) e WHERE e.type NOT IN ('integer', 'text') OR (e.type = 'integer' AND e.atom NOT BETWEEN -9007199254740991 AND 9007199254740991)))`;

/** The index as migration 15 made it (its text in the schema; its pages are checked as logSql says). */
export const FORM2_INDEX = 'CREATE INDEX audit_form2 ON audit (seq) WHERE format = 2';

export function hasForm2Index(db: Db): boolean {
  return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'audit_form2' AND tbl_name = 'audit'").pluck().get() === FORM2_INDEX;
}

/** One side of the comparison as its rows [table, count, digest]; null when they cannot be read
 *  (prints that are not JSON: the chain says why). Self-contained: a worker runs its source text. */
export function runSide(db: Db, side: SideTask, crypto: typeof import('node:crypto'), isUtf8: (b: Buffer) => boolean, paged: typeof pagedSide): SideRows | null {
  try {
    return side.paged ? paged(db, side, crypto, isUtf8) : (db.prepare(side.sql).raw(true).all(...side.params) as SideRows);
  } catch {
    return null;
  }
}

/** A table's side read in pages by rowid: per page, SQLite writes the rows' canonical JSON (as
 *  fingerprintSql) and their keys (json_array, as the SQL side writes them), one a line (JSON
 *  escapes every line break), with the page's highest rowid; each row is hashed here as the SQL
 *  side's kaohe_fp would hash it (a narrow table's rows as text, the others as bytes, when the page
 *  is valid UTF-8: the same bytes as the text; else null, the slow way). The lines
 *  `key<TAB>print` are sorted here (JavaScript's order; should it ever differ from SQLite's, the
 *  digests differ and the slow way compares) and hashed as one text: the same count and digest as
 *  the SQL side. A page that does not split into as many rows and keys as it counts: null (the
 *  slow way). Self-contained: a worker runs its source text. */
export function pagedSide(db: Db, side: SideTask, crypto: typeof import('node:crypto'), isUtf8: (b: Buffer) => boolean): SideRows | null {
  const { table, page } = side.paged!;
  const st = db.prepare(side.sql).raw(true).safeIntegers(true);
  const hash = crypto.hash as unknown as ((a: string, d: string | Buffer, e: string) => string) | undefined;
  const print = (row: string | Buffer): string => (hash ? hash('sha1', row, 'base64') : crypto.createHash('sha1').update(row).digest('base64'));
  const lines: string[] = [];
  const top = 2n ** 63n - 1n;
  for (let from = -(2n ** 63n); ; ) {
    const [n, last, rows, keys] = st.get(from) as [bigint, bigint | null, Buffer | string | null, string | null];
    const count = Number(n);
    if (count === 0) break;
    if (rows === null || keys === null || last === null) return null;
    const k = keys.split('\n');
    if (k.length !== count) return null;
    if (typeof rows === 'string') {
      const r = rows.split('\n');
      if (r.length !== count) return null;
      for (let i = 0; i < count; i++) lines.push(`${k[i]}\t${print(r[i])}`);
    } else {
      // bytes that are not UTF-8 read otherwise in JavaScript (the row-by-row compare): not hashed as bytes
      if (!isUtf8(rows)) return null;
      let i = 0;
      for (let at = 0; at <= rows.length; i++) {
        let end = rows.indexOf(10, at);
        if (end < 0) end = rows.length;
        if (i >= count) return null;
        lines.push(`${k[i]}\t${print(rows.subarray(at, end))}`);
        at = end + 1;
      }
      if (i !== count) return null;
    }
    if (count < page || last >= top) break;
    from = last + 1n;
  }
  lines.sort();
  return [[table, lines.length, lines.length === 0 ? null : print(lines.join('\n'))]];
}
