// Tables that fit the terminal (issue 13): measured by display width (CJK counts two columns),
// a table wider than the window first drops its least important columns until the rest can fit,
// then wraps its long text columns. Scripts get full tables: no fitting without a width (not a
// TTY and no COLUMNS). Pure functions on the cell texts; output.ts draws what comes out.
import { eastAsianWidth } from 'get-east-asian-width';

const ANSI = /\u001b\[[0-9;]*m/g;
/** Punctuation that may not begin a line in Chinese typesetting. */
const NO_LINE_START = /[、，。；：？！）》」』”’]/;
let combining: RegExp | undefined;

/** Columns one character takes: none for a control, combining or format character, two for a
 *  wide one. The common ranges are answered without the Unicode-class test, whose regex costs
 *  ~4M instructions to build (ICU's property sets): made on first need (ISSUE 14). */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // ASCII, Latin-1 and Latin Extended (U+00AD, a soft hyphen, is the one format character there)
  if (cp < 0x300) return cp === 0xad ? 0 : 1;
  // CJK ideographs, CJK punctuation (up to U+3029: U+302A-302D combine), full-width forms
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0xff01 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)) return 2;
  // dashes, quotes and the ellipsis; arrows and maths (≥); box drawing
  if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2190 && cp <= 0x22ff) || (cp >= 0x2500 && cp <= 0x257f)) return 1;
  combining ??= /\p{Mn}|\p{Me}|\p{Cf}/u;
  return combining.test(ch) ? 0 : eastAsianWidth(cp);
}

