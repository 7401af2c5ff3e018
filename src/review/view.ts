// How review values look: JSON documents (CLI.md shapes, snake_case, yuan numbers, zoned
// instants) and tables for people. Summaries and the bonus sheet carry the audit head.
import { listJoin } from '../core/i18n.js';
import { shortHead } from '../core/audit.js';
import type { Context } from '../core/context.js';
import { emit, style, type Column, type TableView } from '../core/output.js';
import { fenToYuan, formatYuan } from '../core/money.js';
import { humanTime, isoInZone, isoOrNull } from '../core/time.js';
import type { BonusLine, PersonLine, RosterLine, Summary } from './report.js';
import type { OpenResult } from './service.js';
import { DIMENSIONS, formatTenths, GRADES, tenthsNumber, type Grade } from './rules.js';
import type { Cycle, Review, Score, StaffVersion } from './store.js';
import type { AuditHead } from '../core/audit.js';

const iso = (ctx: Context, ms: number | null | undefined) => isoOrNull(ms ?? null, ctx.tz);
/** 91.5 → "91.5", 95 → "95.0", null → "—" */
const points = (v: unknown) => (v === null || v === undefined ? '—' : formatTenths(Math.round((v as number) * 10)));
const day = (ctx: Context, ms: number | null | undefined) => (ms === null || ms === undefined ? '' : humanTime(ms, ctx.tz).slice(0, 10));

export function gradeLabel(ctx: Context, g: Grade | null): string {
  return g === null ? '—' : `${g} ${ctx.t(`review.grade.${g}`)}`;
}

function footer(ctx: Context, head: AuditHead, demo: boolean): string {
  return ctx.t('audit.head.footer', { head: shortHead(head) }) + (demo ? ` · ${ctx.t('review.footer.demo')}` : '');
}

export function versionJson(v: StaffVersion | undefined) {
  if (!v) return null;
  return {
    valid_from: v.validFrom, level: v.level, dept: v.dept, leader: v.leader, assessor: v.assessor, probation_until: v.probationUntil,
    base_pay: v.basePayFen === null ? null : fenToYuan(v.basePayFen),
  };
}

export function staffLine(ctx: Context, name: string, v: StaffVersion): string {
  return ctx.t('review.staff.saved', { name, level: ctx.t(`review.level.${v.level}`), dept: v.dept, leader: v.leader, assessor: v.assessor, from: v.validFrom === '1900-01-01' ? '—' : v.validFrom });
}

export function renderRoster(ctx: Context, lines: RosterLine[], on: string): void {
  const rows = lines.map((l) => ({ id: l.staff.id, name: l.staff.name, ...versionJson(l.version), changes: l.history.length }));
  emit(ctx, {
    json: { on, staff: lines.map((l) => ({ id: l.staff.id, name: l.staff.name, ...versionJson(l.version), history: l.history.map(versionJson) })) },
    tables: [{
      title: ctx.t('review.staff.title', { on }),
      columns: [
        { key: 'id', label: ctx.t('review.col.id') },
        { key: 'name', label: ctx.t('review.col.name') },
        { key: 'level', label: ctx.t('review.col.level'), show: (v) => (v ? ctx.t(`review.level.${String(v)}`) : '—') },
        { key: 'dept', label: ctx.t('review.col.dept') },
        { key: 'leader', label: ctx.t('review.col.leader') },
        { key: 'assessor', label: ctx.t('review.col.assessor') },
        { key: 'probation_until', label: ctx.t('review.col.probation') },
        { key: 'base_pay', label: ctx.t('review.col.base_pay'), align: 'right', show: (v) => (v === null || v === undefined ? '—' : formatYuan(Math.round((v as number) * 100))), money: true },
        { key: 'valid_from', label: ctx.t('review.col.valid_from'), show: (v) => (v === '1900-01-01' || !v ? '—' : String(v)) },
        { key: 'changes', label: ctx.t('review.col.changes'), align: 'right' },
      ],
      rows,
      empty: ctx.t('review.none'),
    }],
  });
}

export function renderOpen(ctx: Context, r: OpenResult): void {
  const json = { period: r.period, added: r.added, already: r.already, probation: r.probation, not_yet_on_roster: r.notYet };
  const lines = [ctx.t('review.opened', { period: r.period, added: r.added.length, already: r.already })];
  if (r.added.length) lines.push(`  + ${listJoin(ctx.lang, r.added)}`);
  if (r.probation.length) lines.push(ctx.t('review.opened.probation', { names: r.probation }));
  if (ctx.format === 'json') ctx.io.out(`${JSON.stringify(json, null, 2)}\n`);
  else ctx.io.out(`${lines.join('\n')}\n`);
}

export function cycleJson(ctx: Context, c: Cycle) {
  return { period: c.period, kind: c.kind, status: c.status, opened_at: iso(ctx, c.openedAt), closed_at: iso(ctx, c.closedAt), reopened_at: iso(ctx, c.reopenedAt), reopen_reason: c.reopenReason };
}

