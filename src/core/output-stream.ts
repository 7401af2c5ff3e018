// Long lists written as they are read (issue 14: a month of a million tickets is ~80,000 rows;
// holding them as objects, then as cells, then as one text took 700 MB). The same bytes as
// output.ts emit writes for one table:
// - --json: the document with the list's key left open, each item written as it is read;
// - --csv: a page of rows at a time through the same CSV writer (one header);
// - a table to a pipe (nothing to fit to): one pass keeps each row as one short text and measures
//   the columns, then the table is written a page at a time.
// A table fitted to a terminal (TTY or COLUMNS) and --xlsx take the whole list (output.ts emit).
import type { Context } from './context.js';
import { cellText, displayWidth, emit, padCell, plainCell, renderCsv, shownRow, style, tableRule, type Column, type TableView } from './output.js';
import { terminalWidth } from './table-fit.js';
import { escapeControls, escapeExceptColour } from './text.js';

export interface ListOutput<R> {
  /** the rows, read as they are written; called once */
  rows: () => Iterable<R>;
  /** --json: the document, and the key under which the items go (its value there is ignored) */
  json: { doc: Record<string, unknown>; key: string; item: (r: R) => unknown };
  table: { title: (n: number) => string; columns: Column[]; row: (r: R) => Record<string, unknown>; empty: string };
  csv: { columns: Column[]; row: (r: R) => Record<string, unknown> };
}

/** Characters gathered before a write: the text is a rope of small pieces that the write flattens
 *  and encodes; up to ~32K characters that is ~16 ns a character, at 64K ~8x that (measured). */
const CHUNK = 1 << 14;
const CSV_PAGE = 2000;
/** --json items stringified at once */
const JSON_BATCH = 64;
const SEP = '\u0001'; // never in a cell: escapeControls writes control characters out
/** a cell of several lines (or wider than this): measured again when written */
const MULTI = 0xffff;

class Writer {
  private buf = '';
  constructor(private readonly out: (s: string) => void) {}
  add(s: string): void {
    this.buf += s;
    if (this.buf.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.buf !== '') this.out(this.buf);
    this.buf = '';
  }
}

/** Where a stream goes: to a pipe or file, the writer that waits for the reader (a terminal's
 *  output may be held for the pager: that goes through `out`). */
function streamOut(ctx: Context): (s: string) => void {
  return !ctx.io.stdoutTTY && ctx.io.outWait ? (s) => ctx.io.outWait!(s) : (s) => ctx.io.out(s);
}

export function emitList<R>(ctx: Context, list: ListOutput<R>): void {
  const fitted = ctx.format === 'table' && (ctx.io.stdoutTTY || terminalWidth(false, undefined, ctx.env) !== null);
  if (ctx.xlsx || fitted) return emitWhole(ctx, list);
  if (ctx.format === 'json') return streamJson(ctx, list);
  if (ctx.format === 'csv') return streamCsv(ctx, list);
  return streamTable(ctx, list);
}

/** The whole list in memory, through emit (terminal tables and workbooks). */
function emitWhole<R>(ctx: Context, list: ListOutput<R>): void {
  const rows = [...list.rows()];
  const wantCsv = ctx.format === 'csv' || Boolean(ctx.xlsx);
  emit(ctx, {
    json: ctx.format !== 'json' ? null : { ...list.json.doc, [list.json.key]: rows.map(list.json.item) },
    tables: [{ title: list.table.title(rows.length), columns: list.table.columns, rows: rows.map(list.table.row), empty: list.table.empty }],
    csv: !wantCsv ? undefined : { columns: list.csv.columns, rows: rows.map(list.csv.row) },
  });
}

function streamJson<R>(ctx: Context, list: ListOutput<R>): void {
  const mark = '\u0000kaohe-list\u0000';
  const text = JSON.stringify({ ...list.json.doc, [list.json.key]: mark }, null, 2);
  const at = text.indexOf(JSON.stringify(mark));
  const indent = at - (text.lastIndexOf('\n', at) + 1) - JSON.stringify(list.json.key).length - 2;
  const pad = ' '.repeat(indent + 2);
  const w = new Writer(streamOut(ctx));
  w.add(text.slice(0, at));
  let n = 0;
  // Items are stringified JSON_BATCH at a time inside `depth` arrays, which indents them as deep
  // as the list's key puts them (no per-line replace); an item that is not an object (which an
  // array would write otherwise: undefined as null) goes alone, as before.
  const depth = indent / 2 + 1;
  let open = '';
  let close = '';
  for (let j = 0; j < depth; j++) {
    open += `${' '.repeat(2 * j)}[\n`;
    close = `\n${' '.repeat(2 * j)}]${close}`;
  }
  let batch: unknown[] = [];
  const flushBatch = () => {
    if (batch.length === 0) return;
    let wrapped: unknown = batch;
    for (let j = 1; j < depth; j++) wrapped = [wrapped];
    const items = JSON.stringify(wrapped, null, 2);
    w.add(`${n === 0 ? '[\n' : ',\n'}${items.slice(open.length, items.length - close.length)}`);
    n += batch.length;
    batch = [];
  };
  for (const r of list.rows()) {
    const value = list.json.item(r);
    if (typeof value === 'object' && value !== null && Number.isInteger(depth)) {
      batch.push(value);
      if (batch.length === JSON_BATCH) flushBatch();
      continue;
    }
    flushBatch();
    const item = JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
    w.add(`${n++ === 0 ? '[\n' : ',\n'}${pad}${item}`);
  }
  flushBatch();
  w.add(n === 0 ? '[]' : `\n${' '.repeat(indent)}]`);
  w.add(`${text.slice(at + JSON.stringify(mark).length)}\n`);
  w.flush();
}

