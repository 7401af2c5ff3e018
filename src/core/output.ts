// One place that turns a command's value into what the user asked for: a table (cli-table3,
// CJK-aware), one JSON document, or CSV (RFC 4180 via csv-stringify; --excel adds a BOM and CRLF).
// Modules hand over plain data and column lists; they never import chalk or cli-table3.
// Each library is loaded on the path that needs it (ISSUE 14): cli-table3 for a table on a
// terminal, csv-stringify for CSV, chalk when colour is on; --json and piped tables load none.
import { listJoin } from './i18n.js';
import type { ChalkInstance } from 'chalk';
import type CliTable3 from 'cli-table3';
import { createRequire } from 'node:module';
import type { Context } from './context.js';
import { InputError } from './errors.js';
import { formatYuan } from './money.js';
import { escapeControls, escapeExceptColour, hasControl } from './text.js';
import { shownCell, textCell, type CellType } from './cells.js';
import { fitToScreen, textWidth } from './table-fit.js';

export interface Column {
  key: string;
  /** the header shown to people (already translated) */
  label: string;
  align?: 'left' | 'right' | 'center';
  /** display text for a cell; JSON and CSV use the raw value */
  show?: (value: unknown, row: Record<string, unknown>) => string;
  /** opt-in: the cell is money as a yuan number (fenToYuan); CSV writes it with two decimals
   *  (3000.5 → 3000.50, SPEC §0). Tables still use `show`; JSON is not affected. */
  money?: boolean;
  /** what the cell holds, for spreadsheets (--excel, --xlsx) and default display: money (yuan
   *  number), rate (fraction), instant (ms or ISO), date (YYYY-MM-DD), int, text */
  type?: CellType | ((row: Record<string, unknown>) => CellType);
  /** the message key prefix of an enum's words, with its dot: `ticket.status.` shows 'dispatched' as 已派工 in
   *  tables without a `show`, --excel and --xlsx (--csv and --json keep the code) */
  words?: string;
  /** fitting to the terminal (core/table-fit.ts): higher is kept longer when the window is too
   *  narrow (first column 10, others 5); `wrap: false` never wraps the column */
  priority?: number;
  wrap?: boolean;
}

export interface TableView {
  title?: string;
  columns: Column[];
  rows: Array<Record<string, unknown>>;
  /** lines printed under the table (totals, notes) */
  notes?: string[];
  /** shown instead of an empty table */
  empty?: string;
  /** a totals row under the data (CSV, --excel, --xlsx); its first column is labelled 合计/total */
  totals?: Record<string, unknown>;
  /** the sheet's name in a workbook (else the title) */
  sheet?: string;
}

export interface Emit {
  /** the one JSON document for --json */
  json: unknown;
  /** what people see; the first table (or `csv`) is what --csv writes */
  tables?: TableView[];
  /** free text printed after the tables (a report, a summary line) */
  text?: string;
  csv?: TableView;
  /** the audit head the figures were read at (SPEC §0): in the footer of tables and --excel,
   *  and as `audit_head` in the JSON; for every printed or exported report, sheet and slip */
  footer?: { seq: number; hash: string; demo?: boolean };
}

/** The footer line: 审计链 1234:3f5a9c0e12ab… (and "demo" on a demo database) */
export function headLine(ctx: Context, head: { seq: number; hash: string; demo?: boolean }): string {
  const line = ctx.t('audit.head.footer', { head: `${head.seq}:${head.hash.slice(0, 12)}…` });
  return head.demo ? `${line}  ${ctx.t('audit.head.demo')}` : line;
}

/** One sheet of a workbook: its tables one under the other, then the footer lines. */
export interface Sheet {
  name: string;
  /** lines above the first table (the section's title, period, as-of) */
  head?: string[];
  views: TableView[];
  footer?: string[];
}

