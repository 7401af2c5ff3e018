// How guard values look: JSON documents (CLI.md shapes, snake_case, yuan numbers, zoned instants)
// and tables for people. Used by command.ts and by the demo's print.
import { listJoin } from '../core/i18n.js';
import type { AuditHead } from '../core/audit.js';
import type { Context } from '../core/context.js';
import { emit, type TableView } from '../core/output.js';
import { periodJson } from '../core/period.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import { humanTime, isoInZone, isoOrNull } from '../core/time.js';
import { type FundView, type GuardReport, ruleLabel, } from './report.js';
import { isRange, pointsText, type Trigger } from './rules.js';
import type { Guard, Notice, Reward } from './store.js';

export { renderMonth } from './month-view.js';

const iso = (ctx: Context, ms: number | null) => isoOrNull(ms, ctx.tz);
const money = (v: unknown) => formatYuan(v as number);
const blank = (v: unknown) => String(v ?? '');

export function guardJson(ctx: Context, g: Guard) {
  return {
    id: g.id, name: g.name, company: g.company, site: g.site, base_pay: fenToYuan(g.basePayFen), hired: g.hired, status: g.status,
    dismissed_at: iso(ctx, g.dismissedAt), dismiss_reason: g.dismissReason,
  };
}

export function noticeJson(ctx: Context, n: Notice) {
  return {
    id: n.id, status: n.status, rule: n.rule, rule_label: ruleLabel(ctx, n.rule), points: n.points, yuan_per_point: fenToYuan(n.fenPerPoint),
    at: isoInZone(n.at, ctx.tz), inspector: n.inspector, kind: n.kind, compensation: fenToYuan(n.compensationFen), note: n.note,
    guards: n.guards.map((g) => ({ id: g.guardId, name: g.name, points: g.points, fine: fenToYuan(g.fineFen), compensation: fenToYuan(g.compensationFen) })),
    company_signed_by: n.companyBy, company_signed_at: iso(ctx, n.companySignedAt),
    property_signed_by: n.propertyBy, property_signed_at: iso(ctx, n.propertySignedAt),
    effective_at: iso(ctx, n.effectiveAt), void_reason: n.voidReason, voided_at: iso(ctx, n.voidedAt),
    // when the second signature and the void were entered (as-of reads go by these)
    effective_entered_at: iso(ctx, n.effectiveEnteredAt), void_entered_at: iso(ctx, n.voidEnteredAt),
    created_at: isoInZone(n.createdAt, ctx.tz), created_by: n.createdBy,
  };
}

export function noticeLine(ctx: Context, n: Notice): string {
  const who = n.guards.map((g) => g.name);
  return ctx.t(`guard.notice.${n.status}`, { id: n.id, rule: n.rule, points: n.points, guards: who, fine: formatYuan(n.guards.reduce((s, g) => s + g.fineFen, 0)) });
}

export function rewardJson(ctx: Context, r: Reward) {
  return {
    id: r.id, guard: r.guardId, name: r.name, amount: fenToYuan(r.amountFen), reason: r.reason, by: r.by, at: isoInZone(r.at, ctx.tz),
    entered_at: isoInZone(r.enteredAt, ctx.tz), voided_at: iso(ctx, r.voidedAt), void_reason: r.voidReason,
  };
}

export function reasonText(ctx: Context, t: Trigger): string {
  return ctx.t('guard.reason.short', { rule: t.rule, label: ruleLabel(ctx, t.rule), count: t.count });
}

export function fundJson(f: FundView) {
  return { balance: fenToYuan(f.balanceFen), fines_in: fenToYuan(f.finesInFen), rewards_out: fenToYuan(f.rewardsOutFen) };
}

export function renderFund(ctx: Context, f: FundView, head?: AuditHead): void {
  emit(ctx, {
    footer: head,
    json: { ...fundJson(f), rewards: f.rewards.map((r) => rewardJson(ctx, r)) },
    tables: [
      {
        title: ctx.t('guard.fund.title'),
        columns: [{ key: 'k', label: ctx.t('guard.col.item') }, { key: 'v', label: ctx.t('guard.col.amount'), align: 'right' }],
        rows: [
          { k: ctx.t('guard.fund.fines_in'), v: formatYuan(f.finesInFen) },
          { k: ctx.t('guard.fund.rewards_out'), v: formatYuan(f.rewardsOutFen) },
          { k: ctx.t('guard.fund.balance'), v: formatYuan(f.balanceFen) },
        ],
      },
      rewardTable(ctx, f.rewards),
    ],
    // scripts: the JSON's three numbers in yuan, not the translated "Fines in,454.00" lines
    csv: { columns: ['balance', 'fines_in', 'rewards_out'].map((key) => ({ key, label: ctx.t(`guard.fund.${key}`), money: true })), rows: [fundJson(f)] },
  });
}

