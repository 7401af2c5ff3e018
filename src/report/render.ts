// The monthly report as text (terminal tables) and Markdown. HTML is in render-html.ts.
import type { Context } from '../core/context.js';
import type { MonthlySection } from '../core/monthly.js';
import { displayCell, renderTable, totalsRow, type TableView } from '../core/output.js';
import { humanTime } from '../core/time.js';
import { sectionFooter, type MonthlyReport } from './monthly.js';

/** Section numbers as a Chinese or English reader expects them: 一、二、… or 1. 2. … */
export function sectionNumber(ctx: Context, i: number): string {
  const zh = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  return ctx.lang === 'zh' ? `${zh[i] ?? String(i + 1)}、` : `${i + 1}. `;
}

function heading(ctx: Context, r: MonthlyReport): string[] {
  return [ctx.t('report.monthly.title', { month: r.period.label }), ctx.t('report.monthly.as_of', { as_of: humanTime(r.asOf, ctx.tz) })];
}

function emptyLine(ctx: Context, r: MonthlyReport): string {
  return ctx.t('report.monthly.empty', { month: r.period.label });
}

export function renderText(ctx: Context, r: MonthlyReport): string {
  const [title, asOf] = heading(ctx, r);
  const out = [title, '='.repeat(Math.min(60, title.length * 2)), asOf, ''];
  if (r.sections.length === 0) out.push(emptyLine(ctx, r), '');
  r.sections.forEach((s, i) => {
    out.push(`${sectionNumber(ctx, i)}${s.title}`, '');
    for (const view of s.tables) out.push(renderTable(ctx, view), '');
    for (const n of s.notes ?? []) out.push(n);
    out.push(sectionFooter(ctx, r, s), '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

const mdCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export function markdownTable(ctx: Context, view: TableView): string {
  const lines: string[] = [];
  if (view.title) lines.push(`**${mdCell(view.title)}**`, '');
  if (view.rows.length === 0 && view.empty) {
    lines.push(view.empty);
  } else {
    lines.push(`| ${view.columns.map((c) => mdCell(c.label)).join(' | ')} |`);
    lines.push(`|${view.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
    const totals = totalsRow(view, ctx.t('output.total'));
    for (const row of view.rows) lines.push(`| ${view.columns.map((c) => mdCell(displayCell(ctx, c, row))).join(' | ')} |`);
    if (totals) lines.push(`| ${view.columns.map((c) => { const t = displayCell(ctx, c, totals); return t === '—' ? '' : `**${mdCell(t)}**`; }).join(' | ')} |`);
  }
  for (const n of view.notes ?? []) lines.push('', mdCell(n));
  return lines.join('\n');
}

function figuresMd(ctx: Context, s: MonthlySection): string[] {
  if (s.figures.length === 0) return [];
  return s.figures.map((f) => {
    const verdict = f.meets === undefined ? '' : f.meets === null ? ' —' : f.meets ? ` ✓ ${ctx.t('report.monthly.met')}` : ` ✗ ${ctx.t('report.monthly.missed')}`;
    return `- ${mdCell(f.label)}: **${mdCell(f.value)}**${f.target ? ` (${ctx.t('report.monthly.target')} ${mdCell(f.target)})` : ''}${verdict}`;
  });
}

export function renderMarkdown(ctx: Context, r: MonthlyReport): string {
  const [title, asOf] = heading(ctx, r);
  const out = [`# ${title}`, '', asOf, ''];
  if (r.sections.length === 0) out.push(emptyLine(ctx, r), '');
  r.sections.forEach((s, i) => {
    out.push(`## ${sectionNumber(ctx, i)}${s.title}`, '');
    const figures = figuresMd(ctx, s);
    if (figures.length) out.push(...figures, '');
    for (const view of s.tables) out.push(markdownTable(ctx, view), '');
    for (const n of s.notes ?? []) out.push(mdCell(n), '');
    out.push(`*${mdCell(sectionFooter(ctx, r, s))}*`, '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}
