// A requisition's life (领料单, 3.6): request for a ticket → approval by a leader who is not the
// requester → issue from the main store or a station → old parts back (旧件) and unused parts
// returned (退库) → written off (销帐, writeoff.ts) on the service report, on a shipping slip
// (邮寄发运) or on the receipt of a paid service (有偿服务).
import type { Context } from '../core/context.js';
import { nextSerial, type Db } from '../core/db.js';
import { NotFoundError, RuleError } from '../core/errors.js';
import { parseEnum } from '../core/enum.js';
import { requireText } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { dateOf } from '../core/time.js';
import { writeSlip } from './moves.js';
import { checkAccounted, checkApprover, checkReqStep, checkStoreLoc, parseLoc, QUALITIES } from './rules.js';
import { optional, parseQty, partOf, stepAt, type Done } from './service.js';
import * as store from './store.js';
import type { Requisition } from './store.js';
import { parseTicketRef, ticketOf } from './ticket-link.js';
import { stockWrite, stepTimes } from './writeoff.js';

export function reqOf(db: Db, id: string): Requisition {
  const r = store.getRequisition(db, id.trim().toUpperCase());
  if (!r) throw new NotFoundError('stock.req_not_found', { id });
  return r;
}

export interface RequestRaw { part?: string; qty?: string; ticket?: string; by?: string; from?: string; opinion?: string; at?: string; reason?: string }

export function request(ctx: Context, raw: RequestRaw): Done<Requisition> {
  const code = requireText(raw.part, '--part');
  const qty = parseQty(raw.qty);
  const ticket = parseTicketRef(raw.ticket, '--ticket');
  const by = requireText(raw.by, '--by');
  const from = raw.from === undefined ? 'main' : parseLoc(raw.from, '--from');
  checkStoreLoc(from, '--from');
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const part = partOf(db, code);
    const t = ticketOf(db, ticket);
    if (t.status === 'void') throw new RuleError('stock.rule.ticket_void', { id: t.id });
    const times = stepTimes(ctx, { kind: 'stock.request', at, after: { at: t.reportedAt, what: ctx.t('stock.step.reported'), id: t.id }, reason: raw.reason });
    const r: Requisition = {
      id: nextSerial(db, 'Q', dateOf(at, ctx.tz).y), ticket: t.id, part: part.code, qty, fromLoc: from, requester: by, opinion: optional(raw.opinion),
      status: 'pending', requestedAt: at, requestedEntered: times.enteredAt, approver: null, approvedAt: null, approvedEntered: null,
      issued: 0, issuedAt: null, issuedEntered: null, oldPartDays: null, oldBack: 0, oldBackAt: null, returned: 0, returnedAt: null, shipSlip: null, receipt: null,
      paidAt: null, writtenOffAt: null, writtenOffEntered: null, writeOffBasis: null,
    };
    store.insertRequisition(db, r);
    ctx.audit(db, 'stock.request', r.id, { ticket: t.id, part: part.code, qty, from, by, opinion: r.opinion }, at, { late: times.late });
    return r;
  });
}

/** One step on a requisition inside a stock write: load, check its state and time, apply, audit. */
function reqStep(
  ctx: Context, id: string, step: 'approve' | 'issue' | 'oldpart' | 'return' | 'ship' | 'paid', at: number, reason: string | undefined,
  apply: (db: Db, r: Requisition, enteredAt: number, late: string | null) => Record<string, unknown>,
): Done<Requisition> {
  const done = stockWrite(ctx, (db) => {
    const r = reqOf(db, id);
    checkReqStep(step, r.status, r.id);
    const after = step === 'approve' ? { at: r.requestedAt, what: ctx.t('stock.step.requested'), id: r.id }
      : step === 'issue' ? { at: r.approvedAt!, what: ctx.t('stock.step.approved'), id: r.id }
      : { at: r.issuedAt!, what: ctx.t('stock.step.issued'), id: r.id };
    const times = stepTimes(ctx, { kind: `stock.${step}`, at, after, reason });
    const change = apply(db, r, times.enteredAt, times.late);
    ctx.audit(db, `stock.${step}`, r.id, change, at, { late: times.late });
    return r.id;
  });
  return { result: reqOf(ctx.db(), done.result), writtenOff: done.writtenOff };
}