function rewardTable(ctx: Context, rewards: Reward[]): TableView {
  return {
    title: ctx.t('guard.fund.rewards'),
    columns: [
      { key: 'id', label: ctx.t('guard.col.id') },
      { key: 'at', label: ctx.t('guard.col.at'), show: (v) => humanTime(v as number, ctx.tz) },
      { key: 'name', label: ctx.t('guard.col.name') },
      { key: 'amountFen', label: ctx.t('guard.col.amount'), align: 'right', show: money },
      { key: 'reason', label: ctx.t('guard.col.reason') },
      { key: 'by', label: ctx.t('guard.col.by') },
    ],
    rows: rewards as unknown as Array<Record<string, unknown>>,
    empty: ctx.t('guard.none'),
  };
}

export function renderRules(ctx: Context): void {
  const g = ctx.rules.guard;
  const yes = ctx.t('common.yes');
  const rows = g.rules.map((r) => ({
    no: r.no, points: pointsText(r), label: ctx.lang === 'zh' ? r.zh : r.en, per_guard: r.per_guard ? yes : '',
    compensation: r.compensation ? yes : '', dismiss_at: r.dismiss_at === undefined ? '' : ctx.t('guard.rules.dismiss_at', { n: r.dismiss_at }),
    serious: r.serious === undefined ? '' : ctx.t(`guard.rules.serious.${r.serious}`),
  }));
  emit(ctx, {
    json: {
      yuan_per_point: g.yuan_per_point, sign_wait_days: g.sign_wait_days, repeat_window_days: g.repeat_window_days,
      rules: g.rules.map((r) => ({
        no: r.no, points: isRange(r) ? null : r.points, min: isRange(r) ? r.min : r.points, max: isRange(r) ? r.max : r.points, zh: r.zh, en: r.en,
        per_guard: Boolean(r.per_guard), compensation: Boolean(r.compensation), dismiss_at: r.dismiss_at ?? null, serious: r.serious ?? null,
      })),
    },
    tables: [{
      title: ctx.t('guard.rules.title', { rate: g.yuan_per_point }),
      columns: [
        { key: 'no', label: ctx.t('guard.col.rule'), align: 'right' },
        { key: 'points', label: ctx.t('guard.col.points'), align: 'right' },
        { key: 'label', label: ctx.t('guard.col.violation') },
        { key: 'per_guard', label: ctx.t('guard.col.per_guard') , show: blank },
        { key: 'compensation', label: ctx.t('guard.col.compensation') , show: blank },
        { key: 'dismiss_at', label: ctx.t('guard.col.dismissal') , show: blank },
        { key: 'serious', label: ctx.t('guard.col.serious') , show: blank },
      ],
      rows,
      notes: [ctx.t('guard.rules.note')],
    }],
  });
}

export function renderReport(ctx: Context, r: GuardReport, head?: AuditHead): void {
  emit(ctx, {
    footer: head,
    json: {
      period: periodJson(r.period),
      guards: r.guards.map((g) => ({ id: g.id, name: g.name, notices: g.notices, points: g.points, fine: fenToYuan(g.fineFen), compensation: fenToYuan(g.compensationFen) })),
      rules: r.rules.map((x) => ({ rule: x.rule, label: ruleLabel(ctx, x.rule), notices: x.notices, guards: x.guards, points: x.points, fine: fenToYuan(x.fineFen) })),
      total_points: r.guards.reduce((s, g) => s + g.points, 0),
      total_fine: fenToYuan(r.guards.reduce((s, g) => s + g.fineFen, 0)),
      drafts: r.drafts, voids: r.voids, late_entries: r.lateEntries ?? 0,
      fund: { ...fundJson(r.fund), period_fines_in: fenToYuan(r.periodFinesFen), period_rewards_out: fenToYuan(r.periodRewardsFen) },
      // 补扣: notices of earlier (closed) months on this period's sheets, included in the figures above
      ...(r.fromEarlier ? { from_earlier: {
        points: r.fromEarlier.points, fine: fenToYuan(r.fromEarlier.fineFen), compensation: fenToYuan(r.fromEarlier.compensationFen),
        notices: r.fromEarlier.entries.map((e) => ({ notice: e.notice, month: e.month, guard: e.guardId, points: e.points, fine: fenToYuan(e.fineFen), compensation: fenToYuan(e.compensationFen) })),
      } } : {}),
    },
    tables: [
      {
        title: ctx.t('guard.report.by_guard', { period: r.period.label }),
        columns: [
          { key: 'id', label: ctx.t('guard.col.id') },
          { key: 'name', label: ctx.t('guard.col.name') },
          { key: 'notices', label: ctx.t('guard.col.notices'), align: 'right' },
          { key: 'points', label: ctx.t('guard.col.points'), align: 'right' },
          { key: 'fine', label: ctx.t('guard.col.fine'), align: 'right', show: (_, row) => money(row.fineFen), money: true },
          { key: 'compensation', label: ctx.t('guard.col.compensation'), align: 'right', show: (_, row) => money(row.compensationFen), money: true },
        ],
        // --csv writes these keys: yuan under the JSON's names, not fineFen in fen
        rows: r.guards.map((g) => ({ ...g, fine: fenToYuan(g.fineFen), compensation: fenToYuan(g.compensationFen) })),
        empty: ctx.t('guard.none'),
        notes: r.fromEarlier?.entries.map((e) => `${ctx.t('report.from_earlier')}: ${e.guardId} ${ctx.t(e.fineFen < 0 ? 'guard.month.reversal' : 'guard.month.adjustment', { notice: e.notice, month: e.month, fine: formatYuan(Math.abs(e.fineFen)) })}`),
      },
      {
        title: ctx.t('guard.report.by_rule'),
        columns: [
          { key: 'rule', label: ctx.t('guard.col.rule'), align: 'right' },
          { key: 'label', label: ctx.t('guard.col.violation') },
          { key: 'notices', label: ctx.t('guard.col.notices'), align: 'right' },
          { key: 'points', label: ctx.t('guard.col.points'), align: 'right' },
          { key: 'fineFen', label: ctx.t('guard.col.fine'), align: 'right', show: money },
        ],
        rows: r.rules.map((x) => ({ ...x, label: ruleLabel(ctx, x.rule) })),
        empty: ctx.t('guard.none'),
      },
    ],
    text: ctx.t('guard.report.fund', {
      fines: formatYuan(r.periodFinesFen), rewards: formatYuan(r.periodRewardsFen), balance: formatYuan(r.fund.balanceFen), drafts: r.drafts, voids: r.voids,
    }),
  });
}

