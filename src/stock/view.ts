// How stock records look: the JSON shapes scripts rely on (CLI.md) and the tables people read.
import type { Context } from '../core/context.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import { emit, type TableView } from '../core/output.js';
import { periodJson } from '../core/period.js';
import { humanTime, isoOrNull } from '../core/time.js';
import type { BalanceLine, Ledger, LedgerLine, StockReport } from './report.js';
import type { Claim, Part, Requisition, Slip } from './store.js';
import type { WriteOff } from './writeoff.js';
import { earlierJson, earlierLine } from './view-closed.js';

export function partJson(p: Part): Record<string, unknown> {
  return { code: p.code, name: p.name, spec: p.spec, unit: p.unit, price: fenToYuan(p.priceFen), supplier: p.supplier };
}

export function reqJson(ctx: Context, r: Requisition): Record<string, unknown> {
  const iso = (v: number | null) => isoOrNull(v, ctx.tz);
  return {
    id: r.id, status: r.status, ticket: r.ticket, part: r.part, qty: r.qty, from: r.fromLoc, requester: r.requester, opinion: r.opinion,
    approver: r.approver, issued: r.issued, old_back: r.oldBack, returned: r.returned, outstanding: r.issued - r.oldBack - r.returned,
    requested_at: iso(r.requestedAt), approved_at: iso(r.approvedAt), issued_at: iso(r.issuedAt), ship_slip: r.shipSlip, receipt: r.receipt,
    written_off_at: iso(r.writtenOffAt), write_off_basis: r.writeOffBasis,
  };
}

export function slipJson(ctx: Context, s: Slip): Record<string, unknown> {
  return {
    id: s.id, kind: s.kind, part: s.part, qty: s.qty, from: s.fromLoc, to: s.toLoc, quality: s.quality, person: s.person, approver: s.approver,
    source: s.source, doc: s.doc, requisition: s.requisition, ref_slip: s.refSlip, how: s.how, month: s.month, counted: s.counted, book: s.book,
    cost: s.costFen === null ? null : fenToYuan(s.costFen), reason: s.reason, note: s.note, at: isoOrNull(s.at, ctx.tz),
    entered_at: isoOrNull(s.enteredAt, ctx.tz), late: s.late, voided_at: isoOrNull(s.voidedAt, ctx.tz), void_reason: s.voidReason,
  };
}

export function claimJson(ctx: Context, c: Claim): Record<string, unknown> {
  return {
    id: c.id, status: c.status, ticket: c.ticket, part: c.part, supplier: c.supplier, old_part: c.oldpartSlip, claimed: fenToYuan(c.claimedFen),
    recovered: c.recoveredFen === null ? null : fenToYuan(c.recoveredFen), opened_at: isoOrNull(c.openedAt, ctx.tz),
    submitted_at: isoOrNull(c.submittedAt, ctx.tz), decided_at: isoOrNull(c.decidedAt, ctx.tz), paid_at: isoOrNull(c.paidAt, ctx.tz),
  };
}

export function reqLine(ctx: Context, r: Requisition): string {
  return ctx.t('stock.req.line', {
    id: r.id, status: ctx.t(`stock.status.${r.status}`), part: r.part, qty: r.qty, ticket: r.ticket, issued: r.issued, old: r.oldBack, returned: r.returned,
  });
}

export function slipLine(ctx: Context, s: Slip): string {
  return ctx.t('stock.slip.line', { id: s.id, kind: ctx.t(`stock.kind.${s.kind}`), part: s.part, qty: s.qty, from: s.fromLoc ? locLabel(ctx, s.fromLoc) : '—', to: s.toLoc ? locLabel(ctx, s.toLoc) : '—' });
}

export function claimLine(ctx: Context, c: Claim): string {
  return ctx.t('stock.claim.line', { id: c.id, status: ctx.t(`stock.claim.status.${c.status}`), supplier: c.supplier, claimed: formatYuan(c.claimedFen) });
}

/** The line each write-off made by a command prints after its own line. */
export function writeOffLines(ctx: Context, list: WriteOff[]): string[] {
  return list.flatMap((w) => [
    ctx.t('stock.written_off', { id: w.id, basis: ctx.t(`stock.basis.${w.basis}`), at: humanTime(w.at, ctx.tz) }),
    ...(w.warning ? [ctx.t(w.warning, { id: w.id })] : []),
  ]);
}

