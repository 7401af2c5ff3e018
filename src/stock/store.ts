// All SQL of the stock module. Rows (snake_case) become camelCase domain types at this border;
// every value is a bound parameter.
import { cachedStatement, type Db } from '../core/db.js';
import type { ClaimStatus, DisposeHow, Quality, ReqStatus } from './rules.js';

export interface Part { code: string; name: string; spec: string | null; unit: string; priceFen: number; supplier: string | null; createdAt: number }

export type SlipKind = 'receive' | 'quality' | 'issue' | 'oldpart' | 'return' | 'transfer' | 'dispose' | 'count' | 'ship';

export interface Slip {
  id: string; kind: SlipKind; part: string; qty: number; fromLoc: string | null; toLoc: string | null; quality: Quality | null;
  person: string | null; approver: string | null; source: string | null; doc: string | null; requisition: string | null;
  refSlip: string | null; how: DisposeHow | null; month: string | null; counted: number | null; book: number | null;
  costFen: number | null; reason: string | null; note: string | null; at: number; enteredAt: number; late: string | null; createdBy: string;
  voidedAt: number | null; voidReason: string | null;
}

export interface Move { slip: string; part: string; loc: string; quality: Quality; at: number; enteredAt: number; qty: number }

export interface Requisition {
  id: string; ticket: string; part: string; qty: number; fromLoc: string; requester: string; opinion: string | null; status: ReqStatus;
  requestedAt: number; requestedEntered: number; approver: string | null; approvedAt: number | null; approvedEntered: number | null;
  issued: number; issuedAt: number | null; issuedEntered: number | null; oldPartDays: number | null; oldBack: number; oldBackAt: number | null;
  returned: number; returnedAt: number | null; shipSlip: string | null; receipt: string | null; paidAt: number | null;
  writtenOffAt: number | null; writtenOffEntered: number | null; writeOffBasis: 'report' | 'shipping' | 'paid' | null;
}

export interface Claim {
  id: string; ticket: string; part: string; supplier: string; oldpartSlip: string; claimedFen: number; recoveredFen: number | null;
  status: ClaimStatus; openedAt: number; openedEntered: number; submittedAt: number | null; decidedAt: number | null; paidAt: number | null;
  changedEntered: number | null;
}

type Row = Record<string, unknown>;

function camel<T>(row: Row | undefined): T | undefined {
  if (!row) return undefined;
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as T;
}

function snake(obj: object): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(obj)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

const st = cachedStatement;

// ---- parts ----------------------------------------------------------------------------------

export function insertPart(db: Db, p: Part): void {
  st(db, `INSERT INTO stock_parts (code, name, spec, unit, price_fen, supplier, created_at)
          VALUES (@code, @name, @spec, @unit, @price_fen, @supplier, @created_at)`).run(snake(p));
}

export function getPart(db: Db, code: string): Part | undefined {
  return camel<Part>(st(db, 'SELECT * FROM stock_parts WHERE code = ?').get(code) as Row | undefined);
}

export function listParts(db: Db): Part[] {
  return (st(db, 'SELECT * FROM stock_parts ORDER BY code').all() as Row[]).map((r) => camel<Part>(r)!);
}

// ---- slips and movements --------------------------------------------------------------------

const SLIP_COLS = ['id', 'kind', 'part', 'qty', 'from_loc', 'to_loc', 'quality', 'person', 'approver', 'source', 'doc', 'requisition', 'ref_slip',
  'how', 'month', 'counted', 'book', 'cost_fen', 'reason', 'note', 'at', 'entered_at', 'late', 'created_by', 'voided_at', 'void_reason'];

export function insertSlip(db: Db, s: Slip): void {
  st(db, `INSERT INTO stock_slips (${SLIP_COLS.join(', ')}) VALUES (${SLIP_COLS.map((c) => `@${c}`).join(', ')})`).run(snake(s));
}

export function getSlip(db: Db, id: string): Slip | undefined {
  return camel<Slip>(st(db, 'SELECT * FROM stock_slips WHERE id = ?').get(id) as Row | undefined);
}

export function slipsOf(db: Db, requisition: string): Slip[] {
  return (st(db, 'SELECT * FROM stock_slips WHERE requisition = ? ORDER BY at, id').all(requisition) as Row[]).map((r) => camel<Slip>(r)!);
}

export function setSlipVoid(db: Db, id: string, at: number, reason: string): void {
  st(db, 'UPDATE stock_slips SET voided_at = ?, void_reason = ? WHERE id = ?').run(at, reason, id);
}

/** The inspection of a pending receipt, if any. */
export function qualitySlipFor(db: Db, receipt: string): Slip | undefined {
  return camel<Slip>(st(db, "SELECT * FROM stock_slips WHERE kind = 'quality' AND ref_slip = ?").get(receipt) as Row | undefined);
}

