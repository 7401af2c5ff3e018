// The monthly report as one self-contained HTML file: no script, no external file, no network —
// charts are inline SVG (charts.ts), styles inline. Prints on A4: each section starts a page,
// table rows, figure cards and charts are never cut, table heads repeat on a new page.
import type { Context } from '../core/context.js';
import type { Chart, MonthlyFigure, MonthlySection } from '../core/monthly.js';
import { displayCell, totalsRow, type TableView } from '../core/output.js';
import { humanTime } from '../core/time.js';
import { FONT_STACK, renderCharts } from './charts.js';
import { sectionFooter, type MonthlyReport } from './monthly.js';
import { sectionNumber } from './render.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${FONT_STACK}; font-size: 10.5pt; color: #222; margin: 0 auto; max-width: 186mm; padding: 8mm 0; line-height: 1.45; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 0 0 4mm; padding-bottom: 1.5mm; border-bottom: 2px solid #2f6fb0; }
.asof { color: #555; margin: 0 0 6mm; }
.overview { width: 100%; } .overview td:first-child { white-space: nowrap; }
section.module { break-before: page; page-break-before: always; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 0 0 5mm; }
.figure { break-inside: avoid; page-break-inside: avoid; border: 1px solid #cfd8e3; border-radius: 2mm; padding: 2mm 3mm; min-width: 40mm; flex: 1 1 40mm; }
.figure .label { color: #555; font-size: 9pt; }
.figure .value { font-size: 15pt; font-weight: bold; }
.figure .target { font-size: 9pt; color: #555; }
.met { color: #1e7d32; } .missed { color: #c0392b; }
figure.chart { margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 5mm; font-size: 9.5pt; }
caption { text-align: left; font-weight: bold; padding: 1mm 0; caption-side: top; }
th, td { border: 1px solid #cfd8e3; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
td:first-child { white-space: nowrap; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
.notes { color: #555; font-size: 9pt; margin: -3mm 0 5mm; }
footer.section { color: #666; font-size: 8.5pt; border-top: 1px solid #ccc; padding-top: 1.5mm; margin-top: 4mm; break-inside: avoid; }
.empty { color: #555; }
@media screen { body { padding: 10mm; } section.module { margin-top: 12mm; } }
`;

function figureCard(ctx: Context, f: MonthlyFigure): string {
  const verdict = f.meets === undefined || f.meets === null ? '' : f.meets
    ? ` <span class="met">✓ ${esc(ctx.t('report.monthly.met'))}</span>`
    : ` <span class="missed">✗ ${esc(ctx.t('report.monthly.missed'))}</span>`;
  const target = f.target ? `<div class="target">${esc(ctx.t('report.monthly.target'))} ${esc(f.target)}${verdict}</div>` : '';
  return `<div class="figure"><div class="label">${esc(f.label)}</div><div class="value${f.meets === false ? ' missed' : ''}">${esc(f.value)}</div>${target}</div>`;
}

export function htmlTable(ctx: Context, view: TableView): string {
  const cls = (c: { align?: string }) => (c.align === 'right' ? ' class="r"' : '');
  const caption = view.title ? `<caption>${esc(view.title)}</caption>` : '';
  if (view.rows.length === 0 && view.empty) return `<table>${caption}<tbody><tr><td class="empty">${esc(view.empty)}</td></tr></tbody></table>`;
  const head = `<thead><tr>${view.columns.map((c) => `<th${cls(c)}>${esc(c.label)}</th>`).join('')}</tr></thead>`;
  const row = (r: Record<string, unknown>, total = false) =>
    `<tr${total ? ' class="total"' : ''}>${view.columns.map((c) => { const t = displayCell(ctx, c, r); return `<td${cls(c)}>${esc(total && t === '—' ? '' : t)}</td>`; }).join('')}</tr>`;
  const totals = totalsRow(view, ctx.t('output.total'));
  const body = `<tbody>${view.rows.map((r) => row(r)).join('')}${totals ? row(totals, true) : ''}</tbody>`;
  const notes = (view.notes ?? []).map((n) => `<p class="notes">${esc(n)}</p>`).join('');
  return `<table>${caption}${head}${body}</table>${notes}`;
}

function sectionHtml(ctx: Context, r: MonthlyReport, s: MonthlySection, i: number, svgs: Map<Chart, string>): string {
  const figures = s.figures.length ? `<div class="figures">${s.figures.map((f) => figureCard(ctx, f)).join('')}</div>` : '';
  const charts = s.charts.map((c) => `<figure class="chart" data-chart="${esc(c.id)}">${svgs.get(c) ?? ''}</figure>`).join('');
  const tables = s.tables.map((v) => htmlTable(ctx, v)).join('');
  const notes = (s.notes ?? []).map((n) => `<p class="notes">${esc(n)}</p>`).join('');
  return `<section class="module" id="section-${esc(s.key)}"><h2>${esc(sectionNumber(ctx, i) + s.title)}</h2>${figures}${charts}${tables}${notes}<footer class="section">${esc(sectionFooter(ctx, r, s))}</footer></section>`;
}

/** The overview on the first page: each section's headline figures. */
function overview(ctx: Context, r: MonthlyReport): string {
  if (r.sections.length === 0) return `<p class="empty">${esc(ctx.t('report.monthly.empty', { month: r.period.label }))}</p>`;
  const rows = r.sections.map((s, i) => {
    const figs = s.figures.map((f) => {
      const mark = f.meets === true ? ' <span class="met">✓</span>' : f.meets === false ? ' <span class="missed">✗</span>' : '';
      return `${esc(f.label)} <b>${esc(f.value)}</b>${mark}`;
    }).join(ctx.lang === 'zh' ? ';' : '; ');
    return `<tr><td>${esc(sectionNumber(ctx, i) + s.title)}</td><td>${figs}</td></tr>`;
  }).join('');
  return `<table class="overview"><caption>${esc(ctx.t('report.monthly.overview'))}</caption><thead><tr><th>${esc(ctx.t('report.monthly.col.section'))}</th><th>${esc(ctx.t('report.monthly.col.figures'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export async function renderHtml(ctx: Context, r: MonthlyReport): Promise<string> {
  const svgs = await renderCharts(r.sections.flatMap((s) => s.charts));
  const title = ctx.t('report.monthly.title', { month: r.period.label });
  return `<!DOCTYPE html>
<html lang="${ctx.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kaohe">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="cover"><h1>${esc(title)}</h1><p class="asof">${esc(ctx.t('report.monthly.as_of', { as_of: humanTime(r.asOf, ctx.tz) }))}</p>${overview(ctx, r)}</header>
${r.sections.map((s, i) => sectionHtml(ctx, r, s, i, svgs)).join('\n')}
</body>
</html>
`;
}
