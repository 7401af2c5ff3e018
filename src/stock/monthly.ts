// The stock module's section of `kaohe report monthly`: the month's slips, parts issued and old
// parts back (also by location, as a chart), requisitions written off, what was open at the month's
// end (requisitions, old parts not disposed of, balances) and the claims opened in the month —
// all as entered by ctx.now (SPEC §0); a closed month as of its closing, with what later entries
// dated in closed months it counts "from earlier months" (closed.ts).
import { withNote } from '../core/i18n.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import type { MonthlySection } from '../core/monthly.js';
import type { TableView } from '../core/output.js';
import type { Period } from '../core/period.js';
import { humanTime, isoOrNull } from '../core/time.js';
import { closingHead, type Closing } from '../core/closing.js';
import { fromEarlier, monthAsOf, statusAt, type FromEarlier } from './closed.js';
import { earlierJson, earlierLine } from './view-closed.js';
import { balanceLines, claimTotals } from './report.js';
import type { ReqStatus } from './rules.js';
import * as store from './store.js';
import * as rs from './store-report.js';
import type { Requisition } from './store.js';
import { balanceView, locLabel } from './view.js';
import { asRead } from './writeoff.js';

const within = (t: number | null, p: Period) => t !== null && t >= p.start && t < p.end;

export interface StockMonth {
  slips: number; issued: number; oldBack: number; requested: number; writtenOff: number; openAtEnd: number; oldPending: number;
  byLoc: Array<{ loc: string; issued: number; oldBack: number }>;
  open: Array<{ r: Requisition; status: ReqStatus }>;
  claims: ReturnType<typeof claimTotals>;
  claimList: store.Claim[];
  /** the moment the month is read as of (its closing, for a closed month) */
  now: number;
  closing: Closing | null;
  earlier: FromEarlier | null;
}

/** The month's figures (plain data; the section below renders them). */
export function stockMonth(ctx: Context, db: Db, period: Period): StockMonth {
  const { now, closing } = monthAsOf(ctx, db, period);
  const earlier = fromEarlier(db, period, now);
  const slips = [...rs.monthSlips(db, period.start, period.end, now), ...(earlier?.slips ?? [])];
  const byLoc = new Map<string, { loc: string; issued: number; oldBack: number }>();
  const at = (loc: string) => byLoc.get(loc) ?? byLoc.set(loc, { loc, issued: 0, oldBack: 0 }).get(loc)!;
  for (const s of slips) {
    if (s.kind === 'issue') at(s.reqLoc ?? s.fromLoc ?? 'main').issued += s.qty;
    if (s.kind === 'oldpart') at(s.reqLoc ?? s.toLoc ?? 'old').oldBack += s.qty;
  }
  const reqs = store.requisitionsIn(db, ['pending', 'approved', 'issued', 'written_off']).map((r) => asRead(db, r));
  const open = reqs.flatMap((r) => {
    const status = statusAt(r, period.end, now);
    return status ? [{ r, status }] : [];
  });
  const claimList = store.listClaims(db, false).filter((c) => within(c.openedAt, period) && c.openedEntered <= now);
  return {
    now, closing, earlier,
    slips: slips.length,
    issued: [...byLoc.values()].reduce((n, l) => n + l.issued, 0),
    oldBack: [...byLoc.values()].reduce((n, l) => n + l.oldBack, 0),
    requested: reqs.filter((r) => within(r.requestedAt, period) && r.requestedEntered <= now).length,
    writtenOff: reqs.filter((r) => within(r.writtenOffAt, period) && (r.writtenOffEntered ?? Infinity) <= now).length + (earlier?.writtenOff.length ?? 0),
    openAtEnd: open.length,
    oldPending: rs.oldPendingBefore(db, period.end, now),
    byLoc: [...byLoc.values()].sort((a, b) => a.loc.localeCompare(b.loc)),
    open,
    claims: claimTotals(claimList),
    claimList,
  };
}

