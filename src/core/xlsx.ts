// `--xlsx FILE`: a TableView (or a report's sections) as an Excel workbook, written by exceljs.
// Loaded only when --xlsx is given (exceljs costs start-up time). Cells are typed by the columns'
// `type` hints (core/cells.ts): real numbers, money with two decimals, rates as percentages,
// instants and dates as Excel dates of the configured zone's wall clock, enum values in the
// user's language; the header row is bold and frozen, a totals row bold, column widths fitted to
// Chinese text by display width.
import { rename, rm } from 'node:fs/promises';
import { StorageError } from './errors.js';
import type { Context } from './context.js';
import { textCell, typedCell, typeOf } from './cells.js';
import { displayWidth, totalsRow, type Column, type Sheet, type TableView } from './output.js';

const FORMATS: Record<string, string> = {
  money: '0.00',
  rate: '0.0%',
  instant: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
  int: '0',
};

/** A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '') || 'Sheet';
  let name = [...clean].slice(0, 31).join('');
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = [...clean].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The width a column needs, in Excel's character units (a Chinese character takes two). */
export function columnWidth(ctx: Context, col: Column, rows: Array<Record<string, unknown>>): number {
  let w = displayWidth(col.label);
  for (const row of rows) w = Math.max(w, ...textCell(ctx, col, row).split('\n').map(displayWidth));
  return Math.min(60, Math.max(6, w + 2));
}

type Worksheet = import('exceljs').Worksheet;

function addView(ctx: Context, ws: Worksheet, view: TableView, widths: number[]): number {
  if (view.title) ws.addRow([view.title]).font = { bold: true };
  const header = ws.addRow(view.columns.map((c) => c.label));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const headerRow = header.number;
  const totals = totalsRow(view, ctx.t('output.total'));
  const rows = totals ? [...view.rows, totals] : view.rows;
  rows.forEach((row, i) => {
    const cells = view.columns.map((c) => typedCell(ctx, c, row));
    const r = ws.addRow(cells);
    view.columns.forEach((c, j) => {
      // an ISO instant in a text column was made a date by typedCell: it gets the instant's format
      const fmt = FORMATS[typeOf(c, row)] ?? (cells[j] instanceof Date ? FORMATS.instant : undefined);
      if (fmt) r.getCell(j + 1).numFmt = fmt;
    });
    if (totals && i === rows.length - 1) {
      r.font = { bold: true };
      r.eachCell((cell) => void (cell.border = { top: { style: 'thin' } }));
    }
  });
  view.columns.forEach((c, j) => void (widths[j] = Math.max(widths[j] ?? 0, columnWidth(ctx, c, rows))));
  if (view.rows.length === 0 && view.empty) ws.addRow([view.empty]);
  for (const n of view.notes ?? []) ws.addRow([n]);
  return headerRow;
}

/** Writes the sheets to `file` (through a temp file, so a failed write leaves nothing half-done). */
export async function writeWorkbook(ctx: Context, file: string, sheets: Sheet[]): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kaohe';
  wb.created = new Date(ctx.now);
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheetName(sheet.name, taken));
    for (const line of sheet.head ?? []) ws.addRow([line]).font = { bold: true };
    const widths: number[] = [];
    let frozen = 0;
    sheet.views.forEach((view, i) => {
      if (i > 0) ws.addRow([]);
      const header = addView(ctx, ws, view, widths);
      if (i === 0) frozen = header;
    });
    if (sheet.footer?.length) {
      ws.addRow([]);
      for (const line of sheet.footer) ws.addRow([line]).font = { italic: true, color: { argb: 'FF666666' } };
    }
    widths.forEach((w, j) => void (ws.getColumn(j + 1).width = w));
    if (frozen > 0) ws.views = [{ state: 'frozen', ySplit: frozen, xSplit: 0 }];
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await wb.xlsx.writeFile(tmp);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new StorageError('output.xlsx_write', { field: '--xlsx', file, message: (e as Error).message });
  }
  ctx.io.err(`${ctx.t('output.xlsx_written', { file, sheets: sheets.map((s) => s.name) })}\n`);
}