export function writeOffJson(ctx: Context, list: WriteOff[]): Array<Record<string, unknown>> {
  return list.map((w) => ({ id: w.id, basis: w.basis, at: isoOrNull(w.at, ctx.tz), warning: w.warning ? ctx.t(w.warning, { id: w.id }) : null }));
}

export function balanceView(ctx: Context, rows: BalanceLine[]): TableView {
  return {
    title: ctx.t('stock.balance.title'),
    columns: [
      { key: 'loc', label: ctx.t('stock.col.loc'), show: (v) => locLabel(ctx, String(v)) },
      { key: 'part', label: ctx.t('stock.col.part') },
      { key: 'qty', label: ctx.t('stock.col.qty'), align: 'right' },
      { key: 'ok', label: ctx.t('stock.quality.ok'), align: 'right' },
      { key: 'pending', label: ctx.t('stock.quality.pending'), align: 'right' },
      { key: 'rejected', label: ctx.t('stock.quality.rejected'), align: 'right' },
    ],
    rows: rows as unknown as Array<Record<string, unknown>>,
    empty: ctx.t('common.none'),
  };
}

export function locLabel(ctx: Context, loc: string): string {
  if (loc === 'main' || loc === 'old') return ctx.t(`stock.loc.${loc}`);
  return loc.replace(/^station:/, ctx.t('stock.loc.station_prefix'));
}

export function renderBalances(ctx: Context, rows: BalanceLine[]): void {
  emit(ctx, { json: { balances: rows }, tables: [balanceView(ctx, rows)] });
}

export function renderLedger(ctx: Context, l: Ledger): void {
  const iso = (x: LedgerLine) => ({ ...x, at: isoOrNull(x.at, ctx.tz), ...(x.dated === undefined ? {} : { dated: isoOrNull(x.dated, ctx.tz) }) });
  const json = { part: l.part, loc: l.loc, period: periodJson(l.period), opening: l.opening, closing: l.closing, lines: l.lines.map(iso) };
  // --json builds only the JSON: a ledger may run to thousands of lines
  if (ctx.format === 'json' && !ctx.xlsx) return emit(ctx, { json });
  const earlier = ctx.t('report.from_earlier');
  const rows = l.lines.map((x) => ({
    ...x, kind_label: ctx.t(`stock.kind.${x.kind}`), requisition: x.dated === undefined ? x.requisition : `${x.requisition ?? ''} (${earlier} ${humanTime(x.dated, ctx.tz)})`.trim(),
  }));
  emit(ctx, {
    json,
    tables: [{
      title: ctx.t('stock.ledger.title', { part: l.part, period: l.period.label }),
      columns: [
        { key: 'at', label: ctx.t('stock.col.at'), show: (v) => humanTime(v as number, ctx.tz) },
        { key: 'slip', label: ctx.t('stock.col.slip') },
        { key: 'kind_label', label: ctx.t('stock.col.kind') },
        { key: 'loc', label: ctx.t('stock.col.loc'), show: (v) => locLabel(ctx, String(v)) },
        { key: 'qty', label: ctx.t('stock.col.qty'), align: 'right', show: (v) => ((v as number) > 0 ? `+${String(v)}` : String(v)) },
        { key: 'balance', label: ctx.t('stock.col.balance'), align: 'right' },
        { key: 'requisition', label: ctx.t('stock.col.requisition') },
      ],
      rows,
      notes: [ctx.t('stock.ledger.totals', { opening: l.opening, closing: l.closing })],
      empty: ctx.t('common.none'),
    }],
    csv: { columns: ['at', 'slip', 'kind', 'loc', 'quality', 'qty', 'balance', 'requisition'].map((k) => ({ key: k, label: ctx.t(`stock.col.${k}`) })),
      rows: json.lines },
  });
}