export interface Style {
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const lib = createRequire(import.meta.url);
let tableLib: typeof CliTable3 | undefined;
let csvLib: typeof import('csv-stringify/sync') | undefined;
let colour: ChalkInstance | undefined;

/** chalk is ESM only: cli.ts's action() loads it before a command runs with colour on. */
export async function loadColour(): Promise<void> {
  if (!colour) colour = new (await import('chalk')).Chalk({ level: 1 });
}

const PLAIN: Style = { ok: (s) => s, bad: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };

/** Colour when ctx.color is on and chalk has been loaded (loadColour), else plain text. */
export function style(ctx: Context): Style {
  const c = ctx.color ? colour : undefined;
  if (!c) return PLAIN;
  return { ok: (s) => c.green(s), bad: (s) => c.red(s), warn: (s) => c.yellow(s), dim: (s) => c.dim(s), bold: (s) => c.bold(s) };
}

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/** Columns a text takes in a terminal: CJK and full-width characters count two. (string-width
 *  does this too, but builds an Intl.Segmenter on import, which costs ~30 ms of start-up.) */
export function displayWidth(text: string): number {
  if (!NOT_PRINTABLE_ASCII.test(text)) return text.length; // most cells: one column a character
  // Chinese text mixed with ASCII and Latin, counted as the loop below counts it; any other
  // character (a colour code, a dash, an emoji, U+00AD) takes the full rules
  let quick = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x300 && c !== 0xad)) quick += 1;
    else if (c >= 0x4e00 && c <= 0x9fff) quick += 2;
    else return fullWidth(text);
  }
  return quick;
}

function fullWidth(text: string): number {
  const known = widths.get(text);
  if (known !== undefined) return known;
  const width = textWidth(text);
  // the same few names recur down a long list (customers, staff, states in Chinese)
  if (widths.size < 20_000) widths.set(text, width);
  return width;
}

const widths = new Map<string, number>();

/** 0.9167 → 91.7%; null → — (an empty denominator is never 0 % or 100 %). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A rate as JSON shows it: a fraction with four decimals, or null. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;
}

/** A row's text values with control characters escaped, before any `show` styles them: a copy,
 *  or the row itself when it holds no control character (most rows; no copy per row of a long list). */
export function shownRow(row: Record<string, unknown>): Record<string, unknown> {
  let clean = true;
  for (const k in row) {
    const v = row[k];
    if ((typeof v === 'string' && hasControl(v)) || Array.isArray(v)) {
      clean = false;
      break;
    }
  }
  if (clean && Object.getPrototypeOf(row) === Object.prototype) return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'string' ? escapeControls(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? escapeControls(x) : x)) : v;
  }
  return out;
}

/** The cell as people see it; `row` has been through shownRow. */
export function cellText(col: Column, row: Record<string, unknown>, ctx?: Context): string {
  const v = row[col.key];
  if (col.show) return escapeExceptColour(col.show(v, row));
  const typed = ctx ? shownCell(ctx, col, row) : undefined;
  if (typed !== undefined) return escapeControls(typed);
  return plainCell(v, ctx);
}

/** A value of a column without `show`, type, money or words, as its cell: — for none, ✓ or ✗, a
 *  list joined in the user's language, control characters written out. */
export function plainCell(v: unknown, ctx?: Context): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (Array.isArray(v)) return escapeControls(ctx ? listJoin(ctx.lang, v.map(String)) : v.join(', '));
  return escapeControls(String(v));
}

const SPACES = ' '.repeat(256);

/** A cell's text padded by `gap` columns on the side its alignment leaves free. */
export function padCell(text: string, gap: number, align: Column['align']): string {
  if (align === undefined || align === 'left') return gap >= 0 && gap <= 256 ? text + SPACES.slice(0, gap) : text + ' '.repeat(gap);
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(gap - Math.ceil(gap / 2)) + text + ' '.repeat(Math.ceil(gap / 2));
  return text + ' '.repeat(gap);
}

/** A table's top or bottom border over columns of these widths (one space of padding each side). */
export function tableRule(widths: number[], left: string, mid: string, right: string): string {
  return left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
}

