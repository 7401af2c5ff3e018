// The ticket module (SPEC §1): commands, `report sla`, deadline checks, invariants, demo data.
import type { KaoheModule } from '../core/cli.js';
import { registerTicket } from './command.js';
import { registerSlaReport } from './command-report.js';
import { fillTickets, printTickets } from './demo.js';
import { ticketMessages } from './messages.js';
import { ticketChecks, ticketInvariants, ticketPendingAtClose } from './views.js';

export const ticketModule: KaoheModule = {
  name: 'ticket',
  messages: ticketMessages,
  register: registerTicket,
  registerReports: registerSlaReport,
  checks: (ctx, db, within) => ticketChecks(ctx, db, within),
  invariants: (_ctx, db) => ticketInvariants(db),
  pendingAtClose: ticketPendingAtClose,
  demo: { fill: fillTickets, print: printTickets },
};
