// `kaohe report monthly`: the sections the modules declare (KaoheModule.monthly), in the order a
// manager reads them, with the period, the "as of" time and the audit head they were read at.
import { auditHead, type AuditHead } from '../core/audit.js';
import type { KaoheModule } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { MonthlySection } from '../core/monthly.js';
import { headLine, type Sheet } from '../core/output.js';
import { periodJson, type Period } from '../core/period.js';
import { humanTime, isoInZone } from '../core/time.js';

/** service, letters, spare parts, guards, reviews; a module not named here comes after them */
const ORDER = ['ticket', 'letter', 'stock', 'guard', 'review'];

export interface MonthlyReport {
  period: Period;
  asOf: number;
  head: AuditHead;
  sections: MonthlySection[];
}

export function monthlyReport(ctx: Context, modules: KaoheModule[], period: Period): MonthlyReport {
  const db = ctx.db();
  const rank = (m: KaoheModule) => (ORDER.includes(m.name) ? ORDER.indexOf(m.name) : ORDER.length);
  const sections = [...modules]
    .sort((a, b) => rank(a) - rank(b))
    .map((m) => m.monthly?.(ctx, db, period) ?? null)
    .filter((s): s is MonthlySection => s !== null);
  return { period, asOf: ctx.now, head: auditHead(db), sections };
}

/** The footer of every section: period, as of, audit head. */
export function sectionFooter(ctx: Context, r: MonthlyReport, s: MonthlySection): string {
  return `${ctx.t('report.monthly.footer', { period: s.period, as_of: humanTime(r.asOf, ctx.tz) })}  ·  ${headLine(ctx, r.head)}`;
}

export function monthlyJson(ctx: Context, r: MonthlyReport): Record<string, unknown> {
  return {
    month: r.period.label,
    period: periodJson(r.period),
    as_of: isoInZone(r.asOf, ctx.tz),
    audit_head: `${r.head.seq}:${r.head.hash}`,
    ...(r.head.demo ? { demo: true } : {}),
    sections: r.sections.map((s) => ({ key: s.key, title: s.title, period: s.period, data: s.json })),
  };
}

/** One sheet per section for --xlsx. */
export function monthlySheets(ctx: Context, r: MonthlyReport): Sheet[] {
  return r.sections.map((s) => ({
    name: s.title,
    head: [`${ctx.t('report.monthly.title', { month: r.period.label })} — ${s.title}`],
    views: s.tables,
    footer: [sectionFooter(ctx, r, s)],
  }));
}