export function claimsView(ctx: Context, claims: Claim[]): TableView {
  return {
    title: ctx.t('stock.claims.title'),
    columns: [
      { key: 'id', label: ctx.t('stock.col.id') },
      { key: 'status', label: ctx.t('stock.col.status'), show: (v) => ctx.t(`stock.claim.status.${String(v)}`) },
      { key: 'ticket', label: ctx.t('stock.col.ticket') },
      { key: 'part', label: ctx.t('stock.col.part') },
      { key: 'supplier', label: ctx.t('stock.col.supplier') },
      { key: 'claimed', label: ctx.t('stock.col.claimed'), align: 'right', money: true, show: (v) => formatYuan(Math.round((v as number) * 100)) },
      { key: 'recovered', label: ctx.t('stock.col.recovered'), align: 'right', money: true, show: (v) => (v === null ? '—' : formatYuan(Math.round((v as number) * 100))) },
    ],
    rows: claims.map((c) => claimJson(ctx, c)),
    empty: ctx.t('common.none'),
  };
}

export function renderReport(ctx: Context, r: StockReport): void {
  const byLoc = new Map<string, number>();
  for (const b of r.balances) byLoc.set(b.loc, (byLoc.get(b.loc) ?? 0) + b.qty);
  const claims = {
    claims: r.claims.claims, open: r.claims.open, claimed: fenToYuan(r.claims.claimed_fen), recovered: fenToYuan(r.claims.recovered_fen),
    outstanding: fenToYuan(r.claims.outstanding_fen),
  };
  const footer = ctx.t('audit.head.footer', { head: r.head });
  emit(ctx, {
    json: {
      month: r.month,
      as_of: isoOrNull(r.asOf, ctx.tz),
      ...(r.closing ? { closed: { closed_at: isoOrNull(r.closing.closedAt, ctx.tz), head: r.closing.head } } : {}),
      ...(r.earlier ? { from_earlier: earlierJson(ctx, r.earlier) } : {}),
      by_location: [...byLoc.entries()].map(([loc, qty]) => ({ loc, qty })),
      balances: r.balances.map((b) => ({ part: b.part, loc: b.loc, qty: b.qty })),
      open_requisitions: r.open.map((q) => reqJson(ctx, q)),
      old_parts_pending: r.old.map((o) => ({ month: o.month, qty: o.qty, slips: o.slips, due: isoOrNull(o.due, ctx.tz) })),
      claims, late_entries: r.lateEntries, audit_head: r.head,
    },
    tables: [
      balanceView(ctx, r.balances),
      {
        title: ctx.t('stock.report.open'),
        columns: ['id', 'status', 'ticket', 'part', 'qty', 'issued', 'old_back', 'returned'].map((k) => ({
          key: k, label: ctx.t(`stock.col.${k}`), ...(k === 'status' ? { show: (v: unknown) => ctx.t(`stock.status.${String(v)}`) } : {}),
        })),
        rows: r.open.map((q) => reqJson(ctx, q)),
        empty: ctx.t('common.none'),
      },
      {
        title: ctx.t('stock.report.old'),
        columns: [
          { key: 'month', label: ctx.t('stock.col.month') },
          { key: 'qty', label: ctx.t('stock.col.qty'), align: 'right' },
          { key: 'due', label: ctx.t('stock.col.dispose_by'), show: (v) => humanTime(v as number, ctx.tz) },
        ],
        rows: r.old as unknown as Array<Record<string, unknown>>,
        empty: ctx.t('common.none'),
      },
      {
        title: ctx.t('stock.report.claims'),
        columns: ['claims', 'open', 'claimed', 'recovered', 'outstanding'].map((k) => ({ key: k, label: ctx.t(`stock.col.${k}`), align: 'right' as const })),
        rows: [{ ...claims, claimed: formatYuan(r.claims.claimed_fen), recovered: formatYuan(r.claims.recovered_fen), outstanding: formatYuan(r.claims.outstanding_fen) }],
        notes: [
          ctx.t('stock.report.late', { n: r.lateEntries }),
          ...(r.earlier ? [ctx.t('stock.report.earlier', { month: r.month, lines: earlierLine(ctx, r.earlier) })] : []),
          ...(r.closing ? [ctx.t('stock.closed.note', { at: humanTime(r.closing.closedAt, ctx.tz), head: r.head })] : []),
          footer,
        ],
      },
    ],
    csv: { ...balanceView(ctx, r.balances), notes: [] },
  });
}
