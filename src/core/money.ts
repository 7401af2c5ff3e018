// Money is yuan with two decimals on the surface and integer fen (分) in storage (SPEC §0).
import { InputError } from './errors.js';

export const YUAN_FORMS = '3200 | 3200.5 | 3200.50';

/** Yuan text to integer fen. More than two decimals, NaN-ish text and (unless allowed) negatives are refused. */
export function parseYuan(text: string | number, field: string, opts: { allowNegative?: boolean; allowZero?: boolean } = {}): number {
  const s = String(text).trim().replace(/^[¥￥]/, '').replace(/元$/, '');
  const m = s.match(/^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/);
  if (!m) throw new InputError('input.yuan', { field, value: String(text), forms: YUAN_FORMS });
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || 0);
  const value = m[1] && fen !== 0 ? -fen : fen; // -0 is plain 0
  if (value < 0 && !opts.allowNegative) throw new InputError('input.yuan_negative', { field, value: String(text) });
  if (value === 0 && opts.allowZero === false) throw new InputError('input.yuan_zero', { field, value: String(text) });
  return value;
}

/** Fen to a JSON number of yuan (at most two decimals). */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** Fen to display text: 3182.00 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