/** What cli-table3 draws with our options (no rules between rows), for long tables: its layout
 *  checks every cell against every other one (~1.3 ms a row), so 8 500 tickets took 22 s. */
export function plainTable(head: string[], rows: string[][], aligns: Array<Column['align']>): string {
  const cells = [head, ...rows].map((r) => r.map((c) => c.split('\n')));
  // each line's width measured once, in a loop (not Math.max(...): a list of 100 000 rows is more
  // arguments than a call may take); then the padding of each line from its measured width
  const measured = cells.map((r) => r.map((lines) => lines.map(displayWidth)));
  const widths = head.map(() => 0);
  for (const r of measured) for (let i = 0; i < widths.length; i++) for (const w of r[i]) if (w > widths[i]) widths[i] = w;
  const pad = (text: string, i: number, own: number) => padCell(text, widths[i] - own, aligns[i]);
  const rule = (l: string, m: string, r: string) => tableRule(widths, l, m, r);
  const lines = [rule('┌', '┬', '┐')];
  cells.forEach((row, r) => {
    const height = Math.max(...row.map((c) => c.length));
    for (let k = 0; k < height; k++) lines.push(`│${row.map((c, i) => ` ${pad(c[k] ?? '', i, measured[r][i][k] ?? 0)} `).join('│')}│`);
  });
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

/** Above this many rows a table is drawn by plainTable (same look, linear time). */
export const LONG_TABLE = 200;

/** The table through cli-table3, loaded on first use. No fixed widths: cli-table3 measures
 *  display width, so Chinese lines up (FIELD-NOTES). */
export function cliTable(head: string[], rows: string[][], aligns: Array<Column['align']>): string {
  tableLib ??= lib('cli-table3') as typeof CliTable3;
  const table = new tableLib({
    head,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    // no rule between body rows: denser, and what clerks know from their spreadsheets
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: aligns.map((a) => a ?? 'left'),
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

export function renderTable(ctx: Context, view: TableView): string {
  const s = style(ctx);
  const lines: string[] = [];
  if (view.title) lines.push(s.bold(escapeControls(view.title)));
  if (view.rows.length === 0 && view.empty) {
    lines.push(escapeExceptColour(view.empty));
  } else {
    const head = view.columns.map((c) => s.bold(c.label));
    const body = view.rows.map(shownRow).map((row) => view.columns.map((c) => cellText(c, row, ctx)));
    const totals = totalsRow(view, ctx.t('output.total'));
    if (totals) body.push(view.columns.map((c) => s.bold(cellText(c, totals, ctx).replace(/^—$/, ''))));
    // narrower than the window: wrap long text, drop the least important columns (and say so)
    const fit = fitToScreen(ctx, view.columns, head, body);
    const aligns = fit.keep.map((i) => view.columns[i].align ?? 'left');
    // a person at a terminal gets cli-table3; a pipe (and any long table) the same look drawn
    // by plainTable, without loading cli-table3 (~20 ms for its first table, FIELD-NOTES)
    lines.push(view.rows.length > LONG_TABLE || !ctx.io.stdoutTTY ? plainTable(fit.head, fit.rows, aligns) : cliTable(fit.head, fit.rows, aligns));
    if (fit.note) lines.push(s.dim(fit.note));
  }
  for (const n of view.notes ?? []) lines.push(escapeExceptColour(n, '\n\t'));
  return lines.join('\n');
}

/** Cells that a spreadsheet would run as a formula are prefixed with ' (CSV injection). */
export function csvSafe(v: unknown): unknown {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

/** The text a person reads in a cell (tables, markdown, HTML): `show`, else by type and words. */
export function displayCell(ctx: Context, col: Column, row: Record<string, unknown>): string {
  return cellText(col, row, ctx);
}

export const TOTAL_KEY = '__total_label';

/** The totals row with its label in the first column (合计 for people, `total` for scripts). */
export function totalsRow(view: TableView, label: string): Record<string, unknown> | null {
  if (!view.totals) return null;
  const first = view.columns[0]?.key;
  // TOTAL_KEY names the label's column, so that no enum words are looked up for it
  return first !== undefined && view.totals[first] === undefined ? { ...view.totals, [first]: label, [TOTAL_KEY]: first } : view.totals;
}

/** CSV: raw values by key for scripts; with `people` (--excel) the translated, typed cells of
 *  core/cells.ts (words for states and yes/no, local times without the offset). */
export function renderCsv(view: TableView, opts: { excel: boolean; labels: boolean; people?: Context }): string {
  const header = view.columns.map((c) => (opts.labels ? c.label : c.key));
  const totals = totalsRow(view, opts.people ? opts.people.t('output.total') : 'total');
  const rows = totals ? [...view.rows, totals] : view.rows;
  const people = opts.people;
  const body = rows.map((row) =>
    view.columns.map((c) => {
      if (people) return csvSafe(textCell(people, c, row));
      const v = row[c.key];
      if (v === null || v === undefined) return '';
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (c.money && typeof v === 'number') return formatYuan(Math.round(v * 100));
      if (Array.isArray(v)) return csvSafe(v.join('; '));
      if (typeof v === 'object') return csvSafe(JSON.stringify(v));
      return csvSafe(v);
    }),
  );
  // quoted_match: csv-stringify quotes only the record delimiter itself, so a lone CR or LF inside
  // a cell would split the row in Excel (RFC 4180 quotes any line break)
  csvLib ??= lib('csv-stringify/sync') as typeof import('csv-stringify/sync');
  const text = csvLib.stringify([header, ...body], {
    record_delimiter: opts.excel ? '\r\n' : '\n',
    quoted_match: /[\r\n]/,
    cast: { number: (n) => String(n) },
  });
  return (opts.excel ? '\ufeff' : '') + text;
}

export function emit(ctx: Context, value: Emit): void {
  const footer = value.footer;
  if (ctx.xlsx) {
    const view = value.csv ?? value.tables?.[0];
    if (!view) throw new InputError('output.no_csv', { field: '--xlsx' });
    const file = ctx.xlsx;
    const sheet: Sheet = { name: view.sheet ?? view.title ?? value.tables?.[0]?.title ?? ctx.t('output.sheet'), views: [{ ...view, title: undefined }], footer: footer ? [headLine(ctx, footer)] : [] };
    ctx.defer(import('./xlsx.js').then((x) => x.writeWorkbook(ctx, file, [sheet])));
    return;
  }
  if (ctx.format === 'json') {
    const json = footer && value.json && typeof value.json === 'object' && !Array.isArray(value.json)
      ? { ...(value.json as Record<string, unknown>), audit_head: `${footer.seq}:${footer.hash}` }
      : value.json;
    ctx.io.out(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  if (ctx.format === 'csv') {
    const view = value.csv ?? value.tables?.[0];
    if (!view) throw new InputError('output.no_csv', { field: '--csv' });
    // scripts get stable snake_case keys; --excel is for people, so it gets the translated headers
    // and, like the printed page, the audit head under the table
    const csv = renderCsv(view, { excel: ctx.excel, labels: ctx.excel, people: ctx.excel ? ctx : undefined });
    ctx.io.out(footer && ctx.excel ? `${csv}\r\n${headLine(ctx, footer)}\r\n` : csv);
    return;
  }
  const parts = (value.tables ?? []).map((v) => renderTable(ctx, v));
  if (value.text) parts.push(escapeExceptColour(value.text, '\n\t'));
  if (footer) parts.push(style(ctx).dim(headLine(ctx, footer)));
  if (parts.length > 0) ctx.io.out(`${parts.join('\n\n')}\n`);
}

/** For commands that only confirm what they did: a line for people, the record for --json. */
export function emitRecord(ctx: Context, json: unknown, line: string): void {
  if (ctx.format === 'json') ctx.io.out(`${JSON.stringify(json, null, 2)}\n`);
  else ctx.io.out(`${escapeExceptColour(line, '\n\t')}\n`);
}