export function approve(ctx: Context, raw: { id?: string; by?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const by = requireText(raw.by, '--by');
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'approve', at, raw.reason, (db, r, entered) => {
    checkApprover(r.requester, by, r.id);
    store.updateRequisition(db, { ...r, status: 'approved', approver: by, approvedAt: at, approvedEntered: entered });
    return { by };
  });
}

export function issue(ctx: Context, raw: { id?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'issue', at, raw.reason, (db, r, entered, late) => {
    const slip = writeSlip(ctx, db, { kind: 'issue', part: r.part, qty: r.qty, at, fromLoc: r.fromLoc, quality: 'ok', person: ctx.actor, requisition: r.id, late },
      [{ part: r.part, loc: r.fromLoc, quality: 'ok', qty: -r.qty }], entered);
    // the rule's days for the old part are kept as in force at the issue (rules snapshot, SPEC §0)
    store.updateRequisition(db, { ...r, status: 'issued', issued: r.qty, issuedAt: at, issuedEntered: entered, oldPartDays: ctx.rules.stock.old_part_return_days });
    return { slip: slip.id, qty: r.qty, from: r.fromLoc };
  });
}

export function oldPart(ctx: Context, raw: { id?: string; qty?: string; by?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const qty = parseQty(raw.qty);
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'oldpart', at, raw.reason, (db, r, entered, late) => {
    checkAccounted(r.issued, r.oldBack, r.returned, qty, r.id);
    const slip = writeSlip(ctx, db, { kind: 'oldpart', part: r.part, qty, at, toLoc: 'old', quality: 'rejected', person: optional(raw.by), requisition: r.id, late },
      [{ part: r.part, loc: 'old', quality: 'rejected', qty }], entered);
    store.updateRequisition(db, { ...r, oldBack: r.oldBack + qty, oldBackAt: Math.max(at, r.oldBackAt ?? at) });
    return { slip: slip.id, qty };
  });
}

export function returnUnused(ctx: Context, raw: { id?: string; qty?: string; quality?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const qty = parseQty(raw.qty);
  const quality = raw.quality === undefined ? 'ok' : parseEnum(raw.quality, '--quality', QUALITIES, 'stock.quality.');
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'return', at, raw.reason, (db, r, entered, late) => {
    checkAccounted(r.issued, r.oldBack, r.returned, qty, r.id);
    const slip = writeSlip(ctx, db, { kind: 'return', part: r.part, qty, at, toLoc: r.fromLoc, quality, person: ctx.actor, requisition: r.id, late },
      [{ part: r.part, loc: r.fromLoc, quality, qty }], entered);
    store.updateRequisition(db, { ...r, returned: r.returned + qty, returnedAt: Math.max(at, r.returnedAt ?? at) });
    return { slip: slip.id, qty, quality };
  });
}

export function ship(ctx: Context, raw: { id?: string; cost?: string; handler?: string; approver?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const cost = parseYuan(requireText(raw.cost, '--cost'), '--cost');
  const handler = requireText(raw.handler, '--handler');
  const approver = requireText(raw.approver, '--approver');
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'ship', at, raw.reason, (db, r, entered, late) => {
    if (handler === approver) throw new RuleError('stock.rule.ship_same', { id: r.id, name: handler });
    if (r.shipSlip) throw new RuleError('stock.rule.shipped', { id: r.id, slip: r.shipSlip });
    const slip = writeSlip(ctx, db, { kind: 'ship', part: r.part, qty: r.issued, at, costFen: cost, person: handler, approver, requisition: r.id, late }, [], entered);
    store.updateRequisition(db, { ...r, shipSlip: slip.id });
    return { slip: slip.id, cost_fen: cost, handler, approver };
  });
}

export function paid(ctx: Context, raw: { id?: string; receipt?: string; at?: string; reason?: string }): Done<Requisition> {
  const id = requireText(raw.id, 'QID');
  const receipt = requireText(raw.receipt, '--receipt');
  const at = stepAt(ctx, raw.at);
  return reqStep(ctx, id, 'paid', at, raw.reason, (db, r, entered) => {
    const t = ticketOf(db, r.ticket);
    if (t.warranty === true) throw new RuleError('stock.rule.paid_warranty', { id: r.id, ticket: t.id });
    store.updateRequisition(db, { ...r, receipt, paidAt: at, status: 'written_off', writtenOffAt: at, writtenOffEntered: entered, writeOffBasis: 'paid' });
    return { receipt, written_off: true };
  });
}

