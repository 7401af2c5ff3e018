// The link to a logged call or letter (来电来函, SPEC §2) goes through the letter module's service,
// never its store. Kept in one place so the ticket service reads as a plain use case.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { getLetterForLink, linkLetterToTicket } from '../letter/service.js';

export function letterForLink(db: Db, letterId: string): { id: string; ticket_id: string | null } {
  return getLetterForLink(db, letterId);
}

export function linkLetter(ctx: Context, db: Db, letterId: string, ticketId: string): void {
  linkLetterToTicket(ctx, db, letterId, ticketId);
}
