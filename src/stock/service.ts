// Stock use cases that move parts without a requisition: parts, receipts (接收单), inspection
// (质量清), transfers between the main store and the stations, stocktakes (盘点). Each parses
// its input first (exit 2 before any rule), then writes inside ONE transaction with an audit row.
// Requisitions are in service-req.ts, disposal and claims in service-claim.ts.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { InputError, NotFoundError, RuleError } from '../core/errors.js';
import { parseEnum, requireEnum } from '../core/enum.js';
import { parseInteger, requireText } from '../core/input.js';
import { parseYuan } from '../core/money.js';
import { parsePastMoment } from '../core/time.js';
import { applyMove, checkCountLine, writeSlip } from './moves.js';
import { checkStoreLoc, parseLoc, QUALITIES, type Quality } from './rules.js';
import * as store from './store.js';
import type { Part, Slip } from './store.js';
import { stockWrite, type WriteOff, stepTimes } from './writeoff.js';

export interface Done<T> { result: T; writtenOff: WriteOff[] }

export function optional(text: string | undefined): string | null {
  return text === undefined || text.trim() === '' ? null : text.trim();
}

export function parseQty(text: string | undefined, field = '--qty', min = 1): number {
  return parseInteger(requireText(text, field), field, min, 1_000_000);
}

export function stepAt(ctx: Context, text: string | undefined): number {
  return parsePastMoment(text, '--at', ctx.tz, ctx.now);
}

export function partOf(db: Db, code: string): Part {
  const p = store.getPart(db, code);
  if (!p) throw new NotFoundError('stock.part_not_found', { code });
  return p;
}

export function slipOf(db: Db, id: string): Slip {
  const s = store.getSlip(db, id.trim().toUpperCase());
  if (!s) throw new NotFoundError('stock.slip_not_found', { id });
  return s;
}

// ---- parts ----------------------------------------------------------------------------------

/** A new part (`at`: when it was added; the demo passes its own times). */
export function addPart(ctx: Context, raw: { code?: string; name?: string; spec?: string; unit?: string; price?: string; supplier?: string }, at = ctx.now): Part {
  const p: Part = {
    code: requireText(raw.code, '--code'),
    name: requireText(raw.name, '--name'),
    spec: optional(raw.spec),
    unit: optional(raw.unit) ?? '件',
    priceFen: raw.price === undefined ? 0 : parseYuan(raw.price, '--price'),
    supplier: optional(raw.supplier),
    createdAt: at,
  };
  if (/\s/.test(p.code)) throw new InputError('stock.input.code', { field: '--code', value: p.code });
  return stockWrite(ctx, (db) => {
    if (store.getPart(db, p.code)) throw new RuleError('stock.rule.part_exists', { code: p.code });
    store.insertPart(db, p);
    ctx.audit(db, 'stock.part_add', p.code, { name: p.name, spec: p.spec, unit: p.unit, price_fen: p.priceFen, supplier: p.supplier }, at);
    return p;
  }).result;
}

// ---- receive --------------------------------------------------------------------------------

export interface ReceiveRaw { part?: string; qty?: string; to?: string; from?: string; doc?: string; by?: string; quality?: string; against?: string; at?: string; note?: string; reason?: string }

export function receive(ctx: Context, raw: ReceiveRaw): Done<Slip> {
  const code = requireText(raw.part, '--part');
  const qty = parseQty(raw.qty);
  const to = raw.to === undefined ? 'main' : parseLoc(raw.to, '--to');
  checkStoreLoc(to, '--to');
  const quality = raw.quality === undefined ? 'ok' : parseEnum(raw.quality, '--quality', QUALITIES, 'stock.quality.');
  const against = optional(raw.against)?.toUpperCase() ?? null;
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const part = partOf(db, code);
    let after = null;
    if (against !== null) {
      const r = store.getRequisition(db, against);
      if (!r) throw new NotFoundError('stock.req_not_found', { id: against });
      if (r.status !== 'written_off' || r.part !== part.code) throw new RuleError('stock.rule.against', { id: against, status: r.status, part: r.part });
      after = { at: r.writtenOffAt!, what: ctx.t('stock.step.written_off'), id: r.id };
    }
    const times = stepTimes(ctx, { kind: 'stock.receive', at, after, reason: raw.reason });
    const slip = writeSlip(ctx, db, {
      kind: 'receive', part: part.code, qty, at, toLoc: to, quality, source: optional(raw.from) ?? part.supplier, doc: optional(raw.doc),
      person: optional(raw.by), requisition: against, note: optional(raw.note), late: times.late,
    }, [{ part: part.code, loc: to, quality, qty }], times.enteredAt);
    ctx.audit(db, 'stock.receive', slip.id, { part: part.code, qty, to, quality, from: slip.source, doc: slip.doc, by: slip.person, against }, at, { late: times.late });
    return slip;
  });
}

// ---- quality (质量清) -------------------------------------------------------------------------

