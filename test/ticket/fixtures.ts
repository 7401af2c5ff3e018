// Tickets in a given state, made through the real services on a test database.
import type { Context } from '../../src/core/context.js';
import * as svc from '../../src/ticket/service.js';
import type { Ticket } from '../../src/ticket/types.js';

/** The reason given for the fixtures' late entries. */
export const LATE = '纸质单据补录';

export const OPEN = {
  customer: '哈尔滨市公共交通集团', phone: '0451-86661234', vehicle: '黑A·12345', model: 'XML6125', fault: 'body', distance: '35',
  reportedAt: '2026-10-01 09:00',
  // the tests enter October's paper forms days later: each step is a late entry (补录, SPEC §0)
  reason: LATE,
};

export type Stage = 'open' | 'dispatched' | 'responded' | 'resolved' | 'fed_back' | 'signed' | 'approved' | 'void';

/** A ticket walked to `stage` (times on 2026-10-01/02, ctx.now must be later). */
export function ticketAt(ctx: Context, stage: Stage, over: Partial<typeof OPEN> = {}): Ticket {
  let t = svc.openTicket(ctx, { ...OPEN, ...over });
  const id = t.id;
  if (stage === 'open') return t;
  if (stage === 'void') return svc.voidTicket(ctx, id, { reason: '重复登记' });
  t = svc.dispatchTicket(ctx, id, { to: ['王强'], at: '2026-10-01 09:30', reason: LATE });
  if (stage === 'dispatched') return t;
  t = svc.respondTicket(ctx, id, { at: '2026-10-01 15:00', reason: LATE });
  if (stage === 'responded') return t;
  t = svc.resolveTicket(ctx, id, { cause: '门泵密封圈老化', responsibility: 'product', warranty: 'yes', part: ['P-1001:1:门泵漏气'], at: '2026-10-01 18:00', reason: LATE });
  if (stage === 'resolved') return t;
  if (t.feedbackRequired || stage === 'fed_back') t = svc.feedbackTicket(ctx, id, { note: '已书面反馈', at: '2026-10-01 19:00', reason: LATE });
  if (stage === 'fed_back') return t;
  t = svc.signTicket(ctx, id, { by: '张建国', at: '2026-10-01 19:30', reason: LATE });
  if (stage === 'signed') return t;
  return svc.approveTicket(ctx, id, { by: '刘经理', at: '2026-10-02 10:00', reason: LATE });
}
