// The audit log (SPEC §0): one row per change, written in the same transaction as the change,
// chained by hash = sha256(prev_hash + canonical row). Triggers refuse UPDATE and DELETE; the
// chain and the head kept in `meta` catch a row changed, removed, reordered or cut off the end
// by someone who went around the triggers.
import { createRequire } from 'node:module';
import { takeImages } from './audit-images.js';
import { cachedStatement, getMeta, setMeta, type Db } from './db.js';

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  record_id: string | null;
  change: string;
  prev_hash: string;
  hash: string;
  format: number;
  entered_at: number | null;
  late: string | null;
  images: string | null;
  prints: string | null;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  recordId: string | null;
  change: Record<string, unknown>;
  /** when it was entered; null on rows written before entry times were kept */
  enteredAt?: number | null;
  /** the reason given for a late entry (补录) */
  late?: string | null;
}

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same change always hashes the same. */
export function canonicalJson(value: unknown): string {
  // the common case (plain data) without JSON.stringify's replacer: a big demo writes 700 000 rows
  const fast = canonicalPlain(value);
  return fast === NOT_PLAIN ? canonicalJsonSlow(value) : (fast as string);
}

const NOT_PLAIN = Symbol('not plain');
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/** Exactly canonicalJsonSlow's text for plain data (null, strings, numbers, booleans, arrays and
 *  plain objects without integer-like keys); NOT_PLAIN for anything else, which takes the slow
 *  path. undefined means "omitted", as in JSON.stringify. */
