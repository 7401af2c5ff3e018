// Strict parsing of the ticket flags. Every function throws InputError (exit 2) naming the flag,
// so a malformed value is refused before any rule looks at the ticket (SPEC §1.2).
import { InputError } from '../core/errors.js';
import { cleanText, optionalText, parseInteger, parseNumber, parseYesNo, requireText, textList } from '../core/input.js';
import { FAULTS } from '../core/rules.js';
import { parseEnum, requireEnum } from '../core/enum.js';
import { parsePastMoment as pastMomentIn } from '../core/time.js';
import { RESPONSIBILITIES, TICKET_CHANNELS, type FaultKind, type Part, type Responsibility, type TicketChannel } from './types.js';

export const TICKET_ID_FORM = 'T2026-0001';

export function parseTicketId(text: string, field = 'ID'): string {
  const s = text.trim().toUpperCase();
  if (!/^T\d{4}-\d{4,}$/.test(s)) throw new InputError('ticket.input.id', { field, value: text, forms: TICKET_ID_FORM });
  return s;
}

// enum values: the code, or the words the tables print in either language (core/enum.ts)
export const parseFault = (text: string, field = '--fault'): FaultKind => parseEnum(text, field, FAULTS, 'ticket.fault.');
export const requireFault = (text: string | undefined, field = '--fault'): FaultKind => requireEnum(text, field, FAULTS, 'ticket.fault.');
export const parseChannel = (text: string, field = '--channel'): TicketChannel => parseEnum(text, field, TICKET_CHANNELS, 'ticket.channel.');
export const parseResponsibility = (text: string, field = '--responsibility'): Responsibility => parseEnum(text, field, RESPONSIBILITIES, 'ticket.resp.');
export const requireResponsibility = (text: string | undefined, field = '--responsibility'): Responsibility =>
  requireEnum(text, field, RESPONSIBILITIES, 'ticket.resp.');

/** Service distance in km, 0 to 10 000, at most one decimal place. */
export const parseDistance = (text: string, field = '--distance'): number => parseNumber(text, field, 0, 10000, 1);

/** A telephone number: digits with optional +, -, spaces and brackets, 5 to 20 digits. */
export function parsePhone(text: string, field = '--phone'): string {
  const s = text.trim();
  const digits = s.replace(/\D/g, '');
  if (!/^\+?[\d\s()-]+$/.test(s) || digits.length < 5 || digits.length > 20) {
    throw new InputError('ticket.input.phone', { field, value: text, forms: '0451-86661234 | 13800138000' });
  }
  return s;
}

export const parseRating = (text: string, field = '--rating'): number => parseInteger(text, field, 1, 5);

/** --part CODE:QTY[:REASON] (the reason may itself contain colons). */
export function parsePart(text: string, field = '--part'): Part {
  const [code, qty, ...rest] = text.split(/[:：]/);
  const bad = () => new InputError('ticket.input.part', { field, value: text, forms: 'P-001:2 | P-001:2:刹车片磨损' });
  if (code === undefined || code.trim() === '' || qty === undefined || !/^[A-Za-z0-9][\w.\-/]*$/.test(code.trim())) throw bad();
  if (!/^\d+$/.test(qty.trim()) || Number(qty) < 1 || Number(qty) > 100000) throw bad();
  const reason = cleanText(rest.join(':'), field, 'long');
  return { code: code.trim(), qty: Number(qty), reason: reason === '' ? null : reason };
}

/** A moment that is not after the clock: nothing is recorded as having happened in the future. */
export function parsePastMoment(text: string | undefined, field: string, tz: string, now: number): number {
  return pastMomentIn(text, field, tz, now, 'ticket.input.future');
}

export { optionalText, parseYesNo, requireText, textList };