export function renderGuards(ctx: Context, guards: Guard[]): void {
  emit(ctx, {
    json: { guards: guards.map((g) => guardJson(ctx, g)) },
    tables: [{
      columns: [
        { key: 'id', label: ctx.t('guard.col.id') },
        { key: 'name', label: ctx.t('guard.col.name') },
        { key: 'company', label: ctx.t('guard.col.company') },
        { key: 'site', label: ctx.t('guard.col.site') },
        { key: 'base_pay', label: ctx.t('guard.col.base_pay'), align: 'right', show: (_, row) => money(row.base_pay_fen), money: true },
        { key: 'hired', label: ctx.t('guard.col.hired'), type: 'date' },
        { key: 'status', label: ctx.t('guard.col.status'), show: (v) => ctx.t(`guard.status.${String(v)}`), words: 'guard.status.' },
      ],
      // the JSON record, so --csv has its snake_case keys and yuan (not basePayFen in fen)
      rows: guards.map((g) => ({ ...guardJson(ctx, g), base_pay_fen: g.basePayFen })),
      empty: ctx.t('guard.none'),
    }],
  });
}

export function renderNotices(ctx: Context, notices: Notice[], title?: string): void {
  emit(ctx, {
    json: { notices: notices.map((n) => noticeJson(ctx, n)) },
    tables: [{
      title,
      columns: [
        { key: 'id', label: ctx.t('guard.col.id') },
        { key: 'at', label: ctx.t('guard.col.at'), show: (v) => humanTime(v as number, ctx.tz) },
        { key: 'rule', label: ctx.t('guard.col.rule'), align: 'right' },
        { key: 'points', label: ctx.t('guard.col.points'), align: 'right' },
        { key: 'names', label: ctx.t('guard.col.name') },
        { key: 'status', label: ctx.t('guard.col.status'), show: (v) => ctx.t(`guard.status.${String(v)}`) },
        { key: 'companyBy', label: ctx.t('guard.side.company') },
        { key: 'propertyBy', label: ctx.t('guard.side.property') },
      ],
      rows: notices.map((n) => ({ ...n, names: listJoin(ctx.lang, n.guards.map((g) => g.name)) })),
      empty: ctx.t('guard.none'),
    }],
    csv: {
      // --excel shows the labels to people: words, not keys
      columns: ([['id', 'guard.col.id'], ['at', 'guard.col.at'], ['rule', 'guard.col.rule'], ['points', 'guard.col.points'], ['guards', 'guard.col.name'], ['status', 'guard.col.status'],
        ['company_signed_by', 'guard.side.company'], ['property_signed_by', 'guard.side.property'], ['void_reason', 'guard.col.reason']] as const).map(([key, label]) => ({ key, label: ctx.t(label), words: key === 'status' ? 'guard.status.' : undefined })),
      rows: notices.map((n) => ({
        id: n.id, at: isoInZone(n.at, ctx.tz), rule: n.rule, points: n.points, guards: n.guards.map((g) => g.name).join('; '), status: n.status,
        company_signed_by: n.companyBy, property_signed_by: n.propertyBy, void_reason: n.voidReason,
      })),
    },
  });
}