function scoreJson(ctx: Context, s: Score | null) {
  if (!s) return null;
  return {
    by: s.by, at: isoInZone(s.at, ctx.tz), entered_at: isoInZone(s.enteredAt, ctx.tz),
    scores: Object.fromEntries(DIMENSIONS.map((d) => [d, tenthsNumber(s.scores[d])])),
    weights: Object.fromEntries(DIMENSIONS.map((d) => [d, s.weights[d] / 100])),
    total: tenthsNumber(s.totalTenths), grade: s.grade, confirmed: s.confirmed, note: s.note,
  };
}

export function reviewJson(ctx: Context, r: Review) {
  const sub = (s: Review['report']) => (s ? { at: isoInZone(s.at, ctx.tz), entered_at: isoInZone(s.enteredAt, ctx.tz), file: s.file, late: s.at > r.due.self_report } : null);
  return {
    period: r.period, id: r.staffId, name: r.name,
    due: { self_report: iso(ctx, r.due.self_report), initial: iso(ctx, r.due.initial), final: iso(ctx, r.due.final) },
    self_report: sub(r.report), plan: sub(r.plan), initial: scoreJson(ctx, r.initial), final: scoreJson(ctx, r.final),
    score: r.final ? tenthsNumber(r.final.totalTenths) : null, grade: r.final?.grade ?? null,
    filed: r.filedBy ? { by: r.filedBy, at: iso(ctx, r.filedAt) } : null,
  };
}

export function reviewLine(ctx: Context, r: Review, what: 'submit' | 'initial' | 'final' | 'file'): string {
  if (what === 'submit') {
    const late = r.report && r.report.at > r.due.self_report ? ctx.t('review.late') : '';
    return ctx.t('review.submitted', { name: r.name, period: r.period, report: r.report ? day(ctx, r.report.at) : '—', plan: r.plan ? day(ctx, r.plan.at) : '—', late });
  }
  if (what === 'file') return ctx.t('review.filed', { name: r.name, period: r.period, by: r.filedBy ?? '' });
  const s = what === 'initial' ? r.initial! : r.final!;
  return ctx.t(`review.scored.${what}`, { name: r.name, period: r.period, total: formatTenths(s.totalTenths), grade: gradeLabel(ctx, s.grade) });
}

function personRow(ctx: Context, p: PersonLine) {
  const r = p.review;
  return {
    name: r.name, dept: p.standing?.dept ?? '', level: p.standing?.level ?? '', leader: p.standing?.leader ?? '', assessor: p.standing?.assessor ?? '',
    // raw values for --csv; the columns show them for people
    self_report: r.report ? day(ctx, r.report.at) : null, self_report_late: r.report !== null && r.report.at > r.due.self_report,
    plan: r.plan ? day(ctx, r.plan.at) : null, plan_late: r.plan !== null && r.plan.at > r.due.self_report,
    initial: r.initial ? tenthsNumber(r.initial.totalTenths) : null,
    score: p.total === null ? null : tenthsNumber(p.total), grade: p.grade, filed: r.filedBy ?? '',
    ...(p.quarters ? Object.fromEntries(p.quarters.map((g, i) => [`q${i + 1}`, g])) : {}),
  };
}

function peopleColumns(ctx: Context, s: { quarters: boolean; steps: boolean }): Column[] {
  const handed = (v: unknown, late: unknown) => (v === null || v === undefined ? '—' : late ? `${String(v)} ${ctx.t('review.late')}` : String(v));
  const cols: Column[] = [
    { key: 'name', label: ctx.t('review.col.name') },
    { key: 'dept', label: ctx.t('review.col.dept') },
  ];
  if (s.steps) {
    cols.push(
      { key: 'leader', label: ctx.t('review.col.leader') },
      { key: 'assessor', label: ctx.t('review.col.assessor') },
      { key: 'self_report', label: ctx.t('review.col.self_report'), show: (v, row) => handed(v, row.self_report_late) },
      { key: 'plan', label: ctx.t('review.col.plan'), show: (v, row) => handed(v, row.plan_late) },
      { key: 'initial', label: ctx.t('review.col.initial'), align: 'right', show: points },
    );
  }
  if (s.quarters) for (const q of [1, 2, 3, 4]) cols.push({ key: `q${q}`, label: `Q${q}`, show: (v) => (v ? String(v) : '—') });
  cols.push(
    { key: 'score', label: ctx.t('review.col.score'), align: 'right', show: points },
    { key: 'grade', label: ctx.t('review.col.grade'), show: (v) => gradeLabel(ctx, (v as Grade | null) ?? null) },
  );
  if (s.steps) cols.push({ key: 'filed', label: ctx.t('review.col.filed'), show: (v) => (v ? String(v) : '—') });
  return cols;
}