export function inspect(ctx: Context, raw: { slip?: string; quality?: string; by?: string; at?: string; reason?: string }): Done<Slip> {
  const id = requireText(raw.slip, 'SLIP');
  const quality = requireEnum(raw.quality, '--quality', ['ok', 'rejected'] as const, 'stock.quality.');
  const by = requireText(raw.by, '--by');
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const rec = slipOf(db, id);
    if (rec.kind !== 'receive' || rec.quality !== 'pending') throw new RuleError('stock.rule.not_pending', { id: rec.id });
    const done = store.qualitySlipFor(db, rec.id);
    if (done) throw new RuleError('stock.rule.inspected', { id: rec.id, slip: done.id });
    const times = stepTimes(ctx, { kind: 'stock.quality', at, after: { at: rec.at, what: ctx.t('stock.step.received'), id: rec.id }, reason: raw.reason });
    const loc = rec.toLoc!;
    const slip = writeSlip(ctx, db, { kind: 'quality', part: rec.part, qty: rec.qty, at, fromLoc: loc, toLoc: loc, quality, person: by, refSlip: rec.id, late: times.late },
      [{ part: rec.part, loc, quality: 'pending', qty: -rec.qty }, { part: rec.part, loc, quality, qty: rec.qty }], times.enteredAt);
    ctx.audit(db, 'stock.quality', slip.id, { receipt: rec.id, quality, by, qty: rec.qty }, at, { late: times.late });
    return slip;
  });
}

// ---- transfer -------------------------------------------------------------------------------

export function transfer(ctx: Context, raw: { part?: string; qty?: string; from?: string; to?: string; by?: string; at?: string; reason?: string }): Done<Slip> {
  const code = requireText(raw.part, '--part');
  const qty = parseQty(raw.qty);
  const from = parseLoc(requireText(raw.from, '--from'), '--from');
  const to = parseLoc(requireText(raw.to, '--to'), '--to');
  checkStoreLoc(from, '--from');
  checkStoreLoc(to, '--to');
  if (from === to) throw new InputError('stock.input.same_loc', { field: '--to', value: to });
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const part = partOf(db, code);
    const times = stepTimes(ctx, { kind: 'stock.transfer', at, reason: raw.reason });
    const slip = writeSlip(ctx, db, { kind: 'transfer', part: part.code, qty, at, fromLoc: from, toLoc: to, quality: 'ok', person: optional(raw.by), late: times.late },
      [{ part: part.code, loc: from, quality: 'ok', qty: -qty }, { part: part.code, loc: to, quality: 'ok', qty }], times.enteredAt);
    ctx.audit(db, 'stock.transfer', slip.id, { part: part.code, qty, from, to }, at, { late: times.late });
    return slip;
  });
}

// ---- stocktake (盘点) -------------------------------------------------------------------------

export function count(ctx: Context, raw: { part?: string; loc?: string; counted?: string; reason?: string; by?: string; at?: string; late?: string }): Done<Slip> {
  const code = requireText(raw.part, '--part');
  const loc = parseLoc(requireText(raw.loc, '--loc'), '--loc');
  const counted = parseQty(raw.counted, '--counted', 0);
  const reason = requireText(raw.reason, '--reason');
  const by = requireText(raw.by, '--by');
  const at = stepAt(ctx, raw.at);
  return stockWrite(ctx, (db) => {
    const part = partOf(db, code);
    // the count's own reason doubles as the reason for a late entry (补录)
    const times = stepTimes(ctx, { kind: 'stock.count', at, reason: raw.late ?? reason });
    checkCountLine(ctx, db, part.code, loc, at);
    const book = store.balanceAt(db, part.code, loc, at);
    const diff = counted - book;
    const slip = writeSlip(ctx, db, { kind: 'count', part: part.code, qty: Math.abs(diff), at, toLoc: loc, quality: 'ok', counted, book, reason, person: ctx.actor, approver: by, late: times.late },
      [], times.enteredAt);
    if (diff !== 0) applyMove(ctx, db, slip.id, { part: part.code, loc, quality: 'ok', qty: diff }, at, times.enteredAt);
    ctx.audit(db, 'stock.count', slip.id, { part: part.code, loc, counted, book, adjustment: diff, reason, approver: by }, at, { late: times.late });
    return slip;
  });
}

// ---- void ---------------------------------------------------------------------------------

/** Voids a receipt or a transfer (a mistake is corrected by voiding, SPEC §0): its movements are
 *  reversed at their own time (from the first open month when theirs is closed, SPEC §0), so the
 *  void is checked like a back-dated movement — refused when a later balance would go below zero,
 *  or when a stocktake has counted the parts since. Slips of a
 *  requisition, a disposal or a stocktake are corrected by their own steps, never voided. */
export function voidSlip(ctx: Context, raw: { id?: string; reason?: string }): Done<Slip> {
  const id = requireText(raw.id, 'SLIP');
  const reason = requireText(raw.reason, '--reason');
  return stockWrite(ctx, (db) => {
    const s = slipOf(db, id);
    if (s.kind !== 'receive' && s.kind !== 'transfer') throw new RuleError('stock.rule.void_kind', { id: s.id, kind: ctx.t(`stock.kind.${s.kind}`) });
    if (s.voidedAt !== null) throw new RuleError('stock.rule.voided', { id: s.id });
    const moves = store.movesOfSlip(db, s.id);
    // the taking-out side first: it is the one that can fail
    for (const m of [...moves].sort((a, b) => b.qty - a.qty)) applyMove(ctx, db, s.id, { part: m.part, loc: m.loc, quality: m.quality, qty: -m.qty }, m.at, ctx.now);
    store.setSlipVoid(db, s.id, ctx.now, reason);
    ctx.audit(db, 'stock.void', s.id, { reason, kind: s.kind, part: s.part, qty: s.qty });
    return { ...s, voidedAt: ctx.now, voidReason: reason };
  });
}

export type { Quality };
