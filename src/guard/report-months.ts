// `report guard` over closed months (SPEC §0 "Closed months"): the report follows the pay sheets.
// A period is the sum of its months, each closed (issued) month as of its closing, open months as
// of the report's moment; a notice that became effective (or was voided) after its month was
// closed counts in the month whose sheet carries it, as 补扣 from an earlier month — so a late
// notice counts exactly once, and a closed month's figures never change.
import type { Db } from '../core/db.js';
import { monthsIn, type Period } from '../core/period.js';
import { noticeFacts } from './facts.js';
import { cutoffOf, entriesOn, type SheetEntry } from './sheet.js';
import * as store from './store.js';
import { lateNotices } from './store-range.js';

export interface GuardTotals {
  guards: Array<{ id: string; name: string; notices: number; points: number; fineFen: number; compensationFen: number }>;
  rules: Array<{ rule: number; notices: number; guards: number; points: number; fineFen: number }>;
  drafts: number;
  voids: number;
  periodFinesFen: number;
  periodRewardsFen: number;
  lateEntries?: number;
  /** 补扣 lines of notices of earlier (closed) months counted in this period (included above) */
  fromEarlier?: { entries: SheetEntry[]; points: number; fineFen: number; compensationFen: number };
}

/** The figures of a span of whole or cut months as of one moment (report.ts, one query set). */
export type SpanFigures<T extends GuardTotals> = (db: Db, span: Period, asOf: number) => T;

/** The period as the sum of its months (see the head of this file). With no month ever closed
 *  for guards, it is the one span as of `asOf`. */
export function byMonths<T extends GuardTotals>(db: Db, period: Period, asOf: number, tz: string, span: SpanFigures<T>): T {
  const issues = store.allIssues(db);
  if (issues.length === 0) return span(db, period, asOf);
  // consecutive months read as of the same moment are one span (open months: as of asOf)
  const spans: Array<{ start: number; end: number; cutoff: number; months: string[]; whole: boolean[] }> = [];
  for (const m of monthsIn(period, tz)) {
    const cutoff = cutoffOf(issues, m.label, asOf);
    const start = Math.max(m.start, period.start);
    const end = Math.min(m.end, period.end);
    const whole = start === m.start && end === m.end;
    const last = spans.at(-1);
    if (last && last.cutoff === cutoff && last.end === start) {
      last.end = end;
      last.months.push(m.label);
      last.whole.push(whole);
    } else spans.push({ start, end, cutoff, months: [m.label], whole: [whole] });
  }
  const parts = spans.map((s) => span(db, { ...period, kind: 'range', start: s.start, end: s.end }, s.cutoff));
  const sum = parts.reduce((a, b) => add(a, b));
  // the 补扣 lines of every whole month, as its sheet carries them
  // only a notice made effective or voided after the first closing can be a 补扣 line (store-range.ts)
  const notices = lateNotices(db, issues.reduce((m, i) => Math.min(m, i.enteredAt), Number.POSITIVE_INFINITY), period.end);
  const facts = noticeFacts(notices, tz);
  const adjustments = spans.flatMap((s) => s.months.filter((_, i) => s.whole[i]).flatMap((m) => entriesOn(facts, issues, m, s.cutoff).filter((e) => e.adjustment)));
  if (adjustments.length === 0) return sum;
  const names = new Map(store.allGuards(db).map((g) => [g.id, g.name]));
  const rules = new Map(notices.map((n) => [n.id, n.rule]));
  const extra: GuardTotals = { guards: [], rules: [], drafts: 0, voids: 0, periodFinesFen: 0, periodRewardsFen: 0, lateEntries: 0 };
  for (const e of adjustments) {
    const sign = Math.sign(e.points) || Math.sign(e.fineFen) || 1;
    extra.guards.push({ id: e.guardId, name: names.get(e.guardId) ?? e.guardId, notices: sign, points: e.points, fineFen: e.fineFen, compensationFen: e.compensationFen });
    extra.rules.push({ rule: rules.get(e.notice) ?? 0, notices: 0, guards: sign, points: e.points, fineFen: e.fineFen });
    extra.periodFinesFen += e.fineFen;
  }
  // a notice counts once per rule, however many guards it names
  const seen = new Set<string>();
  for (const e of adjustments) {
    const sign = Math.sign(e.points) || Math.sign(e.fineFen) || 1;
    const key = `${e.notice}:${sign}`;
    if (seen.has(key)) continue;
    seen.add(key);
    extra.rules.push({ rule: rules.get(e.notice) ?? 0, notices: sign, guards: 0, points: 0, fineFen: 0 });
  }
  const total = (f: (e: SheetEntry) => number) => adjustments.reduce((n, e) => n + f(e), 0);
  return {
    ...add(sum, extra),
    fromEarlier: { entries: adjustments, points: total((e) => e.points), fineFen: total((e) => e.fineFen), compensationFen: total((e) => e.compensationFen) },
  };
}

function add<T extends GuardTotals>(a: T, b: GuardTotals): T {
  const guards = new Map(a.guards.map((g) => [g.id, { ...g }]));
  for (const g of b.guards) {
    const x = guards.get(g.id);
    if (x === undefined) guards.set(g.id, { ...g });
    else Object.assign(x, { notices: x.notices + g.notices, points: x.points + g.points, fineFen: x.fineFen + g.fineFen, compensationFen: x.compensationFen + g.compensationFen });
  }
  const rules = new Map(a.rules.map((r) => [r.rule, { ...r }]));
  for (const r of b.rules) {
    const x = rules.get(r.rule);
    if (x === undefined) rules.set(r.rule, { ...r });
    else Object.assign(x, { notices: x.notices + r.notices, guards: x.guards + r.guards, points: x.points + r.points, fineFen: x.fineFen + r.fineFen });
  }
  return {
    ...a,
    guards: [...guards.values()].filter((g) => g.notices !== 0 || g.points !== 0 || g.fineFen !== 0 || g.compensationFen !== 0)
      .sort((x, y) => y.points - x.points || x.id.localeCompare(y.id)),
    rules: [...rules.values()].filter((r) => r.notices !== 0 || r.guards !== 0 || r.points !== 0 || r.fineFen !== 0).sort((x, y) => x.rule - y.rule),
    drafts: a.drafts + b.drafts,
    voids: a.voids + b.voids,
    periodFinesFen: a.periodFinesFen + b.periodFinesFen,
    periodRewardsFen: a.periodRewardsFen + b.periodRewardsFen,
    lateEntries: (a.lateEntries ?? 0) + (b.lateEntries ?? 0),
  };
}
