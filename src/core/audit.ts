// The audit log (SPEC §0): one row per change, written in the same transaction as the change,
// chained by hash = sha256(prev_hash + canonical row). Triggers refuse UPDATE and DELETE; the
// chain and the head kept in `meta` catch a row changed, removed, reordered or cut off the end
// by someone who went around the triggers.
import { createRequire } from 'node:module';
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
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  recordId: string | null;
  change: Record<string, unknown>;
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

/** node:crypto is loaded on the first hash: read-only commands never pay its ~5 ms of start-up. */
function sha256(text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return crypto.createHash('sha256').update(text).digest('hex');
}

function rowHash(prev: string, r: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const canonical = canonicalJson([r.seq, r.at, r.actor, r.action, r.record_id, r.change]);
  return sha256(prev + canonical);
}

/** Appends one row. Call inside the write transaction of the change it records. */
export function appendAudit(
  db: Db,
  entry: { at: number; actor: string; action: string; recordId: string | null; change: Record<string, unknown> },
): AuditEntry {
  const last = cachedStatement(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS;
  const row = { seq, at: entry.at, actor: entry.actor, action: entry.action, record_id: entry.recordId, change: canonicalJson(entry.change) };
  const hash = rowHash(prev, row);
  cachedStatement(db, 'INSERT INTO audit (seq, at, actor, action, record_id, change, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    seq, row.at, row.actor, row.action, row.record_id, row.change, prev, hash,
  );
  setMeta(db, 'audit_head', `${seq}:${hash}`);
  return { seq, at: entry.at, actor: entry.actor, action: entry.action, recordId: entry.recordId, change: entry.change };
}

function toEntry(r: AuditRow): AuditEntry {
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, recordId: r.record_id, change: parseChange(r.change) };
}

/** A row changed behind kaohe's back may hold anything: show it rather than crash (verify names it). */
function parseChange(text: string): Record<string, unknown> {
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
  const rows =
    opts.recordId !== undefined
      ? (db.prepare('SELECT * FROM audit WHERE record_id = ? ORDER BY seq LIMIT ?').all(opts.recordId, limit) as AuditRow[])
      : (db.prepare('SELECT * FROM (SELECT * FROM audit ORDER BY seq DESC LIMIT ?) ORDER BY seq').all(limit) as AuditRow[]);
  return rows.map(toEntry);
}

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  /** the first row that does not fit the chain (or where the chain ends early) */
  first_bad: number | null;
  problem: 'changed' | 'missing' | 'reordered' | 'truncated' | null;
}

export function verifyAudit(db: Db): AuditVerdict {
  let prev = GENESIS;
  let expected = 1;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    rows += 1;
    if (r.seq !== expected) return { ok: false, rows, first_bad: expected, problem: r.seq > expected ? 'missing' : 'reordered' };
    if (r.prev_hash !== prev) return { ok: false, rows, first_bad: r.seq, problem: 'reordered' };
    if (rowHash(prev, r) !== r.hash) return { ok: false, rows, first_bad: r.seq, problem: 'changed' };
    prev = r.hash;
    expected += 1;
  }
  const head = getMeta(db, 'audit_head');
  // rows without a head mean the head was deleted: the end of the chain cannot be confirmed
  if (head === undefined ? rows > 0 : head !== `${expected - 1}:${prev}`) {
    return { ok: false, rows, first_bad: expected, problem: 'truncated' };
  }
  return { ok: true, rows, first_bad: null, problem: null };
}