/** Adds one movement and keeps the book balance of its key. */
export function insertMove(db: Db, m: Move): void {
  st(db, 'INSERT INTO stock_moves (slip, part, loc, quality, at, entered_at, qty) VALUES (@slip, @part, @loc, @quality, @at, @entered_at, @qty)').run(snake(m));
  // no upsert: its insert candidate would meet the CHECK (qty >= 0) of a taking-out movement, and
  // the after-image triggers' INSERT OR IGNORE would inherit its conflict handling
  const changed = st(db, 'UPDATE stock_balances SET qty = qty + ? WHERE part = ? AND loc = ? AND quality = ?').run(m.qty, m.part, m.loc, m.quality).changes;
  if (changed === 0) st(db, 'INSERT INTO stock_balances (part, loc, quality, qty) VALUES (?, ?, ?, ?)').run(m.part, m.loc, m.quality, m.qty);
}

export function movesOfSlip(db: Db, slip: string): Move[] {
  return (st(db, 'SELECT slip, part, loc, quality, at, entered_at, qty FROM stock_moves WHERE slip = ? ORDER BY id').all(slip) as Row[]).map((r) => camel<Move>(r)!);
}

export function bookBalance(db: Db, part: string, loc: string, quality: Quality): number {
  const r = st(db, 'SELECT qty FROM stock_balances WHERE part = ? AND loc = ? AND quality = ?').get(part, loc, quality) as { qty: number } | undefined;
  return r?.qty ?? 0;
}

/** The sum of a key's movements dated after a moment: an index range of stock_moves_run. */
export function sumAfter(db: Db, part: string, loc: string, quality: Quality, at: number): number {
  const r = st(db, 'SELECT coalesce(sum(qty), 0) AS s FROM stock_moves WHERE part = ? AND loc = ? AND quality = ? AND at > ?').get(part, loc, quality, at) as { s: number };
  return r.s;
}

/** The key's movements dated after a moment, in running order. */
export function movesAfter(db: Db, part: string, loc: string, quality: Quality, at: number): IterableIterator<{ at: number; qty: number }> {
  return st(db, 'SELECT at, qty FROM stock_moves WHERE part = ? AND loc = ? AND quality = ? AND at > ? ORDER BY at, id').iterate(part, loc, quality, at) as IterableIterator<{ at: number; qty: number }>;
}

/** The latest stocktake of a part at a location (a hard line for back-dated movements). */
export function latestCount(db: Db, part: string, loc: string): { id: string; at: number } | undefined {
  return st(db, "SELECT id, at FROM stock_slips WHERE kind = 'count' AND part = ? AND to_loc = ? ORDER BY at DESC LIMIT 1").get(part, loc) as { id: string; at: number } | undefined;
}

/** The balance of a part at a location over every quality, at a moment (movements dated ≤ at). */
export function balanceAt(db: Db, part: string, loc: string, at: number): number {
  const r = st(db, 'SELECT coalesce(sum(qty), 0) AS s FROM stock_moves WHERE part = ? AND loc = ? AND at <= ?').get(part, loc, at) as { s: number };
  return r.s;
}

// ---- requisitions ---------------------------------------------------------------------------

const REQ_COLS = ['id', 'ticket', 'part', 'qty', 'from_loc', 'requester', 'opinion', 'status', 'requested_at', 'requested_entered'];

