// Small strict parsers for flag values that are not times or money.
import { InputError } from './errors.js';

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
  throw new InputError('input.choice', { field, value: text, choices: 'yes | no' });
}

export function requireText(text: string | undefined, field: string): string {
  if (text === undefined || text.trim() === '') throw new InputError(text === undefined ? 'input.missing' : 'input.text', { field });
  return text.trim();
}