function canonicalPlain(v: unknown): string | undefined | typeof NOT_PLAIN {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return NOT_PLAIN;
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const s = canonicalPlain(v[i]);
      if (s === NOT_PLAIN) return NOT_PLAIN;
      out += (i ? ',' : '') + (s === undefined ? 'null' : s);
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const keys = Object.keys(v);
  if (keys.some((k) => INDEX_KEY.test(k))) return NOT_PLAIN; // JS objects order integer keys first
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '{';
  let first = true;
  for (const k of keys) {
    const s = canonicalPlain((v as Record<string, unknown>)[k]);
    if (s === NOT_PLAIN) return NOT_PLAIN;
    if (s === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${s}`;
    first = false;
  }
  return `${out}}`;
}

/** The reference definition: JSON.stringify with every object's keys sorted. */
export function canonicalJsonSlow(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/** node:crypto is loaded on the first hash: read-only commands never pay its ~5 ms of start-up.
 *  `crypto.hash` (Node >= 20.12) hashes in one call, ~20 % faster than createHash (FIELD-NOTES). */
export function digest(algorithm: 'sha256' | 'sha1', text: string, encoding: 'hex' | 'base64' = 'hex'): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  const oneShot = (crypto as unknown as { hash?: (a: string, d: string, e: string) => string }).hash;
  return oneShot ? oneShot(algorithm, text, encoding) : crypto.createHash(algorithm).update(text).digest(encoding);
}

/** What a row's hash covers. Form 1 (rows written before after-images existed) keeps its text;
 *  form 2 adds the form itself, the entry time, the late-entry reason and the after-images. The
 *  short fields go in a JSON array (numbers, strings, null: already canonical) with the UTF-8 byte
 *  lengths of the two long texts, which follow as they are: unambiguous, and a verify can hash the
 *  images as the bytes SQLite holds, without turning megabytes into JS strings first. */
function hashedHead(r: Omit<HashedFields, 'images'>, imagesBytes: number): string {
  return formTwoHead(r.seq, r.at, r.entered_at, r.actor, r.action, r.record_id, r.late, r.change, imagesBytes, r.prints);
}

/** The head of a form-2 row's hashed text (see hashedHead), from its fields as stored. */
function formTwoHead(
  seq: unknown, at: unknown, enteredAt: unknown, actor: unknown, action: unknown, recordId: unknown, late: unknown,
  change: string, imagesBytes: number, prints: string | null,
): string {
  return JSON.stringify([2, seq, at, enteredAt, actor, action, recordId, late, Buffer.byteLength(change), imagesBytes, prints === null ? -1 : Buffer.byteLength(prints)]);
}

type HashedFields = Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'record_id' | 'change' | 'format' | 'entered_at' | 'late' | 'images' | 'prints'>;

function rowHash(prev: string, r: HashedFields): string {
  if (r.format !== 2) return digest('sha256', prev + JSON.stringify([r.seq, r.at, r.actor, r.action, r.record_id, r.change]));
  const images = r.images ?? '';
  return digest('sha256', prev + hashedHead(r, r.images === null ? -1 : Buffer.byteLength(images)) + r.change + images + (r.prints ?? ''));
}

/** The same hash with the images as bytes (a verify reads them so): `text` is prev + head + change. */
function rowHashBytes(text: string, images: Buffer, prints: string | null): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  const h = crypto.createHash('sha256').update(text).update(images);
  if (prints !== null) h.update(prints);
  return h.digest('hex');
}

export interface AppendInput {
  /** when the change happened */
  at: number;
  /** when it was entered (the command's clock) */
  enteredAt: number;
  actor: string;
  action: string;
  recordId: string | null;
  change: Record<string, unknown>;
  /** the reason given for a late entry (补录) */
  late?: string | null;
  /** images given by the caller (the baseline); otherwise the rows written since the last row */
  images?: { images: string; prints: string } | null;
}

/** Appends one row, with the after-images of the business rows written since the last row.
 *  Call inside the write transaction of the change it records. */
export function appendAudit(db: Db, entry: AppendInput): AuditEntry {
  const last = cachedStatement(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS;
  const row: HashedFields = {
    seq, at: entry.at, actor: entry.actor, action: entry.action, record_id: entry.recordId, change: canonicalJson(entry.change),
    format: 2, entered_at: entry.enteredAt, late: entry.late ?? null, images: null, prints: null,
  };
  const taken = entry.images !== undefined ? entry.images : takeImages(db);
  if (taken) {
    row.images = taken.images;
    row.prints = taken.prints;
  }
  const hash = rowHash(prev, row);
  cachedStatement(
    db,
    'INSERT INTO audit (seq, at, actor, action, record_id, change, prev_hash, hash, format, entered_at, late, images, prints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, row.at, row.actor, row.action, row.record_id, row.change, prev, hash, 2, row.entered_at, row.late, row.images, row.prints);
  setMeta(db, 'audit_head', `${seq}:${hash}`);
  const enteredMax = Number(getMeta(db, 'audit_entered_max') ?? 0);
  if (entry.enteredAt > enteredMax) setMeta(db, 'audit_entered_max', String(entry.enteredAt));
  return { seq, at: entry.at, actor: entry.actor, action: entry.action, recordId: entry.recordId, change: entry.change };
}

/** The latest entry time in the log: a write may not be entered before it (SPEC §0). */
export function lastEnteredAt(db: Db): number | null {
  const v = getMeta(db, 'audit_entered_max');
  return v === undefined ? null : Number(v);
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq, at: r.at, actor: r.actor, action: r.action, recordId: r.record_id, change: parseChange(r.change),
    enteredAt: r.entered_at ?? null, late: r.late ?? null,
  };
}

/** A row changed behind kaohe's back may hold anything: show it rather than crash (verify names it). */
export function parseChange(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { unreadable: text };
  } catch {
    return { unreadable: text };
  }
}

/** How many rows the log holds. */
export function auditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
}

export function auditLog(db: Db, opts: { recordId?: string; limit?: number } = {}): AuditEntry[] {
  const limit = opts.limit ?? -1;
  // the images stay out: a history needs what happened, not the rows it wrote
  const rows =
    opts.recordId !== undefined
      ? (db.prepare('SELECT seq, at, actor, action, record_id, change, entered_at, late FROM audit WHERE record_id = ? ORDER BY seq LIMIT ?').all(opts.recordId, limit) as AuditRow[])
      : (db.prepare('SELECT * FROM (SELECT seq, at, actor, action, record_id, change, entered_at, late FROM audit ORDER BY seq DESC LIMIT ?) ORDER BY seq').all(limit) as AuditRow[]);
  return rows.map(toEntry);
}

export interface AuditHead {
  seq: number;
  hash: string;
  /** a demo database: its footers say so (SPEC §0) */
  demo?: boolean;
}

/** The last row of the chain ({seq: 0, hash: genesis} for an empty log). With `asOf` (a report's
 *  --now), the last row entered by then: an as-of report reprinted later is the same page, footer
 *  included. */
export function auditHead(db: Db, asOf?: number): AuditHead {
  const entered = lastEnteredAt(db);
  const past = asOf !== undefined && entered !== null && asOf < entered;
  const last = (past
    ? cachedStatement(db, 'SELECT seq, hash FROM audit WHERE entered_at <= ? ORDER BY seq DESC LIMIT 1').get(asOf)
    : cachedStatement(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get()) as AuditHead | undefined;
  const head = last ?? { seq: 0, hash: GENESIS };
  return getMeta(db, 'demo') === '1' ? { ...head, demo: true } : head;
}

/** The head as printed in footers: 审计链 1234:abcd1234… */
export function shortHead(h: AuditHead): string {
  return `${h.seq}:${h.hash.slice(0, 12)}`;
}

export type ChainProblem = 'changed' | 'missing' | 'reordered' | 'truncated' | 'anchor_missing' | 'anchor_differs';

export interface ChainVerdict {
  ok: boolean;
  rows: number;
  /** the first row that does not fit the chain (or where the chain ends early) */
  first_bad: number | null;
  problem: ChainProblem | null;
  head: AuditHead;
}

const BATCH = 5_000;

/** Walks the chain from `from` (a verified checkpoint, or the start) in batches by sequence
 *  range, calling `visit` for every row that holds after-images. Call inside one read
 *  transaction: the rows and the head must come from one snapshot. */
export function walkChain(db: Db, from: AuditHead | null, visit: (seq: number, prints: string) => void): ChainVerdict {
  let prev = from ? from.hash : GENESIS;
  let expected = (from?.seq ?? 0) + 1;
  let rows = 0;
  if (from && from.seq > 0) {
    const at = db.prepare('SELECT hash FROM audit WHERE seq = ?').get(from.seq) as { hash: string } | undefined;
    if (!at || at.hash !== from.hash) return { ok: false, rows, first_bad: from.seq, problem: at ? 'changed' : 'missing', head: from };
  }
  const batch = db.prepare(
    'SELECT seq, at, actor, action, record_id, change, prev_hash, hash, format, entered_at, late, CAST(images AS BLOB), prints FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?',
  ).raw(true);
  // the hot loop of a verify over a million rows: no object or closure per row
  const fail = (a: unknown[], problem: ChainProblem, at: number): ChainVerdict => ({ ok: false, rows, first_bad: at, problem, head: { seq: a[0] as number, hash: a[7] as string } });
  for (;;) {
    const got = batch.all(expected, BATCH) as unknown[][];
    for (const a of got) {
      rows += 1;
      const seq = a[0] as number;
      if (seq !== expected) return fail(a, seq > expected ? 'missing' : 'reordered', expected);
      if (a[6] !== prev) return fail(a, 'reordered', seq);
      const prints = a[12] as string | null;
      let hash: string;
      if (a[8] !== 2) hash = digest('sha256', prev + JSON.stringify([seq, a[1], a[2], a[3], a[4], a[5]]));
      else {
        const images = a[11] as Buffer | null;
        const change = a[5] as string;
        const head = formTwoHead(seq, a[1], a[9], a[2], a[3], a[4], a[10], change, images === null ? -1 : images.length, prints);
        hash = images === null ? digest('sha256', prev + head + change + (prints ?? '')) : rowHashBytes(prev + head + change, images, prints);
      }
      if (hash !== a[7]) return fail(a, 'changed', seq);
      if (prints !== null && a[8] === 2) visit(seq, prints); // a form-1 row's hash does not cover prints
      prev = hash;
      expected += 1;
    }
    if (got.length < BATCH) break;
  }
  const head = { seq: expected - 1, hash: prev };
  const stored = getMeta(db, 'audit_head');
  // rows without a head mean the head was deleted: the end of the chain cannot be confirmed
  if (stored === undefined ? head.seq > 0 : stored !== `${head.seq}:${head.hash}`) {
    return { ok: false, rows, first_bad: expected, problem: 'truncated', head };
  }
  return { ok: true, rows, first_bad: null, problem: null, head };
}

/** Does the log still hold this head at this position? Catches a chain rewritten or shortened
 *  after the head was printed or anchored elsewhere. */
export function checkAnchor(db: Db, anchor: AuditHead): ChainProblem | null {
  if (anchor.seq === 0) return null;
  const row = db.prepare('SELECT hash FROM audit WHERE seq = ?').get(anchor.seq) as { hash: string } | undefined;
  if (!row) return 'anchor_missing';
  return row.hash === anchor.hash ? null : 'anchor_differs';
}

export { GENESIS };