function streamCsv<R>(ctx: Context, list: ListOutput<R>): void {
  const opts = { excel: ctx.excel, labels: ctx.excel, people: ctx.excel ? ctx : undefined };
  const w = new Writer(streamOut(ctx));
  let page: Array<Record<string, unknown>> = [];
  let first = true;
  const flush = (last: boolean) => {
    if (!first && page.length === 0) return;
    const view: TableView = { columns: list.csv.columns, rows: page };
    const text = renderCsv(view, opts);
    // the header (and the BOM of --excel) only once: a header is one line (keys and labels hold no line break)
    w.add(first ? text : text.slice(text.indexOf('\n') + 1));
    first = false;
    page = [];
    if (last) w.flush();
  };
  for (const r of list.rows()) {
    page.push(list.csv.row(r));
    if (page.length === CSV_PAGE) flush(false);
  }
  flush(true);
  w.flush();
}

/** cellText for one column, worked out once for a long list: a column without `show`, type,
 *  money or words skips the typed-cell lookup (which gives nothing for it) on every row. */
function cellTexter(col: Column, ctx: Context): (row: Record<string, unknown>) => string {
  const show = col.show;
  if (show) return (row) => escapeExceptColour(show(row[col.key], row));
  if (col.type !== undefined || col.money || col.words !== undefined) return (row) => cellText(col, row, ctx);
  const key = col.key;
  return (row) => plainCell(row[key], ctx);
}

/** output.ts renderTable + plainTable for one table, unfitted, as emit prints it. */
function streamTable<R>(ctx: Context, list: ListOutput<R>): void {
  const s = style(ctx);
  const columns = list.table.columns;
  const head = columns.map((c) => s.bold(c.label));
  const widths = head.map(() => 0);
  const cols = columns.length;
  // each cell's width, measured once (MULTI: a cell of several lines, measured again when written)
  let cellWidths = new Uint16Array(cols * 1024);
  const measure = (cells: string[], at: number) => {
    for (let i = 0; i < cols; i++) {
      const cell = cells[i];
      let d: number;
      if (cell.indexOf('\n') !== -1) {
        d = 0;
        for (const line of cell.split('\n')) d = Math.max(d, displayWidth(line));
        if (at >= 0) cellWidths[at + i] = MULTI;
      } else {
        d = displayWidth(cell);
        if (at >= 0) cellWidths[at + i] = d >= MULTI ? MULTI : d;
      }
      if (d > widths[i]) widths[i] = d;
    }
  };
  measure(head, -1);
  const texts = columns.map((c) => cellTexter(c, ctx));
  const kept: string[] = [];
  const cells: string[] = new Array<string>(cols);
  for (const r of list.rows()) {
    const row = shownRow(list.table.row(r));
    for (let i = 0; i < cols; i++) cells[i] = texts[i](row);
    const at = kept.length * cols;
    if (at + cols > cellWidths.length) {
      const more = new Uint16Array(cellWidths.length * 2);
      more.set(cellWidths);
      cellWidths = more;
    }
    measure(cells, at);
    kept.push(cells.join(SEP));
  }
  const w = new Writer(streamOut(ctx));
  const title = list.table.title(kept.length);
  if (title) w.add(`${s.bold(escapeControls(title))}\n`);
  if (kept.length === 0) {
    w.add(`${escapeExceptColour(list.table.empty)}\n`);
    w.flush();
    return;
  }
  const aligns = columns.map((c) => c.align ?? 'left');
  const pad = (text: string, i: number, own: number) => padCell(text, widths[i] - own, aligns[i]);
  const rule = (l: string, m: string, r: string) => tableRule(widths, l, m, r);
  const row = (cells: string[], at: number) => {
    let multi = at < 0;
    for (let i = 0; !multi && i < cols; i++) multi = cellWidths[at + i] === MULTI;
    if (!multi) {
      let line = '│';
      for (let i = 0; i < cols; i++) line += ` ${pad(cells[i], i, cellWidths[at + i])} │`;
      w.add(`${line}\n`);
      return;
    }
    const split = cells.map((c) => c.split('\n'));
    let height = 0;
    for (const c of split) if (c.length > height) height = c.length;
    for (let k = 0; k < height; k++) w.add(`│${split.map((c, i) => ` ${pad(c[k] ?? '', i, displayWidth(c[k] ?? ''))} `).join('│')}│\n`);
  };
  w.add(`${rule('┌', '┬', '┐')}\n`);
  row(head, -1);
  for (let i = 0; i < kept.length; i++) {
    row(kept[i].split(SEP), i * cols);
    kept[i] = ''; // written: let it go
  }
  w.add(`${rule('└', '┴', '┘')}\n`);
  w.flush();
}
