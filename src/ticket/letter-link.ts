// The link to a logged call or letter (来电来函, SPEC §2) goes through the letter module's service,
// never its store. Kept in one place so the ticket service reads as a plain use case.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { getLetterForLink, linkLetterToTicket } from '../letter/service.js';
import type { TicketChannel } from './types.js';

export type LetterRef = ReturnType<typeof getLetterForLink>;

export function letterForLink(db: Db, letterId: string): LetterRef {
  return getLetterForLink(db, letterId);
}

/** A ticket comes in by phone, letter or visit: fax and e-mail are letters to it. */
export function ticketChannelOf(letter: LetterRef): TicketChannel {
  return letter.channel === 'phone' || letter.channel === 'visit' ? letter.channel : 'letter';
}

export function linkLetter(ctx: Context, db: Db, letterId: string, ticketId: string): void {
  linkLetterToTicket(ctx, db, letterId, ticketId);
}