/** Columns a text takes in a terminal (colour codes take none). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text.replace(ANSI, '')) w += charWidth(ch);
  return w;
}

/** The window's width: the terminal's on a TTY, else COLUMNS; null means "do not fit". */
export function terminalWidth(tty: boolean, ttyColumns: number | undefined, env: NodeJS.ProcessEnv): number | null {
  if (tty && ttyColumns && ttyColumns > 0) return ttyColumns;
  const n = Number.parseInt(env.COLUMNS ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export interface FitSpec {
  /** higher is kept longer; the first column defaults to 10, the others to 5 */
  priority?: number;
  /** false: never wrapped (ids, times, numbers); default: wrapped when it is long text */
  wrap?: boolean;
  /** right-aligned columns are figures and never wrap */
  align?: 'left' | 'right' | 'center';
}

export interface Fitted {
  /** the indexes of the columns kept, in their order */
  keep: number[];
  /** the indexes of the columns left out */
  dropped: number[];
  head: string[];
  rows: string[][];
}

/** Narrowest a wrapped column gets: its header's widest word, and at least this. */
const MIN_WRAP = 12;
/** A column is long text (wrappable) when some cell is wider than this. */
const LONG_TEXT = 12;

/** A bordered table's width: each column plus one space either side, and a rule between and around. */
export function tableWidth(widths: number[]): number {
  return widths.reduce((s, w) => s + w + 3, 1);
}

function cellWidth(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(textWidth));
}

/** Splits a text (without line breaks) into lines at most `width` wide; prefers a space to break
 *  at in Latin text, and breaks CJK anywhere. Colour codes stay with the text they style. */
export function wrapLine(text: string, width: number): string[] {
  if (textWidth(text) <= width) return [text];
  // a cell coloured as a whole ("\e[31m…\e[39m") keeps its colour on every line
  const whole = text.match(/^(\u001b\[[0-9;]*m)+/)?.[0] ?? '';
  const close = whole ? (text.match(/(\u001b\[[0-9;]*m)+$/)?.[0] ?? '') : '';
  const inner = text.slice(whole.length, text.length - close.length).replace(ANSI, '');
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of inner) {
    const cw = charWidth(ch);
    if (w + cw > width && line !== '') {
      const space = line.lastIndexOf(' ');
      const word = line.slice(space + 1);
      if (cw === 1 && ch !== ' ' && space > 0 && textWidth(word) < width && /^[\x21-\x7e]+$/.test(word + ch)) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else if (NO_LINE_START.test(ch) && [...line].length > 1) {
        // Chinese punctuation never starts a line: the character before it goes along
        const chars = [...line];
        const last = chars.pop()!;
        lines.push(chars.join('').trimEnd());
        line = last;
      } else {
        lines.push(line.trimEnd());
        line = '';
      }
      w = textWidth(line);
      if (ch === ' ' && line === '') continue;
    }
    line += ch;
    w += cw;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => whole + l + close);
}

/** Breaks inside a Latin word (on-tim/e) among `lines` cut from `text`: a break at a space drops
 *  the space, so a break with none, between two printable ASCII characters, is inside a word. */
function wordBreaks(text: string, lines: string[]): number {
  const plain = text.replace(ANSI, '');
  let pos = 0;
  let breaks = 0;
  lines.forEach((raw, i) => {
    const line = raw.replace(ANSI, '');
    while (plain[pos] === ' ' && !line.startsWith(' ')) pos++;
    pos += line.length;
    if (i < lines.length - 1 && /[\x21-\x7e]/.test(line.slice(-1)) && /[\x21-\x7e]/.test(plain[pos] ?? '')) breaks++;
  });
  return breaks;
}

/** wrapLine, but with the lines of nearly equal width: as few lines as at `width`, each as narrow
 *  as that allows (鸡西市公/交总公司, not 鸡西市公交总公/司), and no more breaks inside a word. */
export function wrapBalanced(text: string, width: number): string[] {
  const greedy = wrapLine(text, width);
  if (greedy.length <= 1) return greedy;
  const broken = wordBreaks(text, greedy);
  for (let w = Math.ceil(textWidth(text) / greedy.length); w < width; w++) {
    const lines = wrapLine(text, w);
    if (lines.length <= greedy.length && wordBreaks(text, lines) <= broken) return lines;
  }
  return greedy;
}

function wrapCell(cell: string, width: number): string {
  return cell
    .split('\n')
    .flatMap((l) => wrapBalanced(l, width))
    .join('\n');
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/** Cells of figures, dates and times are never wrapped (2026-10-01 07:25 stays on one line). */
const FIGURES = /^[-\d\s:./—%+×✓✗<>≥≤]*$/;

const even = (n: number) => n + (n % 2);

/** A header wrapped into as few lines as its width needs, of even length (故障/类别, not 故障类/别). */
function wrapHead(head: string, width: number): string {
  const w = textWidth(head);
  if (w <= width) return head;
  const lines = Math.ceil(w / width);
  const balanced = Math.ceil(w / lines);
  return wrapCell(head, Math.min(width, CJK.test(head) ? even(balanced) : balanced));
}

/** The narrowest a header can be wrapped to: its widest Latin word (Chinese breaks anywhere). */
function headMin(head: string): number {
  // a Chinese word wraps onto two lines at most
  return Math.max(0, ...head.replace(ANSI, '').split(/\s+/).map((w) => (CJK.test(w) ? even(Math.ceil(textWidth(w) / 2)) : textWidth(w))));
}

/**
 * Fits a table to `width` columns: returns the cells to draw (wrapped where needed) and which
 * columns were kept. Columns are dropped lowest priority first (the rightmost of equals first)
 * until the narrowest layout of the rest fits; then the widest wrappable columns give way.
 * The first column is always kept.
 */
export function fitTable(head: string[], rows: string[][], specs: FitSpec[], width: number): Fitted {
  const n = head.length;
  const natural = head.map((h, i) => Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[i] ?? ''))));
  const all = head.map((_, i) => i);
  if (tableWidth(natural) <= width || n === 0) return { keep: all, dropped: [], head, rows };
  const wrappable = all.map((i) => {
    const s = specs[i] ?? {};
    if (s.wrap !== undefined) return s.wrap;
    return s.align !== 'right' && rows.some((r) => cellWidth(r[i] ?? '') > LONG_TEXT) && !rows.every((r) => FIGURES.test((r[i] ?? '').replace(ANSI, '')));
  });
  // a column's narrowest: its cells (wrapped text down to MIN_WRAP), its header wrapped
  const min = all.map((i) => {
    const cells = Math.max(0, ...rows.map((r) => cellWidth(r[i] ?? '')));
    return Math.max(wrappable[i] ? Math.min(cells, MIN_WRAP) : cells, Math.min(headMin(head[i]), natural[i]), 1);
  });
  const priority = all.map((i) => specs[i]?.priority ?? (i === 0 ? 10 : 5));
  let keep = all;
  const dropOrder = all.slice(1).sort((a, b) => priority[a] - priority[b] || b - a);
  const dropped: number[] = [];
  while (tableWidth(keep.map((i) => min[i])) > width && dropOrder.length > 0) {
    const gone = dropOrder.shift()!;
    dropped.push(gone);
    keep = keep.filter((i) => i !== gone);
  }
  // shrink the widest wrappable column by one until the table fits (or nothing can give)
  const widths = new Map(keep.map((i) => [i, natural[i]]));
  let excess = tableWidth([...widths.values()]) - width;
  while (excess > 0) {
    let widest = -1;
    for (const i of keep) if (widths.get(i)! > min[i] && (widest < 0 || widths.get(i)! > widths.get(widest)!)) widest = i;
    if (widest < 0) break;
    widths.set(widest, widths.get(widest)! - 1);
    excess -= 1;
  }
  const shape = (cells: string[]) => keep.map((i) => (widths.get(i)! < natural[i] ? wrapCell(cells[i] ?? '', widths.get(i)!) : (cells[i] ?? '')));
  const heads = keep.map((i) => (widths.get(i)! < natural[i] ? wrapHead(head[i], widths.get(i)!) : head[i]));
  return { keep, dropped: dropped.sort((a, b) => a - b), head: heads, rows: rows.map(shape) };
}

/** What output.ts needs: the fitted cells, and the footer line naming what was left out. */
export function fitToScreen(
  ctx: { io: { stdoutTTY: boolean }; env: NodeJS.ProcessEnv; t(key: string, params?: Record<string, string | number>): string },
  columns: Array<FitSpec & { label: string }>,
  head: string[],
  rows: string[][],
): Fitted & { note: string | null } {
  // process.stdout only at a terminal: making the stream costs a pipe's start (issue 14)
  const width = terminalWidth(ctx.io.stdoutTTY, ctx.io.stdoutTTY ? process.stdout.columns : undefined, ctx.env);
  if (width === null) return { keep: columns.map((_, i) => i), dropped: [], head, rows, note: null };
  const fit = fitTable(head, rows, columns, width);
  const sep = ctx.t('output.fit.separator');
  const note = fit.dropped.length === 0 ? null : wrapLine(ctx.t('output.fit.dropped', { columns: fit.dropped.map((i) => columns[i].label).join(sep) }), width).join('\n');
  return { ...fit, note };
}
