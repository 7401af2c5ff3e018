// A slip as it is printed and signed (接收单 一式二份, 领料单, 发运单 ...), and `stock show` of a
// requisition, a slip or a claim with its history. The footer carries the audit head (SPEC §0).
import { withNote } from '../core/i18n.js';
import { auditHead, auditLog, shortHead } from '../core/audit.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { historyJson, historyView } from '../core/history.js';
import { formatYuan } from '../core/money.js';
import { emit } from '../core/output.js';
import { humanTime } from '../core/time.js';
import * as store from './store.js';
import type { Slip } from './store.js';
import { blockerOf } from './writeoff.js';
import { claimJson, claimLine, locLabel, reqJson, reqLine, slipJson, slipLine } from './view.js';

/** The printable text of one copy of a slip. */
export function slipText(ctx: Context, db: Db, s: Slip, copy: number, copies: number): string {
  const part = store.getPart(db, s.part);
  const field = (key: string, value: string | number | null) => (value === null || value === '' ? null : `${ctx.t(`stock.field.${key}`)}: ${value}`);
  const lines = [
    `${ctx.t(`stock.slip.title.${s.kind}`)}  ${s.id}` + (copies > 1 ? `  ${ctx.t('stock.slip.copy', { n: copy, of: copies })}` : ''),
    '─'.repeat(40),
    field('part', part ? `${s.part} ${part.name}${part.spec ? ` ${part.spec}` : ''}` : s.part),
    field('qty', part ? `${s.qty} ${part.unit}` : s.qty),
    field('from', s.fromLoc ? locLabel(ctx, s.fromLoc) : null),
    field('to', s.toLoc ? locLabel(ctx, s.toLoc) : null),
    field('quality', s.quality && s.kind !== 'oldpart' && s.kind !== 'dispose' ? ctx.t(`stock.quality.${s.quality}`) : null),
    field('source', s.source),
    field('doc', s.doc),
    field('requisition', s.requisition),
    field('how', s.how ? ctx.t(`stock.how.${s.how}`) : null),
    field('month', s.month),
    field('counted', s.counted),
    field('book', s.book),
    field('cost', s.costFen === null ? null : formatYuan(s.costFen)),
    field('reason', s.reason),
    field('note', s.note),
    field('at', humanTime(s.at, ctx.tz)),
    field('entered_at', s.enteredAt - s.at > 60_000 ? humanTime(s.enteredAt, ctx.tz) : null),
    s.late ? `${ctx.t('stock.field.late')}: ${s.late}` : null,
    s.voidedAt !== null ? `${ctx.t('stock.field.voided')}: ${humanTime(s.voidedAt, ctx.tz)} ${s.voidReason ?? ''}` : null,
    '',
    `${ctx.t('stock.field.person')}: ${s.person ?? '________'}    ${ctx.t('stock.field.approver')}: ${s.approver ?? '________'}`,
    '─'.repeat(40),
    ctx.t('audit.head.footer', { head: shortHead(auditHead(db)) }),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

export function printSlip(ctx: Context, db: Db, s: Slip, copiesGiven: number | null): void {
  const copies = copiesGiven ?? (s.kind === 'receive' ? 2 : 1);
  const texts = Array.from({ length: copies }, (_, i) => slipText(ctx, db, s, i + 1, copies));
  emit(ctx, {
    json: { ...slipJson(ctx, s), copies, moves: store.movesOfSlip(db, s.id).map((m) => ({ loc: m.loc, quality: m.quality, qty: m.qty })), audit_head: shortHead(auditHead(db)) },
    text: texts.join('\n\n\f\n'),
  });
}

type Item = [string, string | number | null];
const itemRows = (ctx: Context, items: Item[]) => items.filter(([, v]) => v !== null && v !== '').map(([k, v]) => ({ k: ctx.t(`stock.field.${k}`), v: String(v) }));

function reqRows(ctx: Context, r: store.Requisition, waiting: string | null): Array<Record<string, unknown>> {
  const when = (t: number | null, by?: string | null) => (t === null ? null : `${humanTime(t, ctx.tz)}${by ? ` ${by}` : ''}`);
  return itemRows(ctx, [
    ['status', ctx.t(`stock.status.${r.status}`)], ['ticket', r.ticket], ['part', r.part], ['qty', r.qty], ['from', locLabel(ctx, r.fromLoc)],
    ['opinion', r.opinion], ['requested', when(r.requestedAt, r.requester)], ['approved', when(r.approvedAt, r.approver)], ['issued', when(r.issuedAt)],
    ['issued_qty', r.issued], ['old_back', r.oldBack], ['returned', r.returned], ['ship_slip', r.shipSlip], ['receipt', r.receipt],
    ['written_off', r.writtenOffAt === null ? null : withNote(ctx.lang, when(r.writtenOffAt) ?? '', ctx.t(`stock.basis.${r.writeOffBasis}`))],
    ['waiting', waiting],
  ]);
}

function claimRows(ctx: Context, c: store.Claim): Array<Record<string, unknown>> {
  const when = (t: number | null) => (t === null ? null : humanTime(t, ctx.tz));
  return itemRows(ctx, [
    ['status', ctx.t(`stock.claim.status.${c.status}`)], ['ticket', c.ticket], ['part', c.part], ['source', c.supplier], ['old_part', c.oldpartSlip],
    ['claimed', formatYuan(c.claimedFen)], ['recovered', c.recoveredFen === null ? null : formatYuan(c.recoveredFen)], ['opened', when(c.openedAt)],
    ['submitted', when(c.submittedAt)], ['decided', when(c.decidedAt)], ['paid', when(c.paidAt)],
  ]);
}

/** `stock show Q…|S…|C…`. */
export function showRecord(ctx: Context, db: Db, id: string, kind: 'Q' | 'S' | 'C', record: unknown): void {
  const history = auditLog(db, { recordId: id });
  if (kind === 'Q') {
    const r = record as store.Requisition;
    const slips = store.slipsOf(db, r.id);
    // an issued requisition says what its write-off still waits for
    const blocker = r.status === 'issued' ? blockerOf(db, r) : null;
    const waiting = blocker === null ? null : ctx.t(blocker, { id: r.id });
    emit(ctx, {
      json: { ...reqJson(ctx, r), waiting_for: waiting, slips: slips.map((s) => slipJson(ctx, s)), history: historyJson(ctx, history) },
      tables: [
        { title: reqLine(ctx, r), columns: [{ key: 'k', label: ctx.t('stock.col.item') }, { key: 'v', label: ctx.t('stock.col.value') }],
          rows: reqRows(ctx, r, waiting) },
        { title: ctx.t('stock.show.slips'), columns: [{ key: 'line', label: ctx.t('stock.col.slip') }], rows: slips.map((s) => ({ line: slipLine(ctx, s) })), empty: ctx.t('common.none') },
        historyView(ctx, history),
      ],
    });
  } else if (kind === 'S') {
    const s = record as Slip;
    emit(ctx, { json: { ...slipJson(ctx, s), history: historyJson(ctx, history) }, text: `${slipText(ctx, db, s, 1, 1)}` });
  } else {
    const c = record as store.Claim;
    emit(ctx, {
      json: { ...claimJson(ctx, c), history: historyJson(ctx, history) },
      tables: [{ title: claimLine(ctx, c), columns: [{ key: 'k', label: ctx.t('stock.col.item') }, { key: 'v', label: ctx.t('stock.col.value') }],
        rows: claimRows(ctx, c) }, historyView(ctx, history)],
    });
  }
}
