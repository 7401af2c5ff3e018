// Small strict parsers for flag values that are not times or money.
import { InputError } from './errors.js';
import { controlName, firstControl } from './text.js';

export function parseInteger(text: string | number, field: string, min: number, max: number): number {
  const s = String(text).trim();
  const n = /^-?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InputError('input.integer', { field, value: String(text), min, max });
  return n;
}

/** A decimal number (distances, scores): no NaN, no Infinity, no trailing junk. */
export function parseNumber(text: string | number, field: string, min: number, max: number, decimals = 2): number {
  const s = String(text).trim();
  const re = new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`);
  const n = re.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new InputError('input.number', { field, value: String(text), min, max, decimals });
  return n;
}

export function parseChoice<T extends string>(text: string, field: string, choices: readonly T[]): T {
  const s = text.trim();
  if (!choices.includes(s as T)) throw new InputError('input.choice', { field, value: text, choices: choices.join(' | ') });
  return s as T;
}

/** yes/no, also 是/否, y/n, true/false. */
export function parseYesNo(text: string, field: string): boolean {
  const s = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '是', '1'].includes(s)) return true;
  if (['no', 'n', 'false', '否', '0'].includes(s)) return false;
  throw new InputError('input.enum', { field, value: text, zh: '是 | 否', en: 'yes | no' });
}

/** A one-line field (a name, a phone, a subject) or a long one (a description, a note, a
 *  reason), where line breaks and tabs are allowed (CRLF becomes LF). */
export type TextKind = 'line' | 'long';

/** Text from a flag or a prompt, trimmed; control characters (ESC, BEL, DEL, C1, and line breaks
 *  or tabs in a one-line field) are exit 2 naming the flag, so they never reach the file. */
export function cleanText(text: string, field: string, kind: TextKind = 'line'): string {
  const s = kind === 'long' ? text.replace(/\r\n/g, '\n') : text;
  const bad = firstControl(s, kind === 'long' ? '\n\t' : '');
  if (bad !== undefined) throw new InputError('input.control', { field, char: controlName(bad) });
  return s.trim();
}

export function requireText(text: string | undefined, field: string, kind: TextKind = 'line'): string {
  if (text === undefined || text.trim() === '') throw new InputError(text === undefined ? 'input.missing' : 'input.text', { field });
  return cleanText(text, field, kind);
}

/** An optional text field: missing or blank is null. */
export function optionalText(text: string | undefined, field: string, kind: TextKind = 'line'): string | null {
  return text === undefined || text.trim() === '' ? null : cleanText(text, field, kind);
}

/** A repeatable one-line flag (--to A --to B): trimmed, blanks dropped. */
export function textList(values: string[] | undefined, field: string): string[] {
  return (values ?? []).map((v) => cleanText(v, field)).filter((v) => v !== '');
}