export function renderList(ctx: Context, s: Summary): void {
  const rows = s.people.map((p) => personRow(ctx, p));
  emit(ctx, {
    json: { period: s.period.label, status: s.cycle?.status ?? null, reviews: s.people.map((p) => ({ ...reviewJson(ctx, p.review), standing: versionJson(p.standing) })) },
    tables: [{ title: ctx.t('review.list.title', { period: s.period.label, status: ctx.t(`review.status.${s.cycle?.status ?? 'open'}`) }), columns: peopleColumns(ctx, { quarters: false, steps: true }), rows, empty: ctx.t('review.none') }],
  });
}

export function summaryJson(ctx: Context, s: Summary) {
  return {
    period: s.period.label, status: s.cycle?.status ?? null, as_of: isoInZone(ctx.now, ctx.tz),
    in_cycle: s.people.length, reviewed: s.reviewed, average: s.average === null ? null : tenthsNumber(s.average),
    grades: s.grades, missing: s.missing, late_entries: s.lateEntries,
    people: s.people.map((p) => ({
      name: p.review.name, dept: p.standing?.dept ?? null, score: p.total === null ? null : tenthsNumber(p.total), grade: p.grade,
      ...(p.quarters ? { quarters: Object.fromEntries(p.quarters.map((g, i) => [`Q${i + 1}`, g])) } : {}),
    })),
    audit_head: `${s.head.seq}:${s.head.hash}`,
  };
}

export function summaryTables(ctx: Context, s: Summary, withSteps: boolean): TableView[] {
  const st = style(ctx);
  const list = (names: string[]) => (names.length ? listJoin(ctx.lang, names) : '—');
  return [
    {
      title: ctx.t('review.summary.title', { period: s.period.label, status: ctx.t(`review.status.${s.cycle?.status ?? 'open'}`) }),
      columns: [
        { key: 'grade', label: ctx.t('review.col.grade') },
        { key: 'count', label: ctx.t('review.col.count'), align: 'right' },
      ],
      rows: GRADES.map((g) => ({ grade: gradeLabel(ctx, g), count: s.grades[g] })),
      notes: [
        ctx.t('review.summary.totals', { reviewed: s.reviewed, in_cycle: s.people.length, average: s.average === null ? '—' : formatTenths(s.average), late: s.lateEntries }),
        ...(['self_report', 'plan', 'initial', 'final', 'filed'] as const).map((k) => {
          const names = s.missing[k];
          const text = ctx.t(`review.missing.${k}`, { names: list(names) });
          return names.length ? st.warn(text) : text;
        }),
      ],
    },
    { title: ctx.t('review.summary.people'), columns: peopleColumns(ctx, { quarters: s.period.kind === 'year', steps: withSteps }), rows: s.people.map((p) => personRow(ctx, p)), empty: ctx.t('review.none') },
  ];
}

export function renderSummary(ctx: Context, s: Summary, withSteps = false): void {
  const tables = summaryTables(ctx, s, withSteps);
  emit(ctx, { json: summaryJson(ctx, s), tables, csv: tables[1], text: footer(ctx, s.head, s.demo) });
}

export function renderBonus(ctx: Context, b: { year: number; lines: BonusLine[]; head: AuditHead; demo: boolean }): void {
  const yuan = (fen: number | null) => (fen === null ? null : fenToYuan(fen));
  const rows = b.lines.map((l) => ({ name: l.name, dept: l.dept, grade: l.grade, score: l.total === null ? null : tenthsNumber(l.total), coefficient: l.coefficient, base_pay: yuan(l.basePayFen), bonus: yuan(l.bonusFen), base_from_flag: l.baseGiven }));
  const total = b.lines.reduce((s, l) => s + (l.bonusFen ?? 0), 0);
  const money = (v: unknown) => (v === null || v === undefined ? '—' : formatYuan(Math.round((v as number) * 100)));
  emit(ctx, {
    json: { year: b.year, people: rows, total: fenToYuan(total), audit_head: `${b.head.seq}:${b.head.hash}` },
    tables: [{
      title: ctx.t('review.bonus.title', { year: b.year }),
      columns: [
        { key: 'name', label: ctx.t('review.col.name') },
        { key: 'dept', label: ctx.t('review.col.dept') },
        { key: 'score', label: ctx.t('review.col.score'), align: 'right', show: (v) => (v === null ? '—' : formatTenths(Math.round((v as number) * 10))) },
        { key: 'grade', label: ctx.t('review.col.grade'), show: (v) => gradeLabel(ctx, (v as Grade | null) ?? null) },
        { key: 'coefficient', label: ctx.t('review.col.coefficient'), align: 'right', show: (v) => (v === null ? '—' : String(v)) },
        { key: 'base_pay', label: ctx.t('review.col.base_pay'), align: 'right', show: (v, row) => money(v) + (row.base_from_flag ? ' *' : ''), money: true },
        { key: 'bonus', label: ctx.t('review.col.bonus'), align: 'right', show: money, money: true },
      ],
      rows,
      empty: ctx.t('review.none'),
      notes: [ctx.t('review.bonus.total', { total: formatYuan(total) }), ctx.t('review.bonus.note')],
    }],
    text: footer(ctx, b.head, b.demo),
  });
}