export function insertRequisition(db: Db, r: Requisition): void {
  const row = snake(r);
  st(db, `INSERT INTO stock_requisitions (${REQ_COLS.join(', ')}) VALUES (${REQ_COLS.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(REQ_COLS.map((c) => [c, row[c]])));
}

export function getRequisition(db: Db, id: string): Requisition | undefined {
  return camel<Requisition>(st(db, 'SELECT * FROM stock_requisitions WHERE id = ?').get(id) as Row | undefined);
}

/** Writes the requisition's changing columns back (status, steps, counters). */
export function updateRequisition(db: Db, r: Requisition): void {
  const cols = ['status', 'approver', 'approved_at', 'approved_entered', 'issued', 'issued_at', 'issued_entered', 'old_part_days', 'old_back', 'old_back_at', 'returned',
    'returned_at', 'ship_slip', 'receipt', 'paid_at', 'written_off_at', 'written_off_entered', 'write_off_basis'];
  const row = snake(r);
  st(db, `UPDATE stock_requisitions SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(Object.fromEntries(['id', ...cols].map((c) => [c, row[c]])));
}

// one statement per status: each an index range of stock_requisitions_status
const BY_STATUS: Record<ReqStatus, string> = {
  pending: "SELECT * FROM stock_requisitions WHERE status = 'pending' ORDER BY requested_at, id",
  approved: "SELECT * FROM stock_requisitions WHERE status = 'approved' ORDER BY requested_at, id",
  issued: "SELECT * FROM stock_requisitions WHERE status = 'issued' ORDER BY requested_at, id",
  written_off: "SELECT * FROM stock_requisitions WHERE status = 'written_off' ORDER BY requested_at, id",
  void: "SELECT * FROM stock_requisitions WHERE status = 'void' ORDER BY requested_at, id",
};

export function requisitionsIn(db: Db, statuses: ReqStatus[]): Requisition[] {
  const rows = statuses.flatMap((s) => st(db, BY_STATUS[s]).all() as Row[]).map((r) => camel<Requisition>(r)!);
  return rows.sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
}

export function requisitionsOfTicket(db: Db, ticket: string): Requisition[] {
  return (st(db, 'SELECT * FROM stock_requisitions WHERE ticket = ? ORDER BY requested_at, id').all(ticket) as Row[]).map((r) => camel<Requisition>(r)!);
}

// ---- old parts and disposal -----------------------------------------------------------------

/** Old-part slips dated in [from, to) not yet disposed of. */
export function undisposedOld(db: Db, from: number, to: number): Slip[] {
  return (st(db, `SELECT s.* FROM stock_slips s WHERE s.kind = 'oldpart' AND s.at >= ? AND s.at < ?
                  AND NOT EXISTS (SELECT 1 FROM stock_disposed d WHERE d.oldpart_slip = s.id) ORDER BY s.at, s.id`).all(from, to) as Row[]).map((r) => camel<Slip>(r)!);
}

export function insertDisposed(db: Db, oldpartSlip: string, disposeSlip: string): void {
  st(db, 'INSERT INTO stock_disposed (oldpart_slip, dispose_slip) VALUES (?, ?)').run(oldpartSlip, disposeSlip);
}

export function disposedBy(db: Db, oldpartSlip: string): string | undefined {
  const r = st(db, 'SELECT dispose_slip FROM stock_disposed WHERE oldpart_slip = ?').get(oldpartSlip) as { dispose_slip: string } | undefined;
  return r?.dispose_slip;
}

/** The latest old part back for a ticket and part (the evidence a claim rests on). */
export function oldPartFor(db: Db, ticket: string, part: string): Slip | undefined {
  return camel<Slip>(st(db, `SELECT s.* FROM stock_slips s JOIN stock_requisitions r ON r.id = s.requisition
                             WHERE s.kind = 'oldpart' AND r.ticket = ? AND s.part = ? ORDER BY s.at DESC, s.id DESC LIMIT 1`).get(ticket, part) as Row | undefined);
}

// ---- claims ---------------------------------------------------------------------------------

const CLAIM_COLS = ['id', 'ticket', 'part', 'supplier', 'oldpart_slip', 'claimed_fen', 'recovered_fen', 'status', 'opened_at', 'opened_entered',
  'submitted_at', 'decided_at', 'paid_at', 'changed_entered'];

export function insertClaim(db: Db, c: Claim): void {
  st(db, `INSERT INTO stock_claims (${CLAIM_COLS.join(', ')}) VALUES (${CLAIM_COLS.map((x) => `@${x}`).join(', ')})`).run(snake(c));
}

export function getClaim(db: Db, id: string): Claim | undefined {
  return camel<Claim>(st(db, 'SELECT * FROM stock_claims WHERE id = ?').get(id) as Row | undefined);
}

export function updateClaim(db: Db, c: Claim): void {
  const cols = ['status', 'recovered_fen', 'submitted_at', 'decided_at', 'paid_at', 'changed_entered'];
  const row = snake(c);
  st(db, `UPDATE stock_claims SET ${cols.map((x) => `${x} = @${x}`).join(', ')} WHERE id = @id`).run(Object.fromEntries(['id', ...cols].map((x) => [x, row[x]])));
}

export function listClaims(db: Db, onlyOpen: boolean): Claim[] {
  const sql = onlyOpen
    ? "SELECT * FROM stock_claims WHERE status IN ('open','submitted','accepted') ORDER BY opened_at, id"
    : 'SELECT * FROM stock_claims ORDER BY opened_at, id';
  return (st(db, sql).all() as Row[]).map((r) => camel<Claim>(r)!);
}

/** Live claims whose evidence is one of these old-part slips. */
export function liveClaimsOn(db: Db, oldpartSlips: string[]): Claim[] {
  return (st(db, `SELECT * FROM stock_claims WHERE oldpart_slip IN (SELECT value FROM json_each(?)) AND status IN ('open','submitted','accepted')`)
    .all(JSON.stringify(oldpartSlips)) as Row[]).map((r) => camel<Claim>(r)!);
}