/** null when the month has no slip, no requisition requested or written off and no claim opened. */
export function stockMonthly(ctx: Context, db: Db, period: Period): MonthlySection | null {
  const m = stockMonth(ctx, db, period);
  if (m.slips === 0 && m.requested === 0 && m.writtenOff === 0 && m.claimList.length === 0 && m.earlier === null) return null;
  const t = (k: string) => ctx.t(`stock.monthly.${k}`);
  const counts: Array<[string, number]> = [
    ['slips', m.slips], ['issued', m.issued], ['old_back', m.oldBack], ['written_off', m.writtenOff], ['open', m.openAtEnd], ['old_pending', m.oldPending],
    ['claims', m.claims.claims],
  ];
  const moneys: Array<[string, number]> = [['claimed', m.claims.claimed_fen], ['recovered', m.claims.recovered_fen], ['outstanding', m.claims.outstanding_fen]];
  const figures: TableView = {
    title: t('figures'),
    sheet: t('title'),
    columns: [
      { key: 'figure', label: t('col.figure') },
      { key: 'value', label: t('col.value'), align: 'right', type: (row) => (row.kind === 'money' ? 'money' : 'int') },
    ],
    rows: [
      ...counts.map(([k, n]) => ({ k, figure: t(k), value: n, kind: 'int' })),
      ...moneys.map(([k, fen]) => ({ k, figure: t(k), value: fenToYuan(fen), kind: 'money' })),
    ],
  };
  const lines = balanceLines(rs.balancesBefore(db, period.end, m.now));
  const plain = balanceView(ctx, lines);
  const balances: TableView = {
    ...plain,
    title: t('balances'),
    columns: plain.columns.map((c) => (c.align === 'right' ? { ...c, type: 'int' as const } : c)),
    totals: { qty: lines.reduce((n, l) => n + l.qty, 0), ok: lines.reduce((n, l) => n + l.ok, 0), pending: lines.reduce((n, l) => n + l.pending, 0), rejected: lines.reduce((n, l) => n + l.rejected, 0) },
  };
  const openRows = m.open.map(({ r, status }) => ({
    id: r.id, status, ticket: r.ticket, part: r.part, from: r.fromLoc, qty: r.qty, requested_at: isoOrNull(r.requestedAt, ctx.tz)?.slice(0, 10) ?? null,
  }));
  const openTable: TableView = {
    title: t('open_title'),
    columns: [
      { key: 'id', label: ctx.t('stock.col.id') },
      { key: 'status', label: ctx.t('stock.col.status'), words: 'stock.status.' },
      { key: 'ticket', label: ctx.t('stock.col.ticket') },
      { key: 'part', label: ctx.t('stock.col.part') },
      { key: 'from', label: ctx.t('stock.col.loc'), show: (v) => locLabel(ctx, String(v)) },
      { key: 'qty', label: ctx.t('stock.col.qty'), align: 'right', type: 'int' },
      { key: 'requested_at', label: t('col.requested'), type: 'date' },
    ],
    rows: openRows,
    empty: ctx.t('common.none'),
  };
  const claimRows = m.claimList.map((c) => ({
    id: c.id, status: c.status, ticket: c.ticket, part: c.part, supplier: c.supplier, claimed: fenToYuan(c.claimedFen),
    recovered: c.recoveredFen === null ? null : fenToYuan(c.recoveredFen),
  }));
  const claims: TableView = {
    title: t('claims_title'),
    columns: [
      { key: 'id', label: ctx.t('stock.col.id') },
      { key: 'status', label: ctx.t('stock.col.status'), words: 'stock.claim.status.' },
      { key: 'ticket', label: ctx.t('stock.col.ticket') },
      { key: 'part', label: ctx.t('stock.col.part') },
      { key: 'supplier', label: ctx.t('stock.col.supplier') },
      { key: 'claimed', label: ctx.t('stock.col.claimed'), align: 'right', type: 'money' },
      { key: 'recovered', label: ctx.t('stock.col.recovered'), align: 'right', type: 'money', show: (v) => (v === null ? '—' : formatYuan(Math.round((v as number) * 100))) },
    ],
    rows: claimRows,
    totals: claimRows.length ? { claimed: fenToYuan(m.claims.claimed_fen), recovered: fenToYuan(m.claims.recovered_fen) } : undefined,
    empty: ctx.t('common.none'),
  };
  return {
    key: 'stock',
    title: t('title'),
    period: period.label,
    figures: [
      { label: t('slips'), value: String(m.slips) },
      { label: t('issued'), value: withNote(ctx.lang, String(m.issued), `${t('old_back')} ${m.oldBack}`) },
      { label: t('open'), value: withNote(ctx.lang, String(m.openAtEnd), `${t('written_off')} ${m.writtenOff}`) },
      { label: t('old_pending'), value: String(m.oldPending) },
      { label: t('claimed'), value: `${formatYuan(m.claims.claimed_fen)} (${t('recovered')} ${formatYuan(m.claims.recovered_fen)}, ${t('outstanding')} ${formatYuan(m.claims.outstanding_fen)})` },
      ...(m.earlier ? [{ label: ctx.t('report.from_earlier'), value: earlierLine(ctx, m.earlier) }] : []),
    ],
    ...(m.closing ? { notes: [ctx.t('stock.closed.note', { at: humanTime(m.closing.closedAt, ctx.tz), head: closingHead(m.closing) })] } : {}),
    tables: [figures, balances, openTable, claims],
    charts: m.byLoc.length === 0 ? [] : [{
      id: 'parts_by_location',
      title: t('chart.by_loc'),
      kind: 'bar',
      categories: m.byLoc.map((l) => locLabel(ctx, l.loc)),
      series: [{ name: t('issued'), data: m.byLoc.map((l) => l.issued) }, { name: t('old_back'), data: m.byLoc.map((l) => l.oldBack) }],
    }],
    json: {
      slips: m.slips, issued: m.issued, old_back: m.oldBack, requested: m.requested, written_off: m.writtenOff, open_requisitions: m.openAtEnd,
      old_parts_pending: m.oldPending,
      claims: { opened: m.claims.claims, claimed: fenToYuan(m.claims.claimed_fen), recovered: fenToYuan(m.claims.recovered_fen), outstanding: fenToYuan(m.claims.outstanding_fen) },
      by_location: m.byLoc.map((l) => ({ loc: l.loc, issued: l.issued, old_back: l.oldBack })),
      balances: lines.map((l) => ({ ...l })),
      open: openRows,
      claims_opened: claimRows,
      ...(m.earlier ? { from_earlier: earlierJson(ctx, m.earlier) } : {}),
      ...(m.closing ? { closed: { closed_at: isoOrNull(m.closing.closedAt, ctx.tz), head: m.closing.head } } : {}),
    },
  };
}
